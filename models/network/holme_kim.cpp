#include "models/network/holme_kim.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <numeric>

namespace commsim::models::network {
namespace {

constexpr int kTriadTries = 4;          // random friends of w tried before falling back to PA
constexpr int kAttachmentTries = 64;    // PA redraws before a deterministic fallback

class Growth {
 public:
  explicit Growth(std::uint32_t nodes) : adjacency_(nodes) {}

  bool linked(std::uint32_t v, std::uint32_t u) const {
    const auto& friends = adjacency_[v];
    return u == v || std::find(friends.begin(), friends.end(), u) != friends.end();
  }
  void link(std::uint32_t v, std::uint32_t u) {
    adjacency_[v].push_back(u);
    adjacency_[u].push_back(v);
    urn_.push_back(v);  // the urn is also the edge list: pairs (urn[2e], urn[2e+1])
    urn_.push_back(u);
  }

  // An existing node chosen with probability proportional to its degree.
  std::uint32_t preferential(std::uint32_t v, RandomStream& stream) const {
    boost::random::uniform_int_distribution<std::uint64_t> pick(0, urn_.size() - 1);
    for (int t = 0; t < kAttachmentTries; ++t) {
      const std::uint32_t u = urn_[pick(stream)];
      if (!linked(v, u)) return u;
    }
    for (std::uint32_t u = 0; u < v; ++u)
      if (!linked(v, u)) return u;
    return v;  // v is linked to every older node
  }

  // A friend of w not yet linked to v, or v if none was found.
  std::uint32_t triad(std::uint32_t v, std::uint32_t w, RandomStream& stream) const {
    const auto& friends = adjacency_[w];
    boost::random::uniform_int_distribution<std::size_t> pick(0, friends.size() - 1);
    for (int t = 0; t < kTriadTries; ++t) {
      const std::uint32_t u = friends[pick(stream)];
      if (!linked(v, u)) return u;
    }
    return v;
  }

  std::vector<Edge> edges() && {
    adjacency_ = {};
    std::vector<Edge> out(urn_.size() / 2);
    for (std::size_t e = 0; e < out.size(); ++e) out[e] = {urn_[2 * e], urn_[2 * e + 1]};
    urn_ = {};
    return out;
  }

 private:
  std::vector<std::vector<std::uint32_t>> adjacency_;
  std::vector<std::uint32_t> urn_;  // each node once per edge endpoint
};

}  // namespace

SocialGraph holme_kim(std::uint32_t nodes, const HolmeKimSettings& settings, std::uint64_t seed) {
  const StreamKey key{seed, kGraphStreamReplicate, 0};
  const double half = settings.mean_degree / 2.0;
  const auto m_low = static_cast<std::uint32_t>(std::floor(half));
  const double extra = half - m_low;
  const std::uint32_t core = std::min<std::uint32_t>(nodes, m_low + (extra > 0 ? 2 : 1));

  Growth growth(nodes);
  for (std::uint32_t a = 0; a < core; ++a)
    for (std::uint32_t b = a + 1; b < core; ++b) growth.link(b, a);
  for (std::uint32_t v = core; v < nodes; ++v) {
    RandomStream stream(key, v, kGraphGrowth);
    const std::uint32_t m = m_low + (stream.bernoulli(extra) ? 1 : 0);
    std::uint32_t w = v;  // last preferentially chosen node
    for (std::uint32_t e = 0; e < m; ++e) {
      std::uint32_t u = v;
      if (e > 0 && stream.bernoulli(settings.triad_probability)) u = growth.triad(v, w, stream);
      if (u == v) u = w = growth.preferential(v, stream);
      if (u == v) break;
      growth.link(v, u);
    }
  }

  // Shuffle labels (Fisher-Yates, one stream per position).
  std::vector<std::uint32_t> label(nodes);
  std::iota(label.begin(), label.end(), 0u);
  for (std::uint32_t i = nodes; i-- > 1;) {
    RandomStream stream(key, i, kGraphLabels);
    std::swap(label[i], label[boost::random::uniform_int_distribution<std::uint32_t>(0, i)(stream)]);
  }
  std::vector<Edge> edges = std::move(growth).edges();
  for (Edge& e : edges) e = {label[e.first], label[e.second]};
  return SocialGraph::from_edges(nodes, edges);
}

}  // namespace commsim::models::network
