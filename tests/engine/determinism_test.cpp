// Reproducibility: a run's data are a function of scenario and seed only.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// Large enough that the member phase is split into many tasks.
const char* kWorkload =
    "scenario: {name: det}\nrun: {days: 80, replicates: 3, seed: 99}\n"
    "community: {initial_groups: 40, initial_members: 15000}\n"
    "acquisition: {daily_ads_reach: 5000, join_probability: 0.05}\n";

EnsembleResult run_with(unsigned threads, std::uint32_t grain) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  return run(scenario_from(kWorkload), standard(), grain);
}

TEST(Determinism, BitIdenticalForAnyThreadCountAndGrain) {
  const EnsembleResult reference = run_with(1, 4096);
  ASSERT_GT(reference.values.size(), 0u);
  for (auto [threads, grain] : {std::pair{2u, 4096u}, {2u, 64u}, {1u, 333u}, {2u, 100000u}}) {
    const EnsembleResult other = run_with(threads, grain);
    ASSERT_EQ(other.values.size(), reference.values.size());
    EXPECT_TRUE(bitwise_equal(other.values, reference.values))
        << threads << " threads, grain " << grain;
  }
}

TEST(Determinism, SameSeedSameData_OtherSeedOtherData) {
  const EnsembleResult a = run(scenario_from(kWorkload));
  const EnsembleResult b = run(scenario_from(kWorkload));
  EXPECT_TRUE(bitwise_equal(a.values, b.values));
  Scenario reseeded = scenario_from(kWorkload);
  apply_override(reseeded, "run.seed=100");
  EXPECT_FALSE(bitwise_equal(run(reseeded).values, a.values));
}

TEST(Replicates, EachReplicateIsTheSameWhateverTheReplicateCount) {
  Scenario two = scenario_from(kWorkload);
  apply_override(two, "run.replicates=2");
  Scenario five = scenario_from(kWorkload);
  apply_override(five, "run.replicates=5");
  const EnsembleResult a = run(two), b = run(five);
  for (std::uint32_t r = 0; r < 2; ++r)
    for (const char* metric : {"members", "active", "messages", "churned"})
      EXPECT_TRUE(bitwise_equal(series(a, metric, r), series(b, metric, r)))
          << metric << " replicate " << r;
}

TEST(Replicates, AreIndependent) {
  // Daily joins are i.i.d. Binomial draws within a replicate (the pool is
  // far from exhausted), so the correlation of two replicates' join series
  // is ~ N(0, 1/days). Every pair must be within 5 sd of 0, and differ.
  const Scenario s = scenario_from(
      "run: {days: 365, replicates: 8}\ncommunity: {initial_members: 0}\n"
      "acquisition: {traffic_pool: 100000000, daily_ads_reach: 1000, join_probability: 0.05}\n"
      "engagement: {enabled: false}\nparticipation: {enabled: false}\nchurn: {enabled: false}\n");
  const EnsembleResult result = run(s);
  const double bound = 5.0 / std::sqrt(365.0);
  for (std::uint32_t i = 0; i < result.replicates; ++i)
    for (std::uint32_t j = i + 1; j < result.replicates; ++j) {
      const std::vector<double> x = series(result, "joined", i), y = series(result, "joined", j);
      ASSERT_NE(x, y);
      const double mx = mean_of(x), my = mean_of(y);
      double sxy = 0, sxx = 0, syy = 0;
      for (std::size_t d = 0; d < x.size(); ++d) {
        sxy += (x[d] - mx) * (y[d] - my);
        sxx += (x[d] - mx) * (x[d] - mx);
        syy += (y[d] - my) * (y[d] - my);
      }
      EXPECT_LT(std::abs(sxy / std::sqrt(sxx * syy)), bound) << "replicates " << i << ", " << j;
    }
}

}  // namespace
}  // namespace commsim
