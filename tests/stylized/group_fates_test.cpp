// Stylized facts 2 and 11 of docs/model.md: most groups run without a
// system die; groups below about 50 members chat on their own, larger ones
// need rules and events.
#include <gtest/gtest.h>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

const char* kCalendar =
    "content.posts=[{type: morning_report, quality: 0.6, hour: 8, every_days: 1}, "
    "{type: live_course, quality: 0.8, hour: 20, weekdays: \"mon,wed,fri\"}]";

TEST(StylizedFacts, MostUnmanagedGroupsDie) {
  // "Of 10 communities, 9 die": by day 180 at least 7 of the 10 unmanaged
  // groups are dead in the median replicate; fed with content, at most 2.
  const Scenario unmanaged = scenario_file("scenarios/unmanaged-groups.yaml");
  ASSERT_EQ(unmanaged.params.integer("community.initial_groups"), 10);
  const EnsembleResult left = run(unmanaged);
  EXPECT_GE(median(left, "groups_dead")[179], 7);
  EXPECT_LE(median(left, "groups_dead")[179], 10);

  Scenario fed = scenario_file("scenarios/unmanaged-groups.yaml");
  apply_override(fed, kCalendar);
  EXPECT_LE(median(run(fed), "groups_dead")[179], 2);
}

double mean_talk_share(const EnsembleResult& r, int from, int to) {
  const std::vector<double> talk = median(r, "talk_share");
  double sum = 0;
  for (int d = from; d < to; ++d) sum += talk[d];
  return sum / (to - from);
}

TEST(StylizedFacts, SmallGroupsChatOnTheirOwnLargeOnesNeedRules) {
  // The same 600 people as 20 groups of 30 or 2 groups of 300, no operator.
  const std::string base =
      "run: {days: 60, replicates: 12, seed: 5}\nacquisition: {enabled: false}\n";
  const auto community = [&](int groups, bool rules) {
    return run(scenario_from(base + "community: {initial_groups: " + std::to_string(groups) +
                             ", initial_members: 600}\nonboarding: {rules: " +
                             (rules ? "true" : "false") + "}\n"));
  };
  const double small = mean_talk_share(community(20, false), 14, 60);
  const double large = mean_talk_share(community(2, false), 14, 60);
  EXPECT_GT(small, 1.5 * large) << small << " vs " << large;
  // Rules lift the large groups' chat and leave the small ones as they were.
  const double large_ruled = mean_talk_share(community(2, true), 14, 60);
  const double small_ruled = mean_talk_share(community(20, true), 14, 60);
  EXPECT_GT(large_ruled, 1.3 * large) << large << " -> " << large_ruled;
  EXPECT_NEAR(small_ruled, small, 0.02);
}

}  // namespace
}  // namespace commsim
