#include <gtest/gtest.h>

#include <cmath>

#include "models/ledger.hpp"
#include "models/incentives/admin_rotation.hpp"
#include "sim/input_error.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// A cohort of 400 in two groups, left to itself: quiet after the first week,
// so an incentive's effect stands out.
const std::string kCohort =
    "run: {days: 50, replicates: 16, seed: 9}\n"
    "community: {initial_groups: 2, initial_members: 400}\nacquisition: {enabled: false}\n";

double total(const std::vector<double>& x, std::size_t from = 0, std::size_t to = SIZE_MAX) {
  double sum = 0;
  const std::size_t end = std::min(to, x.size());
  for (std::size_t d = from; d < end; ++d) sum += x[d];
  return sum;
}

double median_total(const EnsembleResult& r, const std::string& metric, std::size_t from = 0,
                    std::size_t to = SIZE_MAX) {
  std::vector<double> totals;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
    totals.push_back(total(series(r, metric, rep), from, to));
  std::sort(totals.begin(), totals.end());
  return quantile_of_sorted(totals, 0.5);
}

std::vector<double> head(const std::vector<double>& x, std::size_t days) {
  return {x.begin(), x.begin() + std::ptrdiff_t(days)};
}

TEST(Incentives, RedPacketsSpikeVisitsOnTheirDaysAndCostAmountTimesPacketsTimesGroups) {
  // Rounds on days 30, 37, 44 of 10 packets x 10 yuan: spike 0.3 x 100 /
  // (100 + 100) = 0.15. Until day 29 the runs are identical (same draws);
  // on day 30 each member visits with p + 0.15 instead of p, so the extra
  // visitors are Binomial(members, 0.15) summed over replicates.
  const EnsembleResult plain = run(scenario_from(kCohort));
  const EnsembleResult packets = run(scenario_from(
      kCohort + "incentives: {red_packets: [{every_days: 7, start_day: 30, end_day: 44, "
                "amount: 10, packets: 10}]}\n"));
  double extra = 0, members = 0, extra_next_day = 0;
  for (std::uint32_t rep = 0; rep < 16; ++rep) {
    const auto with = series(packets, "active", rep), without = series(plain, "active", rep);
    EXPECT_EQ(head(with, 30), head(without, 30));
    extra += with[30] - without[30];
    extra_next_day += with[31] - without[31];
    members += series(plain, "members", rep)[29];
    const auto cost = series(packets, "incentive_cost", rep);
    const auto ledger = series(packets, "cost", rep);
    for (std::size_t d = 0; d < cost.size(); ++d) {
      const bool packet_day = d == 30 || d == 37 || d == 44;
      EXPECT_EQ(cost[d], packet_day ? 10.0 * 10 * 2 : 0.0) << "day " << d;
      EXPECT_EQ(ledger[d], cost[d]) << "day " << d;
    }
  }
  EXPECT_NEAR(extra, 0.15 * members, 5 * std::sqrt(members * 0.15 * 0.85));
  // A short spike: the next day keeps little of it.
  EXPECT_LT(extra_next_day, 0.25 * extra);
}

TEST(Incentives, RedPacketRoundsFollowTheirWeekdaysAndSegment) {
  // Day 0 is a Monday: a Saturday round until day 20 goes out on days 5,
  // 12 and 19. The initial groups are fish ponds (segment 0), so a round
  // for training camps (segment 2) sends nothing and costs nothing.
  const EnsembleResult r = run(scenario_from(
      kCohort + "incentives: {red_packets: [{weekdays: sat, end_day: 20, amount: 1, packets: 3}, "
                "{day: 3, amount: 10, packets: 10, segment: 2}]}\n"));
  const auto cost = series(r, "incentive_cost", 0);
  for (std::size_t d = 0; d < cost.size(); ++d)
    EXPECT_EQ(cost[d], d == 5 || d == 12 || d == 19 ? 1.0 * 3 * 2 : 0.0) << "day " << d;
  EXPECT_EQ(head(series(r, "active", 0), 5), head(series(run(scenario_from(kCohort)), "active", 0), 5));
}

TEST(Incentives, ARedPacketRoundMustBeScheduled) {
  EXPECT_THROW(scenario_from("incentives: {red_packets: [{amount: 10, packets: 10}]}\n"),
               InputError);
  EXPECT_THROW(scenario_from("incentives: {red_packets: [{day: 3, weekdays: \"mon,xyz\"}]}\n"),
               InputError);
}

TEST(Incentives, CheckInRaisesVisitsAndCostsVisitorsTimesPoints) {
  // Every visit is a check-in worth 0.1 yuan of points; checkin_boost 0.05
  // a day pulls in more visits. Measured: +40% visits.
  const EnsembleResult plain = run(scenario_from(kCohort));
  const EnsembleResult checkin =
      run(scenario_from(kCohort + "incentives: {checkin: true, checkin_points_yuan: 0.1}\n"));
  for (std::uint32_t rep = 0; rep < 16; ++rep) {
    const auto checkins = series(checkin, "checkins", rep), cost = series(checkin, "incentive_cost", rep);
    EXPECT_EQ(checkins, series(checkin, "active", rep));
    for (std::size_t d = 0; d < cost.size(); ++d)
      EXPECT_EQ(cost[d], double(std::int64_t(checkins[d]) * 10) / 100.0) << "day " << d;
  }
  EXPECT_GT(median_total(checkin, "active"), 1.2 * median_total(plain, "active"));
}

TEST(Incentives, LotteriesSpikeVisitsOnDrawDays) {
  const EnsembleResult plain = run(scenario_from(kCohort));
  const EnsembleResult lottery = run(scenario_from(
      kCohort + "incentives: {lottery_every_days: 10, lottery_start_day: 5, lottery_prize: 50, "
                "lottery_spike: 0.2}\n"));
  const auto cost = series(lottery, "incentive_cost", 0);
  for (std::size_t d = 0; d < cost.size(); ++d)
    EXPECT_EQ(cost[d], d >= 5 && (d - 5) % 10 == 0 ? 50.0 * 2 : 0.0) << "day " << d;
  EXPECT_EQ(head(series(lottery, "active", 0), 5), head(series(plain, "active", 0), 5));
  const auto with = median(lottery, "active"), without = median(plain, "active");
  for (int d : {15, 25, 35}) EXPECT_GT(with[d], without[d] + 0.1 * median(plain, "members")[d - 1]);
}

TEST(Incentives, AwardPrizesAreTheGroupFundSpreadOverAYear) {
  // The texts' arithmetic: fund per member x members / 52 a week. 520
  // members x 200 yuan / 52 = 2,000 yuan; at 52 members the weekly prize
  // equals one 200 yuan fee. Nobody leaves (no churn, no ads).
  for (const auto& [members, prize] : {std::pair{520, 2000.0}, {52, 200.0}}) {
    const EnsembleResult r = run(scenario_from(
        "run: {days: 28, replicates: 2}\nacquisition: {enabled: false}\nchurn: {enabled: false}\n"
        "community: {initial_members: " + std::to_string(members) + "}\n"
        "incentives: {awards: true, award_fund_per_member: 200}\n"));
    const auto cost = series(r, "incentive_cost", 1);
    for (std::size_t d = 0; d < cost.size(); ++d)
      EXPECT_EQ(cost[d], d % 7 == 6 ? prize : 0.0) << members << " members, day " << d;
  }
}

TEST(Incentives, AwardPrizesUseTheGroupSizeAtTheEndOfTheAwardDay) {
  // One group that gains about 20 ads joiners a day: each week's prize is
  // 200 x the group's members at the end of the award day (the day's
  // `members`, after its joins) / 52, not at its start.
  const EnsembleResult r = run(scenario_from(
      "run: {days: 42, replicates: 2}\ncommunity: {initial_members: 100, group_cap: 100000}\n"
      "churn: {enabled: false}\nincentives: {awards: true, award_fund_per_member: 200}\n"));
  for (std::uint32_t rep = 0; rep < 2; ++rep) {
    const auto cost = series(r, "incentive_cost", rep), members = series(r, "members", rep);
    for (std::size_t d = 6; d < cost.size(); d += 7) {
      ASSERT_GT(members[d], members[d - 1]) << "day " << d;  // people joined that day
      EXPECT_EQ(cost[d], double(models::to_fen(200.0 * members[d] / 52.0)) / 100.0) << "day " << d;
    }
  }
}

TEST(Incentives, AwardsMakeCreatorsPost) {
  // 30% creators; the first award (day 6) of 200 x 200 / 52 = 769 yuan per
  // group gives them post_boost 2 x 769 / (769 + 1000) = 0.87 from day 7.
  // Measured: +30% messages over days 7-49. Without creators awards change
  // nothing but the cost.
  const EnsembleResult plain = run(scenario_from(kCohort + "roles: {creator_share: 0.3}\n"));
  const EnsembleResult awards =
      run(scenario_from(kCohort + "roles: {creator_share: 0.3}\nincentives: {awards: true}\n"));
  EXPECT_EQ(head(series(awards, "messages", 0), 7), head(series(plain, "messages", 0), 7));
  EXPECT_GT(median_total(awards, "messages", 7), 1.15 * median_total(plain, "messages", 7));
  const EnsembleResult no_creators_plain = run(scenario_from(kCohort + "roles: {creator_share: 0}\n"));
  const EnsembleResult no_creators_awards =
      run(scenario_from(kCohort + "roles: {creator_share: 0}\nincentives: {awards: true}\n"));
  for (std::uint32_t rep = 0; rep < 16; ++rep)
    EXPECT_EQ(series(no_creators_awards, "messages", rep), series(no_creators_plain, "messages", rep));
  EXPECT_GT(median_total(no_creators_awards, "incentive_cost"), 0);
}

TEST(Incentives, PaidAdminsRotateWeeklyAtTheirPay) {
  // Two groups of 200, nobody leaves: each rotation (days 0, 7, 14, ...)
  // appoints one admin per group, paid a week in advance; the admin takes
  // the role in the next day's member phase, after that day's visits, so
  // it is counted (and posts as an admin) from the day after.
  const EnsembleResult r = run(scenario_from(
      kCohort + "churn: {enabled: false}\n"
                "incentives: {paid_admins: true, admin_pay_per_week: 1000}\n"));
  for (std::uint32_t rep = 0; rep < 16; ++rep) {
    const auto cost = series(r, "incentive_cost", rep), admins = series(r, "admins", rep);
    for (std::size_t d = 0; d < cost.size(); ++d) {
      EXPECT_EQ(cost[d], d % 7 == 0 ? 2000.0 : 0.0) << "day " << d;
      EXPECT_EQ(admins[d], d < 2 ? 0 : 2) << "day " << d;
    }
  }
}

TEST(Incentives, PaidAdminsServeSevenDaysAndAYearBooksFiftyThreeWeeks) {
  // One group of 100, nobody joins or leaves, no volunteer admins.
  const std::string cohort =
      "community: {initial_members: 100}\nacquisition: {enabled: false}\nchurn: {enabled: false}\n";
  // Ending on day 20: rotations on days 0, 7 and 14 (none on the end day);
  // each admin counts from the second day after its choice, the last until
  // the day after the end day.
  const EnsembleResult ended = run(scenario_from(
      "run: {days: 30, replicates: 1}\n" + cohort +
      "incentives: {paid_admins: true, paid_admins_end_day: 20}\n"));
  const auto cost = series(ended, "incentive_cost", 0), admins = series(ended, "admins", 0);
  for (std::size_t d = 0; d < cost.size(); ++d) {
    EXPECT_EQ(cost[d], d == 0 || d == 7 || d == 14 ? 1150.0 : 0.0) << "day " << d;
    EXPECT_EQ(admins[d], d >= 2 && d <= 21 ? 1.0 : 0.0) << "day " << d;
  }
  // The default pay is 1,150 a week. Rotation days 0, 7, ..., 364 are 53 in
  // a 365-day run (the last pays for a week after the horizon); 52 weeks,
  // 364 days, book 52 (59,800 yuan).
  for (const auto& [days, weeks] : {std::pair{365, 53}, {364, 52}}) {
    const EnsembleResult year = run(scenario_from(
        "run: {days: " + std::to_string(days) + ", replicates: 1}\n" + cohort +
        "incentives: {paid_admins: true}\n"));
    EXPECT_EQ(total(series(year, "incentive_cost", 0)), 1150.0 * weeks) << days << " days";
  }
}

TEST(Incentives, EachRotationPicksTheMostRecentPosterWhoHasNotServed) {
  Population pop = population();
  pop.append(4, 0, 0);
  pop.append(2, 1, 0);
  assign<Day>(field<Day>(pop, "last_post_day"), {3, 9, 9, kNever, 1, 2});
  assign(field<float>(pop, "engagement"), {0.5f, 0.2f, 0.4f, 0.9f, 0.1f, 0.1f});
  field<Role>(pop, "role")[2] = Role::Kol;  // only ordinary members serve
  const ModelLayout& layout = standard().layout();
  models::PaidAdminRotation rotation(layout.column_id<Role>("role"), layout.column_id<Day>("last_post_day"),
                                     layout.column_id<float>("engagement"));
  EXPECT_EQ(rotation.rotate(pop, 2), 2u);
  EXPECT_EQ(rotation.admin_of(0), 1u);
  EXPECT_EQ(rotation.admin_of(1), 5u);
  for (std::uint32_t i = 0; i < pop.size(); ++i) rotation.apply(pop, field<Role>(pop, "role"), i);
  EXPECT_EQ(field<Role>(pop, "role")[1], Role::PaidAdmin);
  EXPECT_EQ(field<Role>(pop, "role")[5], Role::PaidAdmin);
  // Next week: the last admins have served; the previous ones step down.
  rotation.rotate(pop, 2);
  EXPECT_EQ(rotation.admin_of(0), 0u);
  EXPECT_EQ(rotation.admin_of(1), 4u);
  for (std::uint32_t i = 0; i < pop.size(); ++i) rotation.apply(pop, field<Role>(pop, "role"), i);
  EXPECT_EQ(field<Role>(pop, "role")[1], Role::Ordinary);
  EXPECT_EQ(field<Role>(pop, "role")[0], Role::PaidAdmin);
  EXPECT_EQ(field<Role>(pop, "role")[2], Role::Kol);
  // An admin who leaves is not replaced until the next rotation.
  pop.state[0] = MemberState::Churned;
  rotation.drop_leavers(pop);
  EXPECT_EQ(rotation.admin_of(0), models::PaidAdminRotation::kNone);
}

TEST(Incentives, PaidAdminsKeepLargeGroupsActiveWhereVolunteersBurnOut) {
  // scenarios/paid-admins.yaml against the same groups with their burnt-out
  // volunteers only. Measured over days 180-364: +8% visits, +19% messages,
  // 16 of 16 replicates (replicate sd ~1.6% of visits).
  const Scenario paid = scenario_file("scenarios/paid-admins.yaml");
  Scenario volunteers = paid;
  apply_override(volunteers, "incentives.paid_admins=false");
  const EnsembleResult with = run(paid), without = run(volunteers);
  EXPECT_GT(median_total(with, "active", 180), 1.04 * median_total(without, "active", 180));
  EXPECT_GT(median_total(with, "messages", 180), 1.1 * median_total(without, "messages", 180));
  EXPECT_EQ(median_total(without, "incentive_cost"), 0);
  // Each weekly rotation pays a week to one admin in each group that still
  // has an eligible member (old groups empty out as members churn).
  for (std::uint32_t rep = 0; rep < with.replicates; ++rep) {
    const auto cost = series(with, "incentive_cost", rep), groups = series(with, "groups", rep);
    for (std::size_t d = 0; d < cost.size(); ++d) {
      if (d % 7 != 0) {
        EXPECT_EQ(cost[d], 0.0) << "day " << d;
        continue;
      }
      EXPECT_EQ(std::fmod(cost[d], 1150.0), 0.0) << "day " << d;
      EXPECT_GE(cost[d], 1150.0) << "day " << d;
      EXPECT_LE(cost[d], 1150.0 * groups[d]) << "day " << d;
    }
  }
}

}  // namespace
}  // namespace commsim

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(Incentives, ABudgetStopsEveryIncentiveOnceSpent) {
  // 100 yuan of packets per group a day, two groups: 200 yuan a day against
  // a 1,000 yuan budget. Days 0-4 spend it; from day 5 nothing is sent.
  const EnsembleResult r = run(scenario_from(
      "run: {days: 20, replicates: 2}\ncommunity: {initial_groups: 2, initial_members: 400}\n"
      "acquisition: {enabled: false}\n"
      "incentives: {budget: 1000, red_packets: [{every_days: 1, amount: 5, packets: 20}]}\n"));
  for (std::uint32_t rep = 0; rep < 2; ++rep) {
    const std::vector<double> spent = series(r, "incentive_cost", rep);
    for (int d = 0; d < 5; ++d) EXPECT_EQ(spent[d], 200) << d;
    for (int d = 5; d < 20; ++d) EXPECT_EQ(spent[d], 0) << d;
  }
}

}  // namespace
}  // namespace commsim
