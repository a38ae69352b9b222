#include "models/network/joiner_attachment.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

namespace commsim::models::network {
namespace {

// As in the generator (holme_kim.cpp).
constexpr int kTriadTries = 4;        // random friends of w tried before falling back to PA
constexpr int kAttachmentTries = 64;  // PA redraws, then as many uniform ones, before a scan

// An older node not yet linked to v, drawn by degree; after as many
// uniform draws (a graph with few or no friendships, or a v linked to most
// of the degree); else the first one free, or v if there is none.
std::uint32_t preferential(const GrowingGraph& graph, std::uint32_t v, RandomStream& stream) {
  if (v == 0) return v;
  const std::uint64_t endpoints = graph.endpoint_count();
  boost::random::uniform_int_distribution<std::uint64_t> by_degree(0, endpoints > 0 ? endpoints - 1 : 0);
  boost::random::uniform_int_distribution<std::uint32_t> uniform(0, v - 1);
  for (int t = 0; t < 2 * kAttachmentTries; ++t) {
    const std::uint32_t u =
        endpoints > 0 && t < kAttachmentTries ? graph.endpoint(by_degree(stream)) : uniform(stream);
    if (!graph.linked(v, u)) return u;
  }
  for (std::uint32_t u = 0; u < v; ++u)
    if (!graph.linked(v, u)) return u;
  return v;
}

// A friend of w not yet linked to v, or v if none was found.
std::uint32_t triad(const GrowingGraph& graph, std::uint32_t v, std::uint32_t w, RandomStream& stream) {
  const Friends friends = graph.friends(w);
  boost::random::uniform_int_distribution<std::uint32_t> pick(0, friends.size() - 1);
  for (int t = 0; t < kTriadTries; ++t) {
    const std::uint32_t u = friends[pick(stream)];
    if (!graph.linked(v, u)) return u;
  }
  return v;
}

}  // namespace

std::uint32_t attach_joiner(GrowingGraph& graph, const JoinerFriendsSettings& settings,
                            RandomStream& stream) {
  const std::uint32_t v = graph.add_node();
  const auto m_low = static_cast<std::uint32_t>(std::floor(settings.friends));
  const std::uint32_t m = m_low + (stream.bernoulli(settings.friends - m_low) ? 1 : 0);
  std::uint32_t w = v;  // last preferentially chosen friend
  for (std::uint32_t e = 0; e < m; ++e) {
    std::uint32_t u = v;
    if (e > 0 && stream.bernoulli(settings.triad_probability)) u = triad(graph, v, w, stream);
    if (u == v) u = w = preferential(graph, v, stream);
    if (u == v) break;
    graph.link(v, u);
  }
  return v;
}

}  // namespace commsim::models::network
