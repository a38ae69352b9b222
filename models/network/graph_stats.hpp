#pragma once
// Summary statistics of a social graph: what docs/model.md (Invites) quotes
// and the generator's tests check.
#include "models/network/social_graph.hpp"

namespace commsim::models::network {

struct DegreeStats {
  double mean = 0;
  double variance = 0;
  std::uint32_t max = 0;
  std::uint32_t min = 0;
};
DegreeStats degree_stats(const SocialGraph& graph);

// Share of nodes with degree > threshold.
double share_with_degree_above(const SocialGraph& graph, double threshold);

// Mean over nodes with degree >= 2 of (links among the node's friends) /
// (pairs of friends): the average local clustering coefficient (Watts-Strogatz).
double average_clustering(const SocialGraph& graph);

}  // namespace commsim::models::network
