#pragma once
// One replicate's social graph: the run's day-0 graph, shared read-only by
// every replicate (social_graph.hpp), plus what this replicate's joiners
// from outside added to it. Replicates bring different joiners, so each
// keeps its own extension and none copies the base.
//
// Extension storage: per node (the day-0 people included, allocated when the
// first joiner is added) the head of its list of friends gained since day 0
// and their count, 8 bytes; per friendship gained, one link at each end
// (friend, next), 16 bytes. The lists are singly linked, newest first, in one
// vector, so they grow without an allocation per node, and the links double
// as the preferential-attachment urn: the friend of a uniformly drawn link is
// a node drawn by its gained degree.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "models/network/social_graph.hpp"

namespace commsim::models::network {

struct FriendLink {
  std::uint32_t friend_id;
  std::uint32_t next;  // the node's next older link, or kEndOfList
};
inline constexpr std::uint32_t kEndOfList = 0xFFFFFFFF;

// A node's friends: its day-0 friends (sorted), then those gained since
// (newest first).
class Friends {
 public:
  Friends(std::span<const std::uint32_t> base, const FriendLink* links, std::uint32_t head,
          std::uint32_t gained)
      : base_(base), links_(links), head_(head), gained_(gained) {}
  std::uint32_t size() const { return static_cast<std::uint32_t>(base_.size()) + gained_; }
  bool empty() const { return size() == 0; }
  // The j-th friend: O(1) among the day-0 friends, then a walk of the list.
  std::uint32_t operator[](std::uint32_t j) const;

  // Friends at ascending positions, walking the gained list once.
  class Cursor {
   public:
    explicit Cursor(const Friends& friends) : friends_(friends) {}
    std::uint32_t at(std::uint32_t j);  // j no smaller than the previous call's

   private:
    const Friends& friends_;
    std::uint32_t position_ = 0;  // of link_ in the whole list, once started
    std::uint32_t link_ = kEndOfList;
  };

 private:
  std::span<const std::uint32_t> base_;
  const FriendLink* links_;
  std::uint32_t head_;
  std::uint32_t gained_;
};

class GrowingGraph {
 public:
  explicit GrowingGraph(std::shared_ptr<const SocialGraph> base);

  const SocialGraph& base() const { return *base_; }
  std::uint32_t node_count() const { return nodes_; }
  std::uint32_t degree(std::uint32_t v) const {
    return (v < base_->node_count() ? base_->degree(v) : 0) + (v < gained_.size() ? gained_[v] : 0);
  }
  Friends friends(std::uint32_t v) const;
  // Start loading where v's day-0 friends are listed, or v's j-th day-0
  // friend (j < v's day-0 degree): a batch of lookups then overlaps its
  // cache misses.
  void prefetch(std::uint32_t v) const {
    if (v < base_->node_count()) base_->prefetch(v);
  }
  void prefetch_friend(std::uint32_t v, std::uint32_t j) const {
    if (v < base_->node_count() && j < base_->degree(v)) base_->prefetch_endpoint(base_->offsets_at(v) + j);
  }
  // Whether u is v or one of v's friends: O(log day-0 degree + gained degree of v).
  bool linked(std::uint32_t v, std::uint32_t u) const;

  // Every friendship at both ends, day-0 ones first: endpoint(k) for k
  // uniform on [0, endpoint_count()) is preferential attachment.
  std::uint64_t endpoint_count() const { return base_->endpoint_count() + links_.size(); }
  std::uint32_t endpoint(std::uint64_t k) const {
    const std::uint64_t day0 = base_->endpoint_count();
    return k < day0 ? base_->endpoint(k) : links_[k - day0].friend_id;
  }

  // A new node with no friends (the next person index); returns its id.
  std::uint32_t add_node();
  // A new friendship; u != v and not yet linked (checked by the caller).
  void link(std::uint32_t v, std::uint32_t u);

  std::uint64_t gained_edge_count() const { return links_.size() / 2; }
  // Bytes of this replicate's extension (capacity), the base not included.
  std::size_t extension_bytes() const;
  // Upper bound of extension_bytes() for `joiners` people with at most
  // `friends` friends each on a base of `day0_nodes`, vector growth included
  // (at a reallocation the old buffer and the doubled new one coexist: 3x).
  static double extension_bytes_bound(double day0_nodes, double joiners, double friends);

  // The whole graph as a CSR (tests and statistics).
  SocialGraph snapshot() const;

 private:
  std::shared_ptr<const SocialGraph> base_;
  std::uint32_t nodes_;
  std::vector<std::uint32_t> head_;    // per node, once a node was added: newest gained link
  std::vector<std::uint32_t> gained_;  // per node, likewise: friends gained since day 0
  std::vector<FriendLink> links_;      // link 2e at one end of gained friendship e, 2e + 1 at the other
};

}  // namespace commsim::models::network
