#pragma once
// An undirected social graph over the people created at day 0 (seed members
// then prospects), stored in compressed sparse rows (CSR): node v's friends
// are neighbours()[offsets[v] .. offsets[v+1]), sorted, without duplicates
// or self-links. Each undirected edge is stored at both endpoints.
//
// Memory: 8 bytes per node (uint64 offset) + 4 bytes per edge endpoint
// (uint32 neighbour id), i.e. 8 bytes per undirected edge. Built once per run
// and shared read-only by every replicate.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace commsim::models::network {

using Edge = std::pair<std::uint32_t, std::uint32_t>;

class SocialGraph {
 public:
  static constexpr std::size_t kBytesPerNode = sizeof(std::uint64_t);
  static constexpr std::size_t kBytesPerEndpoint = sizeof(std::uint32_t);

  SocialGraph() : offsets_(1, 0) {}
  // Builds the CSR from undirected edges over nodes 0..nodes-1 (every id must
  // be < nodes; checked by the caller). Duplicate edges (either direction)
  // and self-links are dropped. Consumes `edges` to bound peak memory.
  static SocialGraph from_edges(std::uint32_t nodes, std::vector<Edge> edges);

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
  std::size_t bytes() const {
    return offsets_.size() * kBytesPerNode + neighbours_.size() * kBytesPerEndpoint;
  }

 private:
  std::vector<std::uint64_t> offsets_;     // node_count + 1
  std::vector<std::uint32_t> neighbours_;  // 2 x edge_count
};

}  // namespace commsim::models::network
