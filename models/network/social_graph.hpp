#pragma once
// An undirected social graph over the people created at day 0 (seed members
// then prospects), stored in compressed sparse rows (CSR): node v's friends
// are neighbours()[offsets[v] .. offsets[v+1]), sorted, without duplicates
// or self-links. Each undirected edge is stored at both endpoints.
//
// Memory: 8 bytes per node (uint64 offset) + 4 bytes per edge endpoint
// (uint32 neighbour id), i.e. 8 bytes per undirected edge. Built once per run
// and shared read-only by every replicate.
#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "sim/huge_pages.hpp"

namespace commsim::models::network {

using Edge = std::pair<std::uint32_t, std::uint32_t>;

class SocialGraph {
 public:
  static constexpr std::size_t kBytesPerNode = sizeof(std::uint64_t);
  static constexpr std::size_t kBytesPerEndpoint = sizeof(std::uint32_t);

  SocialGraph() : offsets_(1, 0) {}
  // Builds the CSR from undirected edges over nodes 0..nodes-1 (every id must
  // be < nodes; checked by the caller). Duplicate edges (either direction)
  // and self-links are dropped.
  static SocialGraph from_edges(std::uint32_t nodes, const std::vector<Edge>& edges);
  // The same from `count` edges given by `edge_at(i)` for i in [0, count), a
  // pure function called twice per edge (a self-link is skipped), so that a
  // generator need not store its edges. Built in parallel; the result does
  // not depend on the thread count (every list is sorted at the end).
  template <typename EdgeAt>
  static SocialGraph from_edge_function(std::uint32_t nodes, std::uint64_t count, const EdgeAt& edge_at);
  // A graph from its two arrays as csr_offsets() and csr_neighbours() give
  // them (a cache file's), checked first: offsets ascend from 0 to
  // neighbours.size(), and every list is sorted, without duplicates or
  // self-links, of ids < node count. Throws std::invalid_argument saying
  // what is wrong. (That every edge is at both its ends is not checked.)
  static SocialGraph from_csr(std::vector<std::uint64_t> offsets, std::vector<std::uint32_t> neighbours);

  std::uint32_t node_count() const { return static_cast<std::uint32_t>(offsets_.size() - 1); }
  std::uint64_t edge_count() const { return neighbours_.size() / 2; }
  std::uint32_t degree(std::uint32_t v) const {
    return static_cast<std::uint32_t>(offsets_[v + 1] - offsets_[v]);
  }
  std::span<const std::uint32_t> neighbours(std::uint32_t v) const {
    return {neighbours_.data() + offsets_[v], neighbours_.data() + offsets_[v + 1]};
  }
  // Every friendship at both ends: endpoint k for k uniform on
  // [0, endpoint_count()) is a node drawn with probability proportional to
  // its degree (preferential attachment without an urn).
  std::uint64_t endpoint_count() const { return neighbours_.size(); }
  std::uint32_t endpoint(std::uint64_t k) const { return neighbours_[k]; }
  // Where v's list starts among the endpoints.
  std::uint64_t offsets_at(std::uint32_t v) const { return offsets_[v]; }
  // Start loading where v's list is, or endpoint k (batched random reads
  // overlap).
  void prefetch(std::uint32_t v) const { __builtin_prefetch(&offsets_[v]); }
  void prefetch_endpoint(std::uint64_t k) const { __builtin_prefetch(&neighbours_[k]); }
  // The CSR arrays themselves (node_count() + 1 offsets, endpoint_count()
  // neighbours), e.g. to store the graph.
  std::span<const std::uint64_t> csr_offsets() const { return offsets_; }
  std::span<const std::uint32_t> csr_neighbours() const { return neighbours_; }
  std::size_t bytes() const {
    return offsets_.size() * kBytesPerNode + neighbours_.size() * kBytesPerEndpoint;
  }

 private:
  // Sorts every list and drops duplicates (in parallel), compacting.
  void sort_and_deduplicate();

  std::vector<std::uint64_t> offsets_;     // node_count + 1
  std::vector<std::uint32_t> neighbours_;  // 2 x edge_count
};

template <typename EdgeAt>
SocialGraph SocialGraph::from_edge_function(std::uint32_t nodes, std::uint64_t count, const EdgeAt& edge_at) {
  // Random writes into the lists of millions of people miss the cache at
  // every endpoint, so the endpoints are first bucketed by person (2^13
  // people a bucket, whose lists fit in cache), then each bucket's lists are
  // filled on their own. Chunks of edges and buckets are fixed sizes, so
  // positions do not depend on the thread count; lists are sorted anyway.
  constexpr unsigned kBucketShift = 13;
  constexpr std::uint64_t kChunk = std::uint64_t{1} << 20;
  const std::size_t buckets = (std::size_t{nodes} >> kBucketShift) + 1;
  const std::size_t chunks = static_cast<std::size_t>((count + kChunk - 1) / kChunk);
  const auto each_chunk = [&](auto&& visit) {  // visit(chunk, edge) for every edge but self-links
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t c = r.begin(); c < r.end(); ++c)
        for (std::uint64_t i = c * kChunk, end = std::min(count, i + kChunk); i < end; ++i) {
          const Edge e = edge_at(i);
          if (e.first != e.second) visit(c, e);
        }
    });
  };
  // place[b * chunks + c]: where chunk c's endpoints in bucket b go.
  std::vector<std::uint64_t> place(buckets * chunks + 1, 0);
  each_chunk([&](std::size_t c, const Edge& e) {
    ++place[(e.first >> kBucketShift) * chunks + c];
    ++place[(e.second >> kBucketShift) * chunks + c];
  });
  std::uint64_t total = 0;
  for (std::uint64_t& p : place) total += std::exchange(p, total);
  std::vector<Edge> bucketed = huge_page_vector<Edge>(total);  // (person, friend), grouped by the person's bucket
  std::vector<std::uint64_t> next(place);
  each_chunk([&](std::size_t c, const Edge& e) {
    bucketed[next[(e.first >> kBucketShift) * chunks + c]++] = e;
    bucketed[next[(e.second >> kBucketShift) * chunks + c]++] = {e.second, e.first};
  });
  next = {};
  const auto each_bucket = [&](auto&& visit) {  // visit(first person, entries of the bucket)
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, buckets, 1), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t b = r.begin(); b < r.end(); ++b)
        visit(b << kBucketShift, std::span<const Edge>(bucketed.data() + place[b * chunks],
                                                       bucketed.data() + place[(b + 1) * chunks]));
    });
  };
  SocialGraph g;
  g.offsets_ = huge_page_vector<std::uint64_t>(std::size_t{nodes} + 1);
  each_bucket([&](std::size_t, std::span<const Edge> entries) {
    for (const Edge& e : entries) ++g.offsets_[e.first + 1];
  });
  for (std::uint32_t v = 0; v < nodes; ++v) g.offsets_[v + 1] += g.offsets_[v];
  g.neighbours_ = huge_page_vector<std::uint32_t>(total);
  each_bucket([&](std::size_t first, std::span<const Edge> entries) {
    const std::size_t last = std::min<std::size_t>(nodes, first + (std::size_t{1} << kBucketShift));
    std::vector<std::uint64_t> cursor(g.offsets_.begin() + first, g.offsets_.begin() + last);
    for (const Edge& e : entries) g.neighbours_[cursor[e.first - first]++] = e.second;
  });
  bucketed = {};
  g.sort_and_deduplicate();
  return g;
}

}  // namespace commsim::models::network
