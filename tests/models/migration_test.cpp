#include <gtest/gtest.h>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// A big group that goes lukewarm after its honeymoon.
const std::string kLukewarm =
    "run: {days: 60, replicates: 8}\ncommunity: {initial_members: 400}\n"
    "acquisition: {enabled: false}\n";

TEST(Migration, MovesTheEngagedToAFreshGroupAndLeavesTheRest) {
  const EnsembleResult r = run(scenario_from(
      kLukewarm + "migration: {check_every_days: 10, min_group_age_days: 20, "
                  "lukewarm_talk_share: 0.05, min_engagement: 0.05}\n"));
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const std::vector<double> migrations = series(r, "migrations", rep);
    const std::vector<double> migrated = series(r, "migrated", rep);
    for (std::size_t d = 0; d < migrations.size(); ++d)
      if (d % 10 != 0 || d < 20) {
        EXPECT_EQ(migrations[d], 0) << d;
      }
    // The first migration (day 20): the engaged follow, the rest stay.
    EXPECT_EQ(migrations[20], 1);
    EXPECT_GT(migrated[20], 0);
    EXPECT_LT(migrated[20], 0.9 * series(r, "members", rep)[19]);
    EXPECT_GE(series(r, "groups", rep)[20], 2);
  }
}

TEST(Migration, OffByDefault) {
  const EnsembleResult r = run(scenario_from(kLukewarm));
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
    EXPECT_EQ(series(r, "groups", rep).back(), 1);
}

}  // namespace
}  // namespace commsim
