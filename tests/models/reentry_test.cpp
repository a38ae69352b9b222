// Funnel re-entry: who comes back into the funnel, when, and what it sells.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/module_driver.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

void nothing(Population&) {}

TEST(Reentry, LapsedAndRefundedMembersComeBackOnTheDayTheCooldownEnds) {
  // Probability 1: each eligible member re-enters on the first day
  // day - funnel_day >= cooldown_days, never before.
  for (const bool refunded : {true, false}) {
    ModuleDriver driver("reentry", std::string("reentry: {probability: 1, cooldown_days: 10, refunded: ") +
                                       (refunded ? "true" : "false") + "}\n");
    driver.groups.open(0);
    driver.add_members(4, 0);
    assign(driver.field<Funnel>("funnel"), {Funnel::Lapsed, Funnel::Refunded, Funnel::Paid, Funnel::None});
    assign(driver.field<Day>("funnel_day"), {Day{0}, Day{2}, Day{0}, kNever});
    for (Day day = 1; day <= 20; ++day) {
      driver.run_day(day, nothing);
      const auto funnel = driver.field<Funnel>("funnel");
      const auto since = driver.field<Day>("funnel_day");
      EXPECT_EQ(funnel[0], day >= 10 ? Funnel::None : Funnel::Lapsed) << "day " << day;
      EXPECT_EQ(since[0], day >= 10 ? Day{10} : Day{0}) << "day " << day;
      if (refunded) EXPECT_EQ(funnel[1], day >= 12 ? Funnel::None : Funnel::Refunded) << "day " << day;
      else EXPECT_EQ(funnel[1], Funnel::Refunded) << "day " << day;
      EXPECT_EQ(funnel[2], Funnel::Paid);
      EXPECT_EQ(funnel[3], Funnel::None);
      EXPECT_EQ(driver.metric("reentries"), (day == 10) + (refunded && day == 12)) << "day " << day;
    }
  }
}

TEST(Reentry, EachEligibleMemberComesBackWithTheDailyProbability) {
  // 20,000 lapsed members past the cooldown: Binomial(remaining, p) a day.
  ModuleDriver driver("reentry", "reentry: {probability: 0.1, cooldown_days: 0}\n");
  driver.groups.open(0);
  const std::uint32_t n = 20000;
  driver.add_members(n, 0);
  auto funnel = driver.field<Funnel>("funnel");
  std::fill(funnel.begin(), funnel.end(), Funnel::Lapsed);
  auto since = driver.field<Day>("funnel_day");
  std::fill(since.begin(), since.end(), Day{0});
  double remaining = n;
  for (Day day = 1; day <= 5; ++day) {
    driver.run_day(day, nothing);
    const double back = double(driver.metric("reentries"));
    EXPECT_NEAR(back, 0.1 * remaining, 5 * std::sqrt(remaining * 0.1 * 0.9)) << "day " << day;
    remaining -= back;
  }
}

// A pond of 1,000 sold a 9.9 yuan class every 30 days (enrolment days 5-9,
// camp 10-14, the product offered at camp end on day 15, and so on); a
// mediocre camp, so most students lapse at camp end; a 30-day membership,
// so members lapse too.
std::string pond(const std::string& reentry) {
  return "run: {days: 150, replicates: 8, seed: 21}\n"
         "community: {initial_groups: 20, initial_members: 1000}\n"
         "acquisition: {enabled: false}\n"
         "funnel: {trust_gain: 0.3, offer_bait: true, bait_conversion: 0.5, bait_start_day: 5, "
         "bait_every_days: 30, enrollment_days: 5, camp_days: 5, camp_quality: 0.6, "
         "offer_product: true, direct_conversion: 0, renewal_days: 30}\n"
         "reentry: " + reentry + "\n";
}

TEST(Reentry, BuyersWhoComeBackBuyAgainButNotBeforeTheCooldown) {
  const EnsembleResult off = run(scenario_from(pond("{}")));
  const EnsembleResult on = run(scenario_from(pond("{probability: 0.2, cooldown_days: 20}")));
  // The first lapses are on day 15 (camp end): nobody is back before day 35.
  double back = 0;
  for (std::uint32_t rep = 0; rep < on.replicates; ++rep) {
    const auto reentries = series(on, "reentries", rep);
    for (int day = 0; day < 35; ++day) ASSERT_EQ(reentries[day], 0.0) << "day " << day;
    back += std::accumulate(reentries.begin(), reentries.end(), 0.0);
    EXPECT_EQ(series(off, "reentries", rep), std::vector<double>(150, 0.0));
  }
  EXPECT_GT(back, 8 * 100.0);
  // Same seed: the runs are the same people until the first re-entry, and
  // every replicate sells more with re-entry than without. The paired gain
  // is far beyond its replicate noise.
  for (const char* metric : {"trials", "conversions"}) {
    const auto with = replicate_totals(on, metric), without = replicate_totals(off, metric);
    std::vector<double> gain;
    for (std::size_t r = 0; r < with.size(); ++r) gain.push_back(with[r] - without[r]);
    EXPECT_GT(mean_of(gain), 5 * sample_sd(gain) / std::sqrt(double(gain.size()))) << metric;
    EXPECT_GT(mean_of(gain), 0.2 * mean_of(without)) << metric;
    for (std::uint32_t rep = 0; rep < on.replicates; ++rep) {
      const auto a = series(on, metric, rep), b = series(off, metric, rep);
      for (int day = 0; day < 35; ++day) ASSERT_EQ(a[day], b[day]) << metric << " day " << day;
    }
  }
}

TEST(Reentry, BitIdenticalForAnyThreadCountAndGrain) {
  Scenario s = scenario_from(pond("{probability: 0.2, cooldown_days: 10}"));
  apply_override(s, "run.replicates=2");
  const auto run_with = [&](unsigned threads, std::uint32_t grain) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(s, standard(), grain);
  };
  const EnsembleResult reference = run_with(1, 4096);
  ASSERT_GT(mean_of(replicate_totals(reference, "reentries")), 0.0);
  EXPECT_TRUE(bitwise_equal(run_with(2, 64).values, reference.values));
}

}  // namespace
}  // namespace commsim
