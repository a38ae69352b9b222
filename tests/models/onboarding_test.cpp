#include <gtest/gtest.h>

#include <cmath>

#include "models/entry_threshold.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// Per replicate, the mean of a metric over days [from, to), NaNs (cohorts
// not observed or empty) left out.
std::vector<double> window_means(const EnsembleResult& r, const std::string& metric, int from,
                                 int to) {
  std::vector<double> means;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const std::vector<double> s = series(r, metric, rep);
    double sum = 0;
    int n = 0;
    for (int d = from; d < to; ++d)
      if (!std::isnan(s[d])) sum += s[d], ++n;
    means.push_back(n ? sum / n : std::nan(""));
  }
  return means;
}

// Noise of a difference of two replicate means: (sd_a + sd_b) / sqrt(n).
double noise(const std::vector<double>& a, const std::vector<double>& b) {
  return (sample_sd(a) + sample_sd(b)) / std::sqrt(double(a.size()));
}

TEST(Onboarding, WelcomeRitualRaisesWeekAndMonthRetention) {
  // A growing community: a cohort joins every day; retention of cohorts
  // that joined on days 1..59, averaged over cohorts, then replicates.
  const std::string base =
      "run: {days: 90, replicates: 16}\n"
      "acquisition: {daily_ads_reach: 1000, join_probability: 0.05}\n";
  const EnsembleResult plain = run(scenario_from(base));
  const EnsembleResult welcomed = run(scenario_from(base + "onboarding: {welcome: true}\n"));
  for (const std::string metric : {"retention_d7", "retention_d30"}) {
    const auto a = window_means(plain, metric, 1, 60), b = window_means(welcomed, metric, 1, 60);
    EXPECT_GT(mean_of(b) - mean_of(a), 5 * noise(a, b)) << metric;
  }
}

TEST(Onboarding, RulesHoldLargeGroupsTogetherButHardlyMatterInSmallOnes) {
  const auto active = [](int size, bool rules) {
    const EnsembleResult r = run(scenario_from(
        "run: {days: 60, replicates: 16}\nacquisition: {enabled: false}\n"
        "community: {initial_groups: 1, initial_members: " + std::to_string(size) + "}\n" +
        "onboarding: {rules: " + (rules ? "true" : "false") + "}\n"));
    return window_means(r, "active_ratio", 0, 60);
  };
  const auto large = active(500, false), large_rules = active(500, true);
  const auto small = active(30, false), small_rules = active(30, true);
  EXPECT_GT(mean_of(large_rules) - mean_of(large), 5 * noise(large, large_rules));
  EXPECT_GT(mean_of(large_rules), 1.1 * mean_of(large));
  EXPECT_LT(std::abs(mean_of(small_rules) - mean_of(small)), 0.02 * mean_of(small));
}


ParameterSet entry_params(const std::string& yaml) {
  return scenario_from("run: {days: 1}\n" + yaml).params;
}

// Per replicate, the share of groups with members that are dead, averaged
// over days [from, to).
std::vector<double> dead_share(const EnsembleResult& r, int from, int to) {
  std::vector<double> shares;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto dead = series(r, "groups_dead", rep), alive = series(r, "groups_alive", rep);
    double sum = 0;
    for (int d = from; d < to; ++d) sum += dead[d] / (dead[d] + alive[d]);
    shares.push_back(sum / (to - from));
  }
  return shares;
}

TEST(EntryThreshold, PassRateInterestFilterAndCommitmentFollowTheirFormulas) {
  const models::EntryThreshold free_entry(entry_params(""));
  EXPECT_EQ(free_entry.pass_rate(), 1.0);
  EXPECT_EQ(free_entry.filtered_interest(0.3f), 0.3f);
  EXPECT_EQ(free_entry.paid_attachment(), 0.0f);
  EXPECT_FALSE(free_entry.active());

  const models::EntryThreshold paid(
      entry_params("entry: {fee: 200, fee_scale: 100, selectivity: 0.5, selectivity_rejection: "
                   "0.8, fee_attachment: 0.6, selectivity_interest_shift: 2, "
                   "fee_interest_shift: 1.5}\n"));
  EXPECT_DOUBLE_EQ(paid.pass_rate(), (1 - 0.5 * 0.8) * std::exp(-2.0));
  // k = 2 x 0.5 + 1.5 x 200 / 300 = 2: interest' = 1 - (1 - i)^3.
  EXPECT_NEAR(paid.filtered_interest(0.5f), 1 - 0.125, 1e-6);
  EXPECT_NEAR(paid.paid_attachment(), 0.6 * 200 / 300, 1e-6);

  // Switched off with the onboarding module.
  const models::EntryThreshold off(entry_params("entry: {fee: 200}\nonboarding: {enabled: false}\n"));
  EXPECT_EQ(off.pass_rate(), 1.0);
  EXPECT_FALSE(off.active());
}

TEST(EntryThreshold, AFeeKeepsOnlyThePassRateOfJoiners) {
  // Joins ~ Binomial(reach, p x pass_rate) a day; totals over days x
  // replicates have binomial sd.
  const Scenario s = scenario_from(
      "run: {days: 100, replicates: 8}\ncommunity: {initial_members: 0}\n"
      "engagement: {enabled: false}\nparticipation: {enabled: false}\nchurn: {enabled: false}\n"
      "acquisition: {traffic_pool: 100000000, daily_ads_reach: 2000, join_probability: 0.05}\n"
      "entry: {fee: 200, fee_scale: 100}\n");
  const double n = 100.0 * 8 * 2000, p = 0.05 * std::exp(-2.0);
  const double total = mean_of(replicate_totals(run(s), "joined")) * 8;
  EXPECT_NEAR(total, n * p, 5 * std::sqrt(n * p * (1 - p)));
}

TEST(EntryThreshold, A200YuanFeeSlowsGrowthButKeepsKeenerMembersAndLivelierGroups) {
  Scenario paid = scenario_file("scenarios/paid-entry.yaml");
  Scenario free = scenario_file("scenarios/free-entry.yaml");
  ASSERT_EQ(paid.params.real("entry.fee"), 200.0);
  ASSERT_EQ(free.params.real("entry.fee"), 0.0);
  for (Scenario* s : {&paid, &free}) {
    s->params.set("run.days", std::int64_t{180});
    s->params.set("run.replicates", std::int64_t{8});
  }
  const EnsembleResult p = run(paid), f = run(free);
  const auto joined_p = replicate_totals(p, "joined"), joined_f = replicate_totals(f, "joined");
  EXPECT_LT(mean_of(joined_p), 0.5 * mean_of(joined_f));
  // Members take part more: the share who visit, and later the share who talk.
  for (const std::string metric : {"active_ratio", "talk_share"}) {
    const auto a = window_means(f, metric, 90, 180), b = window_means(p, metric, 90, 180);
    EXPECT_GT(mean_of(b) - mean_of(a), 5 * noise(a, b)) << metric;
  }
  // Groups live longer: a smaller share of them is dead.
  const auto dead_p = dead_share(p, 90, 180), dead_f = dead_share(f, 90, 180);
  EXPECT_GT(mean_of(dead_f) - mean_of(dead_p), 5 * noise(dead_f, dead_p));
  // Every joiner paid 200 yuan on the day it joined; seed members paid nothing.
  for (std::uint32_t rep = 0; rep < p.replicates; ++rep) {
    const auto revenue = series(p, "revenue", rep), joined = series(p, "joined", rep);
    for (std::size_t d = 0; d < revenue.size(); ++d) ASSERT_EQ(revenue[d], 200 * joined[d]) << d;
    for (double yuan : series(f, "revenue", rep)) ASSERT_EQ(yuan, 0.0);
  }
}

}  // namespace
}  // namespace commsim
