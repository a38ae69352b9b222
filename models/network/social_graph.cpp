#include "models/network/social_graph.hpp"

#include <algorithm>
#include <atomic>
#include <limits>

#include <boost/sort/pdqsort/pdqsort.hpp>

namespace commsim::models::network {

SocialGraph SocialGraph::from_edges(std::uint32_t nodes, const std::vector<Edge>& edges) {
  return from_edge_function(nodes, edges.size(), [&](std::uint64_t i) { return edges[i]; });
}

SocialGraph SocialGraph::from_csr(std::vector<std::uint64_t> offsets, std::vector<std::uint32_t> neighbours) {
  if (offsets.empty() || offsets.size() - 1 > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("node count out of range");
  if (offsets.front() != 0 || offsets.back() != neighbours.size())
    throw std::invalid_argument("offsets do not run from 0 to the endpoint count");
  if (!std::is_sorted(offsets.begin(), offsets.end())) throw std::invalid_argument("offsets do not ascend");
  const auto nodes = static_cast<std::uint32_t>(offsets.size() - 1);
  std::atomic<bool> lists_ok{true};
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, nodes, 4096), [&](const tbb::blocked_range<std::uint32_t>& r) {
    for (std::uint32_t v = r.begin(); v < r.end(); ++v)
      for (std::uint64_t k = offsets[v]; k < offsets[v + 1]; ++k)
        if (neighbours[k] >= nodes || neighbours[k] == v || (k > offsets[v] && neighbours[k] <= neighbours[k - 1])) {
          lists_ok.store(false, std::memory_order_relaxed);
          return;
        }
  });
  if (!lists_ok.load()) throw std::invalid_argument("a neighbour list is not sorted distinct ids of other nodes");
  SocialGraph g;
  g.offsets_ = std::move(offsets);
  g.neighbours_ = std::move(neighbours);
  return g;
}

void SocialGraph::sort_and_deduplicate() {
  const std::uint32_t nodes = node_count();
  std::vector<std::uint64_t> kept(nodes);  // distinct friends of each node
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, nodes, 1024), [&](const tbb::blocked_range<std::uint32_t>& r) {
    for (std::uint32_t v = r.begin(); v < r.end(); ++v) {
      const auto first = neighbours_.begin() + static_cast<std::ptrdiff_t>(offsets_[v]);
      const auto last = neighbours_.begin() + static_cast<std::ptrdiff_t>(offsets_[v + 1]);
      boost::sort::pdqsort_branchless(first, last);
      kept[v] = static_cast<std::uint64_t>(std::unique(first, last) - first);
    }
  });
  // Compact in place, front to back (a list never moves right).
  std::uint64_t write = 0;
  for (std::uint32_t v = 0; v < nodes; ++v) {
    const std::uint64_t begin = offsets_[v];
    if (write != begin)
      std::copy_n(neighbours_.begin() + static_cast<std::ptrdiff_t>(begin), kept[v],
                  neighbours_.begin() + static_cast<std::ptrdiff_t>(write));
    offsets_[v] = write;
    write += kept[v];
  }
  offsets_[nodes] = write;
  if (write != neighbours_.size()) {
    neighbours_.resize(write);
    neighbours_.shrink_to_fit();
  }
}

}  // namespace commsim::models::network
