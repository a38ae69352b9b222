// A replicate's growing social graph: the day-0 graph plus joiners'
// friendships (storage, views, the preferential-attachment urn), and the
// joiners' attachment: Holme-Kim's step continued, so joiners get the
// friends asked for and the graph keeps its mean degree, tail and clustering.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "models/network/graph_stats.hpp"
#include "models/network/growing_graph.hpp"
#include "models/network/holme_kim.hpp"
#include "models/network/joiner_attachment.hpp"

namespace commsim {
namespace {

using namespace commsim::models::network;

std::vector<std::uint32_t> list(const Friends& f) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t j = 0; j < f.size(); ++j) out.push_back(f[j]);
  return out;
}

// Attaches `joiners` people with draws keyed like the invites module's
// (seed, replicate, day; the person; purpose 604); returns each one's
// degree at join.
std::vector<std::uint32_t> attach(GrowingGraph& g, std::uint32_t joiners, JoinerFriendsSettings s,
                                  std::uint64_t seed = 7) {
  std::vector<std::uint32_t> at_join;
  for (std::uint32_t j = 0; j < joiners; ++j) {
    RandomStream stream({seed, 0, 1}, g.node_count(), Purpose{604});
    const std::uint32_t v = attach_joiner(g, s, stream);
    at_join.push_back(g.degree(v));
  }
  return at_join;
}

TEST(GrowingGraph, AddsNodesAndFriendshipsOnTopOfTheDayZeroGraph) {
  GrowingGraph g(std::make_shared<const SocialGraph>(SocialGraph::from_edges(3, {{0, 1}, {1, 2}})));
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.extension_bytes(), 0u) << "nothing is allocated before the first joiner";
  EXPECT_EQ(list(g.friends(1)), (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(g.add_node(), 3u);
  g.link(3, 1);
  EXPECT_EQ(g.add_node(), 4u);
  g.link(4, 3);
  g.link(4, 0);
  EXPECT_EQ(g.node_count(), 5u);
  // Day-0 friends first (sorted), then those gained, newest first.
  EXPECT_EQ(list(g.friends(1)), (std::vector<std::uint32_t>{0, 2, 3}));
  EXPECT_EQ(list(g.friends(3)), (std::vector<std::uint32_t>{4, 1}));
  EXPECT_EQ(list(g.friends(0)), (std::vector<std::uint32_t>{1, 4}));
  EXPECT_EQ(g.degree(4), 2u);
  EXPECT_EQ(g.degree(2), 1u);
  EXPECT_TRUE(g.linked(3, 4));
  EXPECT_TRUE(g.linked(1, 3));
  EXPECT_TRUE(g.linked(0, 1));
  EXPECT_TRUE(g.linked(2, 2));
  EXPECT_FALSE(g.linked(2, 3));
  EXPECT_FALSE(g.linked(4, 1));
  // The cursor walks ascending positions as indexing does.
  const Friends f = g.friends(1);
  Friends::Cursor cursor(f);
  EXPECT_EQ(cursor.at(0), 0u);
  EXPECT_EQ(cursor.at(2), 3u);
  // Every friendship at both ends: each node appears degree times (the urn).
  EXPECT_EQ(g.endpoint_count(), 10u);
  std::vector<std::uint32_t> seen(5, 0);
  for (std::uint64_t k = 0; k < g.endpoint_count(); ++k) ++seen[g.endpoint(k)];
  for (std::uint32_t v = 0; v < 5; ++v) EXPECT_EQ(seen[v], g.degree(v)) << v;
  const SocialGraph whole = g.snapshot();
  EXPECT_EQ(whole.edge_count(), 5u);
  for (std::uint32_t v = 0; v < 5; ++v) EXPECT_EQ(whole.degree(v), g.degree(v));
  // 8 bytes per node once a node was added, 16 per gained friendship.
  EXPECT_GE(g.extension_bytes(), 5 * 8 + 3 * 16u);
}

TEST(GrowingGraph, JoinersGetTheirFriendsAndTheGraphKeepsItsShape) {
  // 10,000 joiners with 10 friends each on a Holme-Kim graph of 10,000
  // people (mean degree 20, triad probability 0.8): the generator's own
  // step, so the result is a Holme-Kim graph of 20,000.
  const std::uint32_t day0 = 10000, joiners = 10000;
  const HolmeKimSettings hk{20.0, 0.8};
  GrowingGraph g(std::make_shared<const SocialGraph>(holme_kim(day0, hk, 7)));
  const std::vector<std::uint32_t> at_join = attach(g, joiners, {10.0, 0.8});
  EXPECT_TRUE(std::ranges::all_of(at_join, [](std::uint32_t k) { return k == 10; }));
  EXPECT_EQ(g.gained_edge_count(), 10u * joiners);
  const SocialGraph whole = g.snapshot();
  const DegreeStats s = degree_stats(whole);
  // Exactly 2m - m(m + 1)/N, as the generator's (19.9945).
  EXPECT_NEAR(s.mean, 20.0 - 110.0 / (day0 + joiners), 1e-9);
  EXPECT_EQ(s.min, 10u);
  // Joiners gain friends from later joiners: a node born at t of T ends with
  // about m sqrt(T / t), on average 2 (2 - sqrt 2) m = 11.7 over these.
  double joiner_degrees = 0;
  for (std::uint32_t v = day0; v < day0 + joiners; ++v) joiner_degrees += g.degree(v);
  EXPECT_NEAR(joiner_degrees / joiners, 20.0 * (2.0 - std::sqrt(2.0)), 0.5);
  // The k^-3 tail and the clustering of a graph generated at that size.
  const SocialGraph reference = holme_kim(day0 + joiners, hk, 7);
  const DegreeStats r = degree_stats(reference);
  EXPECT_GT(s.variance, 10 * s.mean);
  EXPECT_NEAR(share_with_degree_above(whole, 3 * s.mean), share_with_degree_above(reference, 3 * r.mean),
              0.01);
  const double c = average_clustering(whole), c_ref = average_clustering(reference);
  EXPECT_NEAR(c, c_ref, 0.1 * c_ref) << "clustering " << c << " against " << c_ref;
}

TEST(GrowingGraph, AFractionalNumberOfFriendsIsABernoulliExtraFriend) {
  GrowingGraph g(std::make_shared<const SocialGraph>(holme_kim(5000, {7.0, 0.5}, 3)));
  const std::uint32_t joiners = 4000;
  const std::vector<std::uint32_t> at_join = attach(g, joiners, {3.5, 0.5});
  EXPECT_TRUE(std::ranges::all_of(at_join, [](std::uint32_t k) { return k == 3 || k == 4; }));
  double mean = 0;
  for (std::uint32_t k : at_join) mean += k;
  mean /= joiners;
  EXPECT_NEAR(mean, 3.5, 5 * 0.5 / std::sqrt(double(joiners)));
}

TEST(GrowingGraph, AttachmentIsAFunctionOfTheDrawsAndWorksWithoutDayZeroFriendships) {
  const auto base = std::make_shared<const SocialGraph>(holme_kim(2000, {10.0, 0.8}, 5));
  GrowingGraph a(base), b(base), c(base);
  attach(a, 500, {4.0, 0.8});
  attach(b, 500, {4.0, 0.8});
  attach(c, 500, {4.0, 0.8}, 8);
  bool same = true, differs = false;
  for (std::uint32_t v = 0; v < a.node_count(); ++v) {
    same = same && list(a.friends(v)) == list(b.friends(v));
    differs = differs || list(a.friends(v)) != list(c.friends(v));
  }
  EXPECT_TRUE(same);
  EXPECT_TRUE(differs);
  // No friendship at day 0 (a file without edges): the first friends are
  // drawn uniformly, then by degree. Nobody at all: the first joiner has no
  // one to befriend, the second only the first.
  GrowingGraph empty(std::make_shared<const SocialGraph>(SocialGraph::from_edges(50, {})));
  const std::vector<std::uint32_t> at_join = attach(empty, 100, {3.0, 0.8});
  EXPECT_TRUE(std::ranges::all_of(at_join, [](std::uint32_t k) { return k == 3; }));
  GrowingGraph nobody(std::make_shared<const SocialGraph>());
  EXPECT_EQ(attach(nobody, 3, {2.0, 0.8}), (std::vector<std::uint32_t>{0, 1, 2}));
}

TEST(GrowingGraph, ExtensionBytesStayWithinTheBound) {
  GrowingGraph g(std::make_shared<const SocialGraph>(holme_kim(3000, {20.0, 0.8}, 2)));
  attach(g, 3000, {7.5, 0.8});
  EXPECT_LE(double(g.extension_bytes()), GrowingGraph::extension_bytes_bound(3000, 3000, 7.5));
  // At rest within 2x (vector capacity) of 8 per node and 16 per friendship.
  EXPECT_LE(double(g.extension_bytes()), 2.0 * (8.0 * 6000 + 16.0 * double(g.gained_edge_count())));
  EXPECT_EQ(GrowingGraph::extension_bytes_bound(3000, 3000, 0), 0.0);
}

}  // namespace
}  // namespace commsim
