// Stylized facts 3 and 4 of docs/model.md: about one member in five talks;
// pruning the silent raises the visible share of talkers (20% -> 67% in the
// texts' example) at the price of members.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(StylizedFacts, LurkersAreTheMajority) {
  // In a fed, growing community (content-calendar.yaml) the median share of
  // members who posted in the last week stays between 12% and 35% (the
  // texts: "of 100 members about 20 talk") from day 30 on.
  Scenario s = scenario_file("scenarios/content-calendar.yaml");
  apply_override(s, "run.days=200");
  apply_override(s, "run.replicates=8");
  const std::vector<double> talk = median(run(s), "talk_share");
  for (int d = 30; d < 200; ++d) {
    EXPECT_GT(talk[d], 0.12) << "day " << d;
    EXPECT_LT(talk[d], 0.35) << "day " << d;
  }
}

TEST(StylizedFacts, PruningMakesTheGroupLookAlive) {
  // Monthly pruning of members silent for a week: the day after a prune the
  // share who talk at least doubles and exceeds 60%; the group is smaller.
  Scenario none = scenario_file("scenarios/content-calendar.yaml");
  apply_override(none, "run.days=200");
  apply_override(none, "run.replicates=8");
  Scenario pruned = none;
  apply_override(pruned, "pruning.every_days=30");
  apply_override(pruned, "pruning.silence_days=7");
  const EnsembleResult a = run(none), b = run(pruned);
  const std::vector<double> before = median(a, "talk_share"), after = median(b, "talk_share");
  for (int prune_day : {60, 90, 150, 180}) {
    EXPECT_GT(after[prune_day], 2.0 * before[prune_day]) << "day " << prune_day;
    EXPECT_GT(after[prune_day], 0.6) << "day " << prune_day;
  }
  EXPECT_LT(median(b, "members")[199], 0.7 * median(a, "members")[199]);
}

}  // namespace
}  // namespace commsim

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(StylizedFacts, PruningLosesFutureBuyers) {
  // The trade-off a strategist wants to see: in the bait-class funnel,
  // weekly pruning of two-week-silent members makes the groups look alive
  // but removes lurkers who would have bought later.
  Scenario none = scenario_file("scenarios/bait-funnel.yaml");
  apply_override(none, "run.days=365");
  apply_override(none, "run.replicates=12");
  Scenario pruned = none;
  apply_override(pruned, "pruning.every_days=7");
  apply_override(pruned, "pruning.silence_days=14");
  const EnsembleResult a = run(none), b = run(pruned);
  const auto trials_a = replicate_totals(a, "trials"), trials_b = replicate_totals(b, "trials");
  const double noise = (sample_sd(trials_a) + sample_sd(trials_b)) / std::sqrt(12.0);
  EXPECT_GT(mean_of(trials_a) - mean_of(trials_b), 5 * noise)
      << mean_of(trials_a) << " vs " << mean_of(trials_b);
  EXPECT_GT(median(b, "talk_share")[364], 1.5 * median(a, "talk_share")[364]);
}

}  // namespace
}  // namespace commsim
