#pragma once
// How a person who joins from outside the social graph (an ads joiner) gets
// friends: Holme-Kim's growth step (holme_kim.hpp) applied to the
// replicate's graph. The first friend is drawn by preferential attachment
// (P(u) = degree(u) / sum of degrees, over the day-0 people and the earlier
// joiners), each further one, with the triad probability, among the friends
// of the last preferentially drawn friend (a triangle), else again by
// preferential attachment. Continuing the generator's own step keeps its
// degree tail and clustering, and with friends = graph_mean_degree / 2 its
// mean degree.
#include <cstdint>

#include "models/network/growing_graph.hpp"
#include "sim/random_stream.hpp"

namespace commsim::models::network {

struct JoinerFriendsSettings {
  double friends = 0.0;            // links at join: floor(friends), one more with the fractional part
  double triad_probability = 0.8;  // chance each further link closes a triangle
};

// Adds the next node to `graph` and links it as above with draws from
// `stream`; returns the node. It gets fewer links only if it is already
// linked to every older node.
std::uint32_t attach_joiner(GrowingGraph& graph, const JoinerFriendsSettings& settings,
                            RandomStream& stream);

}  // namespace commsim::models::network
