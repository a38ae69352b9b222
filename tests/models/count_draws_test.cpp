#include "models/count_draws.hpp"

#include <gtest/gtest.h>

#include <boost/random/poisson_distribution.hpp>

namespace commsim::models {
namespace {

constexpr StreamKey kKey{99, 1, 5};

// The table walk draws what Boost's poisson_distribution draws from the
// same stream: every value, for means inside and outside the inversion
// range, and with draws continuing from one stream (as a kernel takes them).
TEST(FixedMeanPoisson, DrawsWhatBoostDraws) {
  for (const double mean : {1e-6, 0.3, 2.0, 7.5, 9.999, 10.0, 42.0}) {
    const FixedMeanPoisson table(mean);
    const boost::random::poisson_distribution<std::int64_t, double> boost(mean);
    for (std::uint32_t agent = 0; agent < 2000; ++agent) {
      RandomStream a(kKey, agent, Purpose{7}), b(kKey, agent, Purpose{7});
      for (int k = 0; k < 3; ++k) ASSERT_EQ(table(a), boost(b)) << "mean " << mean << " agent " << agent;
      ASSERT_EQ(a(), b()) << "the streams stay in step";
    }
  }
}

TEST(FixedMeanPoisson, MeanZeroIsZeroWithoutADraw) {
  const FixedMeanPoisson none(0.0);
  RandomStream a(kKey, 3, Purpose{7}), b(kKey, 3, Purpose{7});
  EXPECT_EQ(none(a), 0);
  EXPECT_EQ(a(), b());
}

}  // namespace
}  // namespace commsim::models
