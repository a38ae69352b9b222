#include "models/network/growing_graph.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace commsim::models::network {

std::uint32_t Friends::operator[](std::uint32_t j) const {
  if (j < base_.size()) return base_[j];
  std::uint32_t link = head_;
  for (std::uint32_t steps = j - static_cast<std::uint32_t>(base_.size()); steps > 0; --steps)
    link = links_[link].next;
  return links_[link].friend_id;
}

std::uint32_t Friends::Cursor::at(std::uint32_t j) {
  const auto day0 = static_cast<std::uint32_t>(friends_.base_.size());
  if (j < day0) return friends_.base_[j];
  if (link_ == kEndOfList) {
    link_ = friends_.head_;
    position_ = day0;
  }
  for (; position_ < j; ++position_) link_ = friends_.links_[link_].next;
  return friends_.links_[link_].friend_id;
}

GrowingGraph::GrowingGraph(std::shared_ptr<const SocialGraph> base)
    : base_(std::move(base)), nodes_(base_->node_count()) {}

Friends GrowingGraph::friends(std::uint32_t v) const {
  const std::span<const std::uint32_t> day0 =
      v < base_->node_count() ? base_->neighbours(v) : std::span<const std::uint32_t>{};
  if (v >= gained_.size()) return Friends(day0, nullptr, kEndOfList, 0);
  return Friends(day0, links_.data(), head_[v], gained_[v]);
}

bool GrowingGraph::linked(std::uint32_t v, std::uint32_t u) const {
  if (u == v) return true;
  if (v < base_->node_count() && std::ranges::binary_search(base_->neighbours(v), u)) return true;
  if (v >= head_.size()) return false;
  for (std::uint32_t link = head_[v]; link != kEndOfList; link = links_[link].next)
    if (links_[link].friend_id == u) return true;
  return false;
}

std::uint32_t GrowingGraph::add_node() {
  if (nodes_ == kEndOfList) throw std::length_error("social graph: too many people");
  // The day-0 people get their (empty) lists with the first joiner only, so
  // a replicate without joiners on the graph costs nothing.
  if (head_.empty()) {
    head_.assign(nodes_, kEndOfList);
    gained_.assign(nodes_, 0);
  }
  head_.push_back(kEndOfList);
  gained_.push_back(0);
  return nodes_++;
}

void GrowingGraph::link(std::uint32_t v, std::uint32_t u) {
  if (links_.size() + 2 > kEndOfList) throw std::length_error("social graph: too many friendships");
  const auto at_v = static_cast<std::uint32_t>(links_.size());
  links_.push_back({u, head_[v]});
  links_.push_back({v, head_[u]});
  head_[v] = at_v;
  head_[u] = at_v + 1;
  ++gained_[v];
  ++gained_[u];
}

std::size_t GrowingGraph::extension_bytes() const {
  return (head_.capacity() + gained_.capacity()) * sizeof(std::uint32_t) +
         links_.capacity() * sizeof(FriendLink);
}

double GrowingGraph::extension_bytes_bound(double day0_nodes, double joiners, double friends) {
  if (joiners <= 0 || friends <= 0) return 0.0;
  const double heads = 2.0 * sizeof(std::uint32_t) * (day0_nodes + joiners);
  const double links = 2.0 * sizeof(FriendLink) * std::ceil(friends) * joiners;
  return 3.0 * (heads + links);
}

SocialGraph GrowingGraph::snapshot() const {
  std::vector<Edge> edges;
  edges.reserve(base_->edge_count() + gained_edge_count());
  for (std::uint32_t v = 0; v < base_->node_count(); ++v)
    for (const std::uint32_t u : base_->neighbours(v))
      if (v < u) edges.emplace_back(v, u);
  for (std::size_t k = 0; k + 1 < links_.size(); k += 2)
    edges.emplace_back(links_[k + 1].friend_id, links_[k].friend_id);
  return SocialGraph::from_edges(nodes_, edges);
}

}  // namespace commsim::models::network
