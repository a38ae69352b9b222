// The social graph: CSR storage (built, or from checked arrays), the
// Holme-Kim generator's degree distribution and clustering, and the
// edge-list loader's errors.
#include <gtest/gtest.h>

#include <boost/random/uniform_int_distribution.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "models/network/edge_list_file.hpp"
#include "models/network/graph_stats.hpp"
#include "models/network/holme_kim.hpp"
#include "sim/input_error.hpp"

namespace commsim {
namespace {

using namespace commsim::models::network;
namespace fs = std::filesystem;

constexpr std::uint32_t kNodes = 20000;

// Erdos-Renyi-like reference with the same node and edge count: uniform
// random pairs (duplicates and self-links are rare and dropped).
SocialGraph random_graph(std::uint32_t nodes, std::uint64_t edges) {
  std::vector<Edge> list;
  boost::random::uniform_int_distribution<std::uint32_t> pick(0, nodes - 1);
  for (std::uint64_t e = 0; e < edges; ++e) {
    RandomStream stream({5, 0, 0}, static_cast<std::uint32_t>(e), Purpose{1});
    list.emplace_back(pick(stream), pick(stream));
  }
  return SocialGraph::from_edges(nodes, list);
}

TEST(SocialGraph, CsrIsSymmetricSortedAndDeduplicated) {
  const SocialGraph g = SocialGraph::from_edges(5, {{0, 1}, {1, 0}, {3, 1}, {2, 2}, {4, 0}, {0, 1}});
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_EQ(g.edge_count(), 3u);  // 0-1, 1-3, 0-4
  EXPECT_EQ(std::vector<std::uint32_t>(g.neighbours(0).begin(), g.neighbours(0).end()),
            (std::vector<std::uint32_t>{1, 4}));
  EXPECT_EQ(std::vector<std::uint32_t>(g.neighbours(1).begin(), g.neighbours(1).end()),
            (std::vector<std::uint32_t>{0, 3}));
  EXPECT_EQ(g.degree(2), 0u);
  EXPECT_EQ(g.bytes(), 6 * SocialGraph::kBytesPerNode + 6 * SocialGraph::kBytesPerEndpoint);
}

TEST(SocialGraph, FromCsrTakesValidArraysAndSaysWhatIsWrongWithOthers) {
  // The graph of the test above: 0-1, 1-3, 0-4 over 5 nodes.
  const SocialGraph g = SocialGraph::from_csr({0, 2, 4, 4, 5, 6}, {1, 4, 0, 3, 1, 0});
  const SocialGraph reference = SocialGraph::from_edges(5, {{0, 1}, {3, 1}, {4, 0}});
  EXPECT_TRUE(std::ranges::equal(g.csr_offsets(), reference.csr_offsets()));
  EXPECT_TRUE(std::ranges::equal(g.csr_neighbours(), reference.csr_neighbours()));
  struct Case {
    std::vector<std::uint64_t> offsets;
    std::vector<std::uint32_t> neighbours;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{}, {}, "node count"},
      {{1, 2}, {0}, "from 0 to the endpoint count"},
      {{0, 2}, {1}, "from 0 to the endpoint count"},
      {{0, 2, 1, 2}, {1, 2}, "do not ascend"},
      {{0, 1, 2}, {2, 0}, "not sorted distinct ids of other nodes"},  // id 2 of 2 nodes
      {{0, 1, 1}, {0}, "not sorted distinct ids of other nodes"},     // a self-link
      {{0, 2, 3, 4}, {2, 1, 0, 0}, "not sorted distinct ids of other nodes"},  // unsorted
      {{0, 2, 3}, {1, 1, 0}, "not sorted distinct ids of other nodes"},        // a duplicate
  };
  for (const Case& c : cases) {
    try {
      SocialGraph::from_csr(c.offsets, c.neighbours);
      ADD_FAILURE() << "accepted: " << c.expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
    }
  }
}

TEST(SocialGraph, HolmeKimMeanDegreeIsExactAndStorageWithinTarget) {
  // Even mean degree 2m: a clique of m + 1 nodes, then m edges per node, so
  // E = m(m + 1)/2 + m(n - m - 1) exactly and every degree is >= m.
  const SocialGraph g = holme_kim(kNodes, {20.0, 0.5}, 11);
  const std::uint64_t m = 10;
  EXPECT_EQ(g.edge_count(), m * (m + 1) / 2 + m * (kNodes - m - 1));
  const DegreeStats s = degree_stats(g);
  EXPECT_NEAR(s.mean, 20.0, 0.01);
  EXPECT_EQ(s.min, m);
  // At most 8 bytes per edge endpoint, node offsets included.
  EXPECT_LE(double(g.bytes()) / double(2 * g.edge_count()), 8.0);
  // Odd mean degree: 3 or 4 edges per node (Bernoulli 1/2), sd of the mean
  // degree 2 x sqrt(n / 4) / n = 1 / sqrt(n).
  const DegreeStats odd = degree_stats(holme_kim(kNodes, {7.0, 0.5}, 11));
  EXPECT_NEAR(odd.mean, 7.0, 5.0 / std::sqrt(double(kNodes)));
  EXPECT_EQ(odd.min, 3u);
}

TEST(SocialGraph, HolmeKimClusteringGrowsWithTheTriadProbability) {
  // Measured at mean degree 20, n = 5000 to 200000: ~0.01 (Barabasi-Albert),
  // 0.09-0.10, 0.27-0.28 for triad probability 0, 0.5, 1.
  const std::uint32_t n = 10000;
  const double c0 = average_clustering(holme_kim(n, {20.0, 0.0}, 3));
  const double c5 = average_clustering(holme_kim(n, {20.0, 0.5}, 3));
  const double c10 = average_clustering(holme_kim(n, {20.0, 1.0}, 3));
  EXPECT_LT(c0, 0.02);
  EXPECT_GT(c5, 3 * c0);
  EXPECT_GT(c10, 2 * c5);
  EXPECT_GT(c10, 0.2);
  // A random graph of the same density has clustering ~ mean degree / n.
  const SocialGraph er = random_graph(n, 10 * std::uint64_t{n});
  EXPECT_LT(average_clustering(er), 0.005);
}

TEST(SocialGraph, HolmeKimDegreesAreHeavyTailedUnlikeARandomGraph) {
  const SocialGraph hk = holme_kim(kNodes, {20.0, 0.8}, 5);
  const SocialGraph er = random_graph(kNodes, hk.edge_count());
  const DegreeStats h = degree_stats(hk), r = degree_stats(er);
  EXPECT_NEAR(r.mean, h.mean, 0.05);
  // Poisson degrees: variance ~ mean, nobody above 3 x mean. A k^-3 tail:
  // P(k > 3 x mean) ~ (m / 3 mean)^2 ~ 3%, variance and hubs far larger.
  EXPECT_LT(r.variance, 1.5 * r.mean);
  EXPECT_GT(h.variance, 10 * h.mean);
  EXPECT_EQ(share_with_degree_above(er, 3 * r.mean), 0.0);
  EXPECT_GT(share_with_degree_above(hk, 3 * h.mean), 0.01);
  EXPECT_GT(h.max, 10 * r.max);
}

TEST(SocialGraph, HolmeKimIsAFunctionOfTheSeedAndLabelsAreShuffled) {
  const SocialGraph a = holme_kim(5000, {20.0, 0.5}, 9), b = holme_kim(5000, {20.0, 0.5}, 9);
  const SocialGraph c = holme_kim(5000, {20.0, 0.5}, 10);
  bool same = true, differs = false;
  for (std::uint32_t v = 0; v < 5000; ++v) {
    same = same && std::ranges::equal(a.neighbours(v), b.neighbours(v));
    differs = differs || !std::ranges::equal(a.neighbours(v), c.neighbours(v));
  }
  EXPECT_TRUE(same);
  EXPECT_TRUE(differs);
  // The oldest nodes of the growth are hubs (degree ~ m sqrt(n / i)); after
  // the shuffle the first 200 indices (the seed members) are ordinary: mean
  // degree 20 with sd sqrt(variance / 200) < 2.
  double first = 0;
  for (std::uint32_t v = 0; v < 200; ++v) first += a.degree(v);
  EXPECT_LT(first / 200, 30.0);
}

class EdgeListFile : public ::testing::Test {
 protected:
  fs::path write(const std::string& text) {
    path_ = fs::temp_directory_path() / ("commsim-graph-" + std::to_string(::getpid()) + ".txt");
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { fs::remove(path_); }
  std::string error(const std::string& text, std::uint32_t nodes) {
    try {
      load_edge_list(write(text).string(), nodes);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path path_;
};

TEST_F(EdgeListFile, ReadsEdgesAndComments) {
  const SocialGraph g = load_edge_list(write("# a ring\n0 1\n1 2  # trailing\n\n2\t0\n1 0\n").string(), 4);
  EXPECT_EQ(g.edge_count(), 3u);
  EXPECT_EQ(g.degree(3), 0u);
  EXPECT_EQ(g.degree(0), 2u);
}

TEST_F(EdgeListFile, ErrorsNameFileLineAndProblem) {
  const std::string f = (fs::temp_directory_path() /
                         ("commsim-graph-" + std::to_string(::getpid()) + ".txt")).string();
  EXPECT_EQ(error("0 1\n# c\n3 99999\n", 5000), f + ":3: node 99999 out of range (people at day 0: 5000)");
  EXPECT_EQ(error("0 1 2\n", 10), f + ":1: expected two node ids 'a b', got '0 1 2'");
  EXPECT_EQ(error("0\n", 10), f + ":1: expected two node ids 'a b', got '0'");
  EXPECT_EQ(error("0 x1\n", 10), f + ":1: node id 'x1' is not a non-negative integer");
  EXPECT_EQ(error("0 -1\n", 10), f + ":1: node id '-1' is not a non-negative integer");
  EXPECT_EQ(error("1 2\n4 4\n", 10), f + ":2: node 4 linked to itself");
  EXPECT_EQ(error("0 99999999999999999999999\n", 10),
            f + ":1: node 99999999999999999999999 out of range (people at day 0: 10)");
  EXPECT_THROW(load_edge_list(f + ".absent", 10), InputError);
}

}  // namespace
}  // namespace commsim
