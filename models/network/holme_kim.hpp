#pragma once
// Holme-Kim growth (P. Holme and B. J. Kim, Phys. Rev. E 65, 026107, 2002):
// preferential attachment with triad formation. A power-law degree tail
// (P(k) ~ k^-3, as Barabasi-Albert) with clustering tuned by the triad
// probability. See docs/model.md (Invites) for the expected statistics.
#include <cstdint>

#include "models/network/social_graph.hpp"
#include "sim/random_stream.hpp"

namespace commsim::models::network {

// Random purposes of graph generation (declared by the invites module). The
// graph is drawn from the run seed alone, with a replicate index no
// replicate uses, so every replicate shares it.
inline constexpr Purpose kGraphGrowth{600};
inline constexpr Purpose kGraphLabels{601};
inline constexpr std::uint32_t kGraphStreamReplicate = 0xFFFFFFFF;

struct HolmeKimSettings {
  double mean_degree = 20.0;       // >= 2; each new node brings mean_degree / 2 edges
  double triad_probability = 0.8;  // chance each further edge closes a triangle
};

// Grows a graph over `nodes` people: a clique of ceil(mean_degree / 2) + 1
// nodes, then each new node links to m = mean_degree / 2 existing ones (the
// fractional part is a Bernoulli extra edge): the first by preferential
// attachment, each further one to a random friend of the last
// preferentially chosen node with probability triad_probability (a
// triangle), else by preferential attachment. Node labels are shuffled at
// the end so that a person's degree does not depend on its index (otherwise
// the seed members, the oldest nodes, would be the hubs).
SocialGraph holme_kim(std::uint32_t nodes, const HolmeKimSettings& settings, std::uint64_t seed);

// Part of a cached graph's key (graph_cache.hpp): bump it when a change to
// holme_kim gives another graph for the same nodes, settings and seed, so
// that graphs cached by an earlier build are rebuilt, not reused (the
// GraphCache.GeneratorsGiveThePinnedGraphs test fails until then).
inline constexpr std::uint32_t kHolmeKimRevision = 1;

}  // namespace commsim::models::network
