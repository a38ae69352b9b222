#include "models/network/generational_growth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <tbb/parallel_sort.h>

#include "sim/huge_pages.hpp"

namespace commsim::models::network {
namespace {

using Range = tbb::blocked_range<std::uint32_t>;

constexpr std::uint32_t kNone = 0xFFFFFFFF;    // a link given up
constexpr int kAttachmentTries = 64;           // degree-biased redraws before a link is given up
constexpr int kTriadTries = 64;                // friends of friends tried before a link is given up
constexpr std::uint32_t kGenerationShare = 64; // a generation: at most 1/64 of the people before it
constexpr std::uint32_t kBatch = 64;           // people whose memory reads are overlapped

// Uniform on [0, size) by multiply-shift of 64 random bits (bias below
// size / 2^64: none that a graph of 2^32 people could show).
std::uint64_t pick_index(std::uint64_t size, RandomStream& stream) {
  const std::uint64_t bits = std::uint64_t{stream()} << 32 | stream();
  __extension__ using Wide = unsigned __int128;
  return static_cast<std::uint64_t>((Wide{bits} * size) >> 64);
}

// Calls visit(first, last) on batches of at most kBatch people of
// [begin, end), the batches in parallel.
template <typename Visit>
void in_batches(std::uint32_t begin, std::uint32_t end, const Visit& visit) {
  tbb::parallel_for(Range(begin, end, kBatch), [&](const Range& r) {
    for (std::uint32_t a = r.begin(); a < r.end(); a += kBatch) visit(a, std::min(a + kBatch, r.end()));
  });
}

// Calls grow(first, last, generation) on batches of [first_person, nodes),
// one generation after another.
template <typename Grow>
void in_generations(std::uint32_t first_person, std::uint32_t nodes, const Grow& grow) {
  for (std::uint32_t start = first_person; start < nodes;) {
    const std::uint32_t end = std::min<std::uint32_t>(nodes, start + std::max(1u, start / kGenerationShare));
    in_batches(start, end, [&](std::uint32_t a, std::uint32_t b) { grow(a, b, start); });
    start = end;
  }
}

// Everyone after the starting clique: its attachment links and its triad
// links, each a (person, older friend) pair, listed person by person.
class Growth {
 public:
  Growth(std::uint32_t nodes, const HolmeKimSettings& settings, const StreamKey& key) : key_(key) {
    const double half = settings.mean_degree / 2.0;
    const auto whole = static_cast<std::uint32_t>(std::floor(half));
    const double extra = half - whole;
    const std::uint32_t slots = whole + (extra > 0 ? 1 : 0);
    core_ = std::min<std::uint32_t>(nodes, slots + 1);
    core_edges_ = std::uint64_t{core_} * (core_ - 1) / 2;
    for (std::uint32_t b = 1; b < core_; ++b)
      for (std::uint32_t a = 0; a < b; ++a) clique_.push_back({a, b});
    if (std::uint64_t{nodes} * slots >= kNone) throw std::length_error("generational_growth: more than 2^32 links");
    // How many links of each kind a person makes: slot j of person v is
    // unused (the fractional slot, with 1 - extra), a triad slot (j > 0,
    // with triad_probability) or an attachment slot.
    attachment_start_.assign(std::size_t{nodes - core_} + 1, 0);
    triad_start_.assign(std::size_t{nodes - core_} + 1, 0);
    tbb::parallel_for(Range(core_, nodes, 4096), [&](const Range& r) {
      for (std::uint32_t v = r.begin(); v < r.end(); ++v) {
        std::uint32_t attachments = 0, triads = 0;
        for (std::uint32_t j = 0; j < slots; ++j) {
          const auto words = RandomStream::first_block(key, slot_id(v, j, slots), kGraphGrowth);
          if (j == whole && !(words.v[1] * 0x1p-32 < extra)) continue;
          ++(j > 0 && words.v[0] * 0x1p-32 < settings.triad_probability ? triads : attachments);
        }
        attachment_start_[v - core_ + 1] = attachments;
        triad_start_[v - core_ + 1] = triads;
      }
    });
    for (std::size_t i = 1; i < attachment_start_.size(); ++i) {
      attachment_start_[i] += attachment_start_[i - 1];
      triad_start_[i] += triad_start_[i - 1];
    }
    attachment_ = huge_page_vector<Edge>(attachment_start_.back(), {0, kNone});
    triad_ = huge_page_vector<Edge>(triad_start_.back(), {0, kNone});  // links made go to the front of a person's list
  }

  std::uint32_t core() const { return core_; }
  std::uint64_t edge_count() const { return core_edges_ + attachment_.size() + triad_.size(); }
  std::uint64_t attachment_edge_count() const { return core_edges_ + attachment_.size(); }

  // Edge i: the clique's pairs, the attachment links, then the triad links
  // (a self-link for a link given up).
  Edge edge(std::uint64_t i) const {
    if (i < core_edges_) return clique_[i];
    i -= core_edges_;
    const Edge& e = i < attachment_.size() ? attachment_[i] : triad_[i - attachment_.size()];
    return e.second == kNone ? Edge{0, 0} : e;
  }

  // Renames every person p to label[p], once the links are made (the
  // growth steps read ids as ages, so this comes last).
  void relabel(const std::vector<std::uint32_t>& label) {
    for (Edge& e : clique_) e = {label[e.first], label[e.second]};
    for (std::vector<Edge>* links : {&attachment_, &triad_})
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, links->size(), 1 << 16),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t i = r.begin(); i < r.end(); ++i) {
                            Edge& e = (*links)[i];
                            if (e.second != kNone) e = {label[e.first], label[e.second]};
                          }
                        });
  }

  // Step 1 for people [first, last) of `generation`: each attachment link to
  // a person of an earlier generation, drawn with probability proportional
  // to degree. Link t of every person is drawn before link t + 1 of any, so
  // the batch's memory reads overlap.
  void attach(std::uint32_t first, std::uint32_t last, std::uint32_t generation) {
    const std::uint64_t urn = 2 * (core_edges_ + attachment_start_[generation - core_]);
    std::array<std::optional<RandomStream>, kBatch> streams;  // link t's, kept from the draw to the check
    std::array<std::uint64_t, kBatch> drawn;
    for (std::uint32_t t = 0;; ++t) {
      bool any = false;
      for (std::uint32_t v = first; v < last; ++v) {
        std::optional<RandomStream>& stream = streams[v - first];
        stream.reset();
        if (t >= count(attachment_start_, v)) continue;
        any = true;
        stream.emplace(key_, attachment_id(v, t), kGraphAttachment);
        drawn[v - first] = pick_index(urn, *stream);
        prefetch_endpoint(drawn[v - first]);
      }
      if (!any) return;
      for (std::uint32_t v = first; v < last; ++v) {
        std::optional<RandomStream>& stream = streams[v - first];
        if (!stream) continue;
        const std::span<Edge> mine = links(attachment_, attachment_start_, v);
        std::uint32_t u = endpoint(drawn[v - first]);
        for (int tries = 1; (u == kNone || linked(mine.first(t), u)) && tries < kAttachmentTries; ++tries)
          u = endpoint(pick_index(urn, *stream));
        mine[t] = {v, u == kNone || linked(mine.first(t), u) ? kNone : u};
      }
    }
  }

  // Step 2 for people [first, last), once `g` (the attachment graph) is
  // built: each triad link to a random friend x of a random friend u of v,
  // x older than v (as in Holme-Kim, where v is the newest; ids are ages
  // until the labels are shuffled) and not yet v's friend; else u and x are
  // drawn again. v's friends are its attachment friends and the triad
  // friends it made before (a short walk, so that a sparse attachment graph
  // still offers enough). A draw is dependent reads (u's list bounds, then
  // the list); the batch takes each read for everyone before the next.
  void close_triads(std::uint32_t first, std::uint32_t last, const SocialGraph& g) {
    struct Draw {
      RandomStream stream;
      std::uint32_t u = kNone;
      int tries = 0;
    };
    std::array<std::optional<Draw>, kBatch> draws;
    std::array<std::uint32_t, kBatch> made{};  // triad friends so far (at the front of the person's list)
    for (std::uint32_t t = 0;; ++t) {
      bool any = false;
      std::uint32_t pending = 0;
      for (std::uint32_t v = first; v < last; ++v) {
        draws[v - first].reset();
        if (t >= count(triad_start_, v)) continue;
        any = true;
        if (g.neighbours(v).empty()) continue;  // given up
        draws[v - first].emplace(Draw{RandomStream(key_, triad_id(v, t), kGraphTriads)});
        ++pending;
      }
      if (!any) return;
      while (pending > 0) {
        for (std::uint32_t v = first; v < last; ++v)  // u, and where its list is
          if (auto& d = draws[v - first]) {
            d->u = friend_of(v, g, made[v - first], d->stream);
            g.prefetch(d->u);
          }
        for (std::uint32_t v = first; v < last; ++v)  // u's list
          if (auto& d = draws[v - first]) g.prefetch_endpoint(g.offsets_at(d->u));
        for (std::uint32_t v = first; v < last; ++v) {  // x, accepted or drawn again
          auto& d = draws[v - first];
          if (!d) continue;
          // u's friends older than v: a prefix of its sorted list.
          const auto theirs = g.neighbours(d->u);
          const auto older = theirs.first(static_cast<std::size_t>(std::ranges::lower_bound(theirs, v) - theirs.begin()));
          const std::uint32_t x = older.empty() ? kNone : older[pick_index(older.size(), d->stream)];
          const Edge* mine = triad_.data() + triad_start_[v - core_];
          const bool fresh = x != kNone && !std::ranges::binary_search(g.neighbours(v), x) &&
                             std::none_of(mine, mine + made[v - first], [x](const Edge& e) { return e.second == x; });
          if (fresh) triad_[triad_start_[v - core_] + made[v - first]++] = {v, x};  // else given up: stays kNone
          else if (++d->tries < kTriadTries) continue;
          d.reset();
          --pending;
        }
      }
    }
  }

 private:
  static std::uint32_t slot_id(std::uint32_t v, std::uint32_t j, std::uint32_t slots) {
    return static_cast<std::uint32_t>(std::uint64_t{v} * slots + j);
  }
  std::uint32_t attachment_id(std::uint32_t v, std::uint32_t t) const {
    return static_cast<std::uint32_t>(attachment_start_[v - core_] + t);
  }
  std::uint32_t triad_id(std::uint32_t v, std::uint32_t t) const {
    return static_cast<std::uint32_t>(triad_start_[v - core_] + t);
  }
  std::uint32_t count(const std::vector<std::uint64_t>& start, std::uint32_t v) const {
    return static_cast<std::uint32_t>(start[v - core_ + 1] - start[v - core_]);
  }
  std::span<Edge> links(std::vector<Edge>& list, const std::vector<std::uint64_t>& start, std::uint32_t v) {
    return {list.data() + start[v - core_], list.data() + start[v - core_ + 1]};
  }
  static bool linked(std::span<const Edge> mine, std::uint32_t u) {
    return std::ranges::any_of(mine, [u](const Edge& e) { return e.second == u; });
  }

  // Endpoint r of the attachment links of earlier generations: a person
  // drawn with probability proportional to degree (kNone: a link given up).
  std::uint32_t endpoint(std::uint64_t r) const {
    if (r < 2 * core_edges_) return static_cast<std::uint32_t>(r % core_);  // each clique person: core - 1 times
    const Edge& e = attachment_[(r - 2 * core_edges_) / 2];
    if (e.second == kNone) return kNone;
    return r % 2 == 0 ? e.first : e.second;
  }
  void prefetch_endpoint(std::uint64_t r) const {
    if (r >= 2 * core_edges_) __builtin_prefetch(&attachment_[(r - 2 * core_edges_) / 2]);
  }

  // A random friend of v: in the attachment graph, or one of its first
  // `made` triad friends.
  std::uint32_t friend_of(std::uint32_t v, const SocialGraph& g, std::uint32_t made, RandomStream& stream) const {
    const auto friends = g.neighbours(v);
    if (friends.empty()) return kNone;
    const std::size_t k = pick_index(friends.size() + made, stream);
    return k < friends.size() ? friends[k] : triad_[triad_start_[v - core_] + (k - friends.size())].second;
  }
  StreamKey key_;
  std::uint32_t core_ = 0;
  std::uint64_t core_edges_ = 0;
  std::vector<Edge> clique_;                     // the starting clique's pairs
  std::vector<std::uint64_t> attachment_start_;  // by person - core: first attachment link
  std::vector<Edge> attachment_;
  std::vector<std::uint64_t> triad_start_;       // by person - core: first triad link
  std::vector<Edge> triad_;
};

// A random permutation of 0..nodes-1: people ordered by a random key each.
std::vector<std::uint32_t> shuffled_labels(std::uint32_t nodes, const StreamKey& key) {
  struct Keyed {
    std::uint64_t key;
    std::uint32_t node;
    bool operator<(const Keyed& o) const { return key != o.key ? key < o.key : node < o.node; }
  };
  std::vector<Keyed> order(nodes);
  tbb::parallel_for(Range(0, nodes, 4096), [&](const Range& r) {
    for (std::uint32_t v = r.begin(); v < r.end(); ++v) {
      const auto block = RandomStream::first_block(key, v, kGraphLabels);
      order[v] = {std::uint64_t{block.v[0]} << 32 | block.v[1], v};
    }
  });
  tbb::parallel_sort(order.begin(), order.end());
  std::vector<std::uint32_t> label(nodes);
  tbb::parallel_for(Range(0, nodes, 4096), [&](const Range& r) {
    for (std::uint32_t i = r.begin(); i < r.end(); ++i) label[order[i].node] = i;
  });
  return label;
}

}  // namespace

SocialGraph generational_growth(std::uint32_t nodes, const HolmeKimSettings& settings, std::uint64_t seed) {
  const StreamKey key{seed, kGraphStreamReplicate, 0};
  Growth growth(nodes, settings, key);
  in_generations(growth.core(), nodes, [&](std::uint32_t a, std::uint32_t b, std::uint32_t generation) {
    growth.attach(a, b, generation);
  });
  {
    const SocialGraph attachment = SocialGraph::from_edge_function(
        nodes, growth.attachment_edge_count(), [&](std::uint64_t i) { return growth.edge(i); });
    in_batches(growth.core(), nodes, [&](std::uint32_t a, std::uint32_t b) { growth.close_triads(a, b, attachment); });
  }
  growth.relabel(shuffled_labels(nodes, key));
  return SocialGraph::from_edge_function(nodes, growth.edge_count(), [&](std::uint64_t i) { return growth.edge(i); });
}

}  // namespace commsim::models::network
