#include "models/network/social_graph.hpp"

#include <algorithm>

namespace commsim::models::network {

SocialGraph SocialGraph::from_edges(std::uint32_t nodes, std::vector<Edge> edges) {
  SocialGraph g;
  g.offsets_.assign(std::size_t{nodes} + 1, 0);
  // Counting sort by endpoint: degrees, prefix sums, then fill.
  for (const auto& [a, b] : edges) {
    if (a == b) continue;
    ++g.offsets_[a + 1];
    ++g.offsets_[b + 1];
  }
  for (std::uint32_t v = 0; v < nodes; ++v) g.offsets_[v + 1] += g.offsets_[v];
  g.neighbours_.resize(g.offsets_[nodes]);
  std::vector<std::uint64_t> next(g.offsets_.begin(), g.offsets_.end() - 1);
  for (const auto& [a, b] : edges) {
    if (a == b) continue;
    g.neighbours_[next[a]++] = b;
    g.neighbours_[next[b]++] = a;
  }
  edges = {};
  next = {};
  // Sort each list and drop duplicates, compacting in place.
  std::uint64_t write = 0;
  std::uint64_t begin = 0;
  for (std::uint32_t v = 0; v < nodes; ++v) {
    const std::uint64_t end = g.offsets_[v + 1];
    const auto first = g.neighbours_.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto last = g.neighbours_.begin() + static_cast<std::ptrdiff_t>(end);
    std::sort(first, last);
    const auto unique_end = std::unique(first, last);
    for (auto it = first; it != unique_end; ++it) g.neighbours_[write++] = *it;  // write <= read
    begin = end;
    g.offsets_[v + 1] = write;
  }
  g.neighbours_.resize(write);
  g.neighbours_.shrink_to_fit();
  return g;
}

}  // namespace commsim::models::network
