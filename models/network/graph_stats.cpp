#include "models/network/graph_stats.hpp"

#include <algorithm>

namespace commsim::models::network {

DegreeStats degree_stats(const SocialGraph& graph) {
  DegreeStats s;
  const std::uint32_t n = graph.node_count();
  if (n == 0) return s;
  s.min = graph.degree(0);
  double sum = 0, squares = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    const double k = graph.degree(v);
    sum += k;
    squares += k * k;
    s.max = std::max(s.max, graph.degree(v));
    s.min = std::min(s.min, graph.degree(v));
  }
  s.mean = sum / n;
  s.variance = squares / n - s.mean * s.mean;
  return s;
}

double share_with_degree_above(const SocialGraph& graph, double threshold) {
  std::uint64_t count = 0;
  for (std::uint32_t v = 0; v < graph.node_count(); ++v) count += graph.degree(v) > threshold;
  return graph.node_count() ? double(count) / graph.node_count() : 0.0;
}

double average_clustering(const SocialGraph& graph) {
  // Triangles at v: for each friend u, |N(v) & N(u)| by merging the sorted
  // lists; each triangle at v is seen twice.
  double sum = 0;
  std::uint32_t counted = 0;
  for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
    const auto friends = graph.neighbours(v);
    const double k = double(friends.size());
    if (friends.size() < 2) continue;
    std::uint64_t closed = 0;
    for (const std::uint32_t u : friends) {
      const auto theirs = graph.neighbours(u);
      auto a = friends.begin();
      auto b = theirs.begin();
      while (a != friends.end() && b != theirs.end()) {
        if (*a < *b) ++a;
        else if (*b < *a) ++b;
        else { ++closed; ++a; ++b; }
      }
    }
    sum += double(closed) / (k * (k - 1));
    ++counted;
  }
  return counted ? sum / counted : 0.0;
}

}  // namespace commsim::models::network
