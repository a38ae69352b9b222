#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

const std::string kOnlyAcquisition =
    "community: {initial_members: 0}\nengagement: {enabled: false}\nparticipation: {enabled: false}\nchurn: {enabled: false}\n";

TEST(Acquisition, DailyJoinsAverageReachTimesProbability) {
  // Joins ~ Binomial(reach, p) per day; the total over days x replicates has
  // mean n R p and sd sqrt(n R p (1 - p)).
  const Scenario s = scenario_from(kOnlyAcquisition +
                                   "run: {days: 100, replicates: 8}\n"
                                   "acquisition: {traffic_pool: 100000000, daily_ads_reach: 2000, "
                                   "join_probability: 0.03}\n");
  const EnsembleResult r = run(s);
  const double n = 100.0 * 8, expected = n * 2000 * 0.03, sd = std::sqrt(n * 2000 * 0.03 * 0.97);
  const std::vector<double> totals = replicate_totals(r, "joined");
  EXPECT_NEAR(mean_of(totals) * 8, expected, 5 * sd);
  // Without churn, members are the running sum of joins.
  const std::vector<double> joined = series(r, "joined", 3), members = series(r, "members", 3);
  double sum = 0;
  for (std::size_t d = 0; d < joined.size(); ++d) EXPECT_EQ(members[d], sum += joined[d]);
}

TEST(Acquisition, ThePoolRunsDry) {
  const Scenario s = scenario_from(kOnlyAcquisition +
                                   "run: {days: 60, replicates: 4}\n"
                                   "acquisition: {traffic_pool: 700, daily_ads_reach: 1000, "
                                   "join_probability: 0.5}\n");
  const EnsembleResult r = run(s);
  for (std::uint32_t rep = 0; rep < 4; ++rep) {
    EXPECT_EQ(series(r, "members", rep).back(), 700);      // all of the pool, no more
    EXPECT_LT(series(r, "members", rep)[0], 700 * 0.6);    // but not on day one
  }
}

TEST(Acquisition, CampaignWindow) {
  const Scenario s = scenario_from(kOnlyAcquisition +
                                   "run: {days: 50, replicates: 2}\n"
                                   "acquisition: {daily_ads_reach: 1000, join_probability: 0.1, "
                                   "start_day: 10, end_day: 19}\n");
  const EnsembleResult r = run(s);
  const std::vector<double> joined = series(r, "joined", 1);
  for (std::size_t d = 0; d < joined.size(); ++d) {
    if (d >= 10 && d <= 19)
      EXPECT_GT(joined[d], 50) << d;  // mean 100, sd 9.5
    else
      EXPECT_EQ(joined[d], 0) << d;
  }
}

TEST(Acquisition, CapFillsGroupsInOrder) {
  const Scenario s = scenario_from("community: {initial_members: 0, group_cap: 200}\n"
                                   "engagement: {enabled: false}\nparticipation: {enabled: false}\nchurn: {enabled: false}\n"
                                   "run: {days: 30, replicates: 1}\n"
                                   "acquisition: {daily_ads_reach: 1000, join_probability: 0.1}\n");
  const EnsembleResult r = run(s);
  for (std::size_t d = 0; d < 30; ++d)
    EXPECT_EQ(series(r, "groups", 0)[d], std::ceil(std::max(1.0, series(r, "members", 0)[d]) / 200));
}

}  // namespace
}  // namespace commsim
