#include <gtest/gtest.h>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

const std::string kCommunity =
    "run: {days: 90, replicates: 12}\ncommunity: {initial_groups: 4, initial_members: 800}\n"
    "acquisition: {daily_ads_reach: 500, join_probability: 0.02}\n";

TEST(Pruning, PrunesOnlyOnPruneDaysAndOnlySilentMembers) {
  const EnsembleResult r = run(scenario_from(
      kCommunity + "pruning: {every_days: 7, silence_days: 14, start_day: 14}\n"));
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const std::vector<double> pruned = series(r, "pruned", rep);
    for (std::size_t d = 0; d < pruned.size(); ++d)
      if (d < 14 || (d - 14) % 7 != 0) {
        EXPECT_EQ(pruned[d], 0) << "day " << d;
      }
    EXPECT_GT(pruned[14], 0);  // the seed cohort's lurkers
  }
}

TEST(Pruning, RaisesTheShareOfMembersWhoTalk) {
  // Fact 4: removing the silent leaves a group where most members talk.
  const EnsembleResult none = run(scenario_from(kCommunity));
  const EnsembleResult weekly =
      run(scenario_from(kCommunity + "pruning: {every_days: 7, silence_days: 14}\n"));
  const double before = median(none, "talk_share")[84];
  const double after = median(weekly, "talk_share")[84];  // day after a prune (84 = 12 x 7)
  EXPECT_GT(after, 2.0 * before) << before << " -> " << after;
  EXPECT_LT(median(weekly, "members")[89], median(none, "members")[89]);
}

TEST(Pruning, SilenceCountsFromJoiningForThoseWhoNeverPosted) {
  // Pruning every day from day 1 with 10 days of silence allowed: nobody can
  // be pruned before day 10, since the seed members joined on day 0.
  const EnsembleResult r = run(scenario_from(
      "run: {days: 20, replicates: 4}\ncommunity: {initial_members: 400}\n"
      "acquisition: {enabled: false}\nchurn: {enabled: false}\n"
      "pruning: {every_days: 1, silence_days: 10, start_day: 1}\n"));
  for (std::uint32_t rep = 0; rep < 4; ++rep) {
    const std::vector<double> pruned = series(r, "pruned", rep);
    for (int d = 0; d < 10; ++d) EXPECT_EQ(pruned[d], 0) << d;
    EXPECT_GT(pruned[10], 100);  // most seed members never posted
  }
}

}  // namespace
}  // namespace commsim
