#include "sim/random_batch.hpp"
#include "sim/random_stream.hpp"

#include <gtest/gtest.h>

#include <boost/random/binomial_distribution.hpp>
#include <cmath>
#include <set>
#include <span>
#include <vector>

namespace commsim {
namespace {

constexpr StreamKey kKey{42, 3, 17};

TEST(RandomStream, IsAPureFunctionOfItsKey) {
  RandomStream a(kKey, 1234, Purpose{7});
  RandomStream b(kKey, 1234, Purpose{7});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a(), b());
}

TEST(RandomStream, EveryKeyComponentChangesTheDraws) {
  const auto first = [](StreamKey key, std::uint32_t agent, Purpose purpose) {
    RandomStream s(key, agent, purpose);
    return std::array<std::uint32_t, 3>{s(), s(), s()};
  };
  std::set<std::array<std::uint32_t, 3>> seen;
  seen.insert(first(kKey, 5, Purpose{1}));
  seen.insert(first({43, 3, 17}, 5, Purpose{1}));          // seed
  seen.insert(first({42ull << 32 | 42, 3, 17}, 5, Purpose{1}));  // high seed bits
  seen.insert(first({42, 4, 17}, 5, Purpose{1}));          // replicate
  seen.insert(first({42, 3, 18}, 5, Purpose{1}));          // day
  seen.insert(first(kKey, 6, Purpose{1}));                 // agent
  seen.insert(first(kKey, 5, Purpose{2}));                 // purpose
  EXPECT_EQ(seen.size(), 7u);
}

TEST(RandomStream, LongStreamsDoNotRepeatBlocks) {
  RandomStream s(kKey, 9, Purpose{3});
  std::set<std::uint32_t> values;
  for (int i = 0; i < 4 * 5000; ++i) values.insert(s());
  EXPECT_GT(values.size(), 19990u);  // 32-bit values: collisions are ~0.05 expected
}

TEST(RandomStream, UniformHasTheMomentsOfU01) {
  // n draws: mean 1/2 with sd sqrt(1/12/n); variance 1/12 with sd ~ sqrt(1/180/n).
  constexpr int n = 200000;
  double sum = 0.0, sum_sq = 0.0;
  for (std::uint32_t agent = 0; agent < n; ++agent) {
    RandomStream s(kKey, agent, Purpose{11});
    const double u = s.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
  }
  const double mean = sum / n;
  const double variance = sum_sq / n - mean * mean;
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(variance, 1.0 / 12, 5 * std::sqrt(1.0 / 180 / n));
}

TEST(RandomStream, NeighbouringAgentsAreUncorrelated) {
  // Lag-1 correlation of first draws across agent indices; sd 1/sqrt(n).
  constexpr int n = 100000;
  std::vector<double> u(n);
  for (int i = 0; i < n; ++i) u[i] = RandomStream(kKey, i, Purpose{5}).uniform() - 0.5;
  double cross = 0.0, square = 0.0;
  for (int i = 0; i + 1 < n; ++i) {
    cross += u[i] * u[i + 1];
    square += u[i] * u[i];
  }
  EXPECT_NEAR(cross / square, 0.0, 5.0 / std::sqrt(double(n)));
}

TEST(RandomStream, BernoulliEdgesAndRate) {
  RandomStream s(kKey, 1, Purpose{9});
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(s.bernoulli(0.0));
    EXPECT_TRUE(s.bernoulli(1.0));
  }
  constexpr int n = 100000;
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += s.bernoulli(0.3);
  EXPECT_NEAR(hits / double(n), 0.3, 5 * std::sqrt(0.3 * 0.7 / n));
}

TEST(RandomStream, DrivesBoostDistributions) {
  // Binomial(1000, 0.02) over many streams: mean 20, variance 19.6.
  constexpr int n = 20000;
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    RandomStream s(kKey, i, Purpose{13});
    sum += boost::random::binomial_distribution<int>(1000, 0.02)(s);
  }
  EXPECT_NEAR(sum / n, 20.0, 5 * std::sqrt(19.6 / n));
}

}  // namespace
}  // namespace commsim

namespace commsim {
namespace {

TEST(RandomStream, AStreamContinuedFromItsFirstBlockDrawsTheSame) {
  for (std::uint32_t agent : {0u, 5u, 123456u}) {
    RandomStream plain(kKey, agent, Purpose{201});
    RandomStream batched(kKey, agent, Purpose{201}, RandomStream::first_block(kKey, agent, Purpose{201}));
    for (int k = 0; k < 13; ++k) EXPECT_EQ(plain(), batched()) << "draw " << k;
  }
}

TEST(RandomStream, FirstWordIsTheStreamsFirstDraw) {
  for (std::uint32_t agent : {0u, 1u, 77u, 4000000000u}) {
    RandomStream stream(kKey, agent, Purpose{300});
    EXPECT_EQ(RandomStream::first_word(kKey, agent, Purpose{300}), stream());
  }
}

}  // namespace
}  // namespace commsim

namespace commsim {
namespace {

// The vector paths against the scalar Philox, for every batch length up to
// a few vectors (the scalar rest included), agents in and out of order, and
// seeds, days and replicates whose words use all 32 bits.
TEST(RandomBatch, FirstBlocksAndWordsAreTheScalarOnes) {
  const StreamKey keys[] = {kKey, {0xFFFFFFFF00000001ull, 4000000000u, 65535u}, {0, 0, 0}};
  std::vector<std::uint32_t> agents;
  for (std::uint32_t k = 0; k < 70; ++k) agents.push_back(k % 3 == 0 ? 4294967295u - k * 7919u : k * 1000003u);
  int paths_run = 0;
  for (const BatchPath path : {BatchPath::Scalar, BatchPath::Avx2, BatchPath::Avx512}) {
    if (!cpu_has(path)) continue;
    ++paths_run;
    for (const StreamKey& key : keys)
      for (const Purpose purpose : {Purpose{0}, Purpose{201}, Purpose{65535}})
        for (std::size_t n = 0; n <= agents.size(); ++n) {
          const std::span<const std::uint32_t> batch(agents.data(), n);
          std::vector<RandomStream::Block> blocks(n);
          std::vector<std::uint32_t> words(n);
          first_blocks(key, batch, purpose, blocks.data(), path);
          first_words(key, batch, purpose, words.data(), path);
          for (std::size_t k = 0; k < n; ++k) {
            const RandomStream::Block expected = RandomStream::first_block(key, batch[k], purpose);
            ASSERT_EQ(blocks[k], expected) << name_of(path) << " n=" << n << " k=" << k;
            ASSERT_EQ(words[k], expected.v[0]) << name_of(path) << " n=" << n << " k=" << k;
          }
        }
  }
  EXPECT_GE(paths_run, 1);
}

}  // namespace
}  // namespace commsim
