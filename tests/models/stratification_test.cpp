// Stratification: tastes drawn at creation, each group's conflict from its
// composition, and what mixing conflicting segments does to a community.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/module_driver.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(Stratification, TastesAreDrawnFromTheDeclaredMix) {
  const Scenario s = scenario_from(
      "stratification: {tastes: [{share: 2}, {share: 3}, {share: 0}, {share: 5}]}\n");
  std::unique_ptr<Behaviour> module;
  for (const ModuleDefinition& m : standard().modules())
    if (m.name == "stratification") module = m.create(s.params, standard().module_layout(m.name), {});
  Population pop = population();
  const std::uint32_t n = 40000;
  const MemberRange people = pop.append(n, kNoGroup, 0, MemberState::Prospect);
  const Groups groups;
  const DayTally tally;
  const GroupSignals signals;
  module->init_members(DayContext{{7, 0, 0}, 0, groups, tally, signals}, pop, people);
  std::array<double, 4> count{};
  for (const std::uint8_t t : field<std::uint8_t>(pop, "taste")) ++count[t];
  const std::array<double, 4> share = {0.2, 0.3, 0.0, 0.5};
  for (int t = 0; t < 4; ++t)
    EXPECT_NEAR(count[t], n * share[t], 5 * std::sqrt(n * share[t] * (1 - share[t]))) << "taste " << t;
}

TEST(Stratification, AGroupsConflictIsTheChanceThatTwoOfItsMembersConflict) {
  // Tastes 0 and 1 conflict, 2 conflicts with neither. Day 0 counts the
  // groups; day 1 adds conflict_weight x sum n_a n_b / n^2 (ordered
  // conflicting pairs) to their overload.
  ModuleDriver driver("stratification",
                      "stratification: {tastes: [{share: 1}, {share: 1}, {share: 1}], "
                      "conflicts: [{taste_a: 1, taste_b: 0}], conflict_weight: 2}\n");
  const std::vector<std::vector<std::uint8_t>> groups = {
      {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},  // homogeneous
      {0, 0, 0, 0, 0, 1, 1, 1, 1, 1},  // half and half: 2 x 25 / 100
      {0, 0, 0, 0, 0, 0, 1, 1, 2, 2},  // 2 x 6 x 2 / 100
      {1, 1, 1, 1, 1, 2, 2, 2, 2, 2},  // mixed, but nobody conflicts
  };
  for (std::uint32_t g = 0; g < groups.size(); ++g) {
    driver.groups.open(0);
    const MemberRange r = driver.add_members(std::uint32_t(groups[g].size()), g);
    for (std::uint32_t i = r.begin; i < r.end; ++i) driver.field<std::uint8_t>("taste")[i] = groups[g][i - r.begin];
  }
  const SignalId overload = driver.layout().group_signal_id("overload");
  driver.run_day(0, [](Population&) {});
  for (std::uint32_t g = 0; g < 4; ++g) EXPECT_EQ(driver.signals.get(overload, g), 0.0f) << g;  // nothing counted yet
  driver.run_day(1, [](Population&) {});
  const std::array<double, 4> conflict = {0.0, 0.5, 0.24, 0.0};
  for (std::uint32_t g = 0; g < 4; ++g)
    EXPECT_EQ(driver.signals.get(overload, g), float(2 * conflict[g])) << g;
  // The members' mean conflict: (0 + 0.5 + 0.24 + 0) x 10 / 40.
  EXPECT_DOUBLE_EQ(driver.recorded("mixing_conflict", 1), 0.185);
}

// 2,000 members in 20 groups of 100, no ads: the same people in every
// variant (same seed), only their tastes' conflict differs.
EnsembleResult community(const std::string& stratification) {
  return run(scenario_from("run: {days: 120, replicates: 8, seed: 17}\n"
                           "community: {initial_groups: 20, initial_members: 2000}\n"
                           "acquisition: {enabled: false}\n"
                           "stratification: " + stratification + "\n"));
}

const char* kConflict = "conflicts: [{taste_a: 0, taste_b: 1}]";

TEST(Stratification, WithoutConflictOrWeightNothingChanges) {
  const EnsembleResult plain = community("{}");
  for (const std::string& off :
       {std::string("{tastes: [{share: 1}]}"), std::string("{tastes: [{share: 1}, {share: 1}]}"),
        "{tastes: [{share: 1}, {share: 1}], " + std::string(kConflict) + ", conflict_weight: 0}"})
    EXPECT_TRUE(bitwise_equal(community(off).values, plain.values)) << off;
}

TEST(Stratification, MixingConflictingSegmentsCostsEngagementAndMembers) {
  // Groups of one taste against groups mixed 90/10 (conflict 0.18) and
  // 50/50 (0.5): every step of mixing loses visits and members, paired by
  // replicate, by more than 5 standard errors of the paired difference.
  const EnsembleResult one = community("{}");
  const EnsembleResult some = community("{tastes: [{share: 0.9}, {share: 0.1}], " + std::string(kConflict) + "}");
  const EnsembleResult half = community("{tastes: [{share: 0.5}, {share: 0.5}], " + std::string(kConflict) + "}");
  EXPECT_NEAR(median(some, "mixing_conflict")[1], 0.18, 0.03);
  EXPECT_NEAR(median(half, "mixing_conflict")[1], 0.5, 0.01);
  EXPECT_EQ(median(one, "mixing_conflict")[1], 0.0);
  const auto last_day = [](const EnsembleResult& r, const char* metric) {
    std::vector<double> x;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) x.push_back(series(r, metric, rep).back());
    return x;
  };
  const auto loss = [](const std::vector<double>& better, const std::vector<double>& worse) {
    std::vector<double> d;
    for (std::size_t r = 0; r < better.size(); ++r) d.push_back(better[r] - worse[r]);
    return d;
  };
  // Measured: members on the last day 257 -> 213 -> 179, visits 13,100 ->
  // 9,200 -> 5,400 (means of 8 replicates); each step costs at least 5%.
  for (const auto& [pure, mixed] : {std::pair{&one, &some}, {&some, &half}})
    for (const char* metric : {"active", "members"}) {
      const bool flow = std::string(metric) == "active";
      const std::vector<double> before = flow ? replicate_totals(*pure, metric) : last_day(*pure, metric);
      const std::vector<double> d =
          loss(before, flow ? replicate_totals(*mixed, metric) : last_day(*mixed, metric));
      EXPECT_GT(mean_of(d), 5 * sample_sd(d) / std::sqrt(double(d.size()))) << metric;
      EXPECT_GT(mean_of(d), 0.05 * mean_of(before)) << metric;
    }
}

TEST(Stratification, BitIdenticalForAnyThreadCountAndGrain) {
  Scenario s = scenario_from("run: {days: 60, replicates: 2, seed: 3}\n"
                             "community: {initial_groups: 20, initial_members: 2000}\n"
                             "acquisition: {daily_ads_reach: 500}\n"
                             "stratification: {tastes: [{share: 0.6}, {share: 0.4}], " +
                             std::string(kConflict) + "}\n");
  const auto run_with = [&](unsigned threads, std::uint32_t grain) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(s, standard(), grain);
  };
  const EnsembleResult reference = run_with(1, 4096);
  EXPECT_TRUE(bitwise_equal(run_with(2, 64).values, reference.values));
}

}  // namespace
}  // namespace commsim
