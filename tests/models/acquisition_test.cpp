#include <gtest/gtest.h>

#include <algorithm>
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


// The classic Bass model: a well-mixed pool of M people, nobody in at the
// start, nobody leaves, the ads reach everyone left in the pool.
EnsembleResult bass_run(double p, double q, int market, int days, int replicates) {
  return run(scenario_from(kOnlyAcquisition + "run: {days: " + std::to_string(days) +
                           ", replicates: " + std::to_string(replicates) + "}\n" +
                           "acquisition: {traffic_pool: " + std::to_string(market) +
                           ", daily_ads_reach: " + std::to_string(market) +
                           ", join_probability: " + std::to_string(p) +
                           ", word_of_mouth: " + std::to_string(q) + "}\n"));
}

// N(t+1) = N(t) + (p + q N(t) / M) (M - N(t)), N(0) = 0; element t is N(t + 1),
// the adopters at the end of day t.
std::vector<double> bass_curve(double p, double q, double market, int days) {
  std::vector<double> curve;
  double n = 0;
  for (int t = 0; t < days; ++t) curve.push_back(n += (p + q * n / market) * (market - n));
  return curve;
}

TEST(Acquisition, WordOfMouthFollowsTheBassDifferenceEquation) {
  const double p = 0.01, q = 0.3, market = 10000;
  const int days = 60, replicates = 32;
  const EnsembleResult r = bass_run(p, q, int(market), days, replicates);
  const std::vector<double> expected = bass_curve(p, q, market, days);
  for (int d = 0; d < days; ++d) {
    std::vector<double> adopters;
    for (int rep = 0; rep < replicates; ++rep) adopters.push_back(series(r, "members", rep)[d]);
    // The difference equation is the mean-field limit: the stochastic mean
    // lags it by a second-order term (q Var(N) / M a day, compounded; up to
    // 3 standard errors of the mean here, 0.6% of M). So the mean of 32
    // replicates must lie within one replicate sd (plus one person) of the
    // curve: 150 people mid-curve, where a 10% error in q would move the
    // curve by over 500.
    EXPECT_NEAR(mean_of(adopters), expected[d], sample_sd(adopters) + 1) << "day " << d;
  }
  EXPECT_GT(expected[days - 1], 0.99 * market);  // the test covers the whole S-curve
}

TEST(Acquisition, LargerImitationToInnovationRatioPeaksLater) {
  // Daily joins peak at once without word of mouth (q/p = 0) and later as
  // q/p grows (the continuous model's t* = ln(q/p) / (p + q): 11 days for
  // q/p = 30, 19 for q/p = 300). Mean joins over 8 replicates peak within 3
  // days of the difference equation's peak; the top of the curve is flat.
  const auto peak = [](const std::vector<double>& x) {
    return int(std::max_element(x.begin(), x.end()) - x.begin());
  };
  const auto peaks = [&](double p, double q) {
    const EnsembleResult r = bass_run(p, q, 10000, 60, 8);
    std::vector<double> joins(60, 0.0), expected(60, 0.0);
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
      const std::vector<double> s = series(r, "joined", rep);
      for (int d = 0; d < 60; ++d) joins[d] += s[d];
    }
    const std::vector<double> curve = bass_curve(p, q, 10000, 60);
    for (int d = 0; d < 60; ++d) expected[d] = curve[d] - (d ? curve[d - 1] : 0.0);
    return std::pair{peak(joins), peak(expected)};
  };
  const auto none = peaks(0.01, 0.0), some = peaks(0.01, 0.3), most = peaks(0.001, 0.3);
  EXPECT_EQ(none.second, 0);
  for (const auto& [measured, expected] : {none, some, most}) EXPECT_NEAR(measured, expected, 3);
  EXPECT_GT(some.first, none.first + 5);
  EXPECT_GT(most.first, some.first + 5);
}

}  // namespace
}  // namespace commsim
