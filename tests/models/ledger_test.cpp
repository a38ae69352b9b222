// Money is counted in integer fen and written in yuan by the engine, so its
// units do not depend on which modules are on.
#include <gtest/gtest.h>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// A 10 yuan entry fee; ads bring joiners every day; nothing else costs.
const std::string kFeeScenario =
    "run: {days: 30, replicates: 2}\ncommunity: {initial_members: 100}\n"
    "acquisition: {daily_ads_reach: 2000, join_probability: 0.05}\nentry: {fee: 10}\n";

TEST(Ledger, RevenueIsInYuanWhetherOrNotTheLedgerIsOn) {
  // Regression: with the ledger off, revenue was written in fen (joiners x
  // 1000 instead of joiners x 10).
  for (const std::string ledger : {"", "ledger: {enabled: false}\n"}) {
    const EnsembleResult r = run(scenario_from(kFeeScenario + ledger));
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
      const auto revenue = series(r, "revenue", rep), joined = series(r, "joined", rep),
                 profit = series(r, "profit", rep), cost = series(r, "cost", rep);
      double joiners = 0;
      for (int day = 1; day < 30; ++day) {  // the seed members (day 0) pay nothing
        EXPECT_DOUBLE_EQ(revenue[day], 10.0 * joined[day]) << ledger << " day " << day;
        EXPECT_DOUBLE_EQ(profit[day], revenue[day] - cost[day]) << ledger << " day " << day;
        joiners += joined[day];
      }
      EXPECT_GT(joiners, 100.0);
    }
  }
}

TEST(Ledger, StaffAndFixedCostsAreBookedInYuan) {
  const EnsembleResult r = run(scenario_from(
      "run: {days: 5, replicates: 1}\ncommunity: {initial_groups: 3, initial_members: 300}\n"
      "acquisition: {enabled: false}\nledger: {staff_cost_per_group: 20, fixed_cost: 7.5}\n"));
  const auto cost = series(r, "cost", 0), groups = series(r, "groups_alive", 0),
             dead = series(r, "groups_dead", 0);
  for (int day = 0; day < 5; ++day) EXPECT_DOUBLE_EQ(cost[day], 20.0 * (groups[day] + dead[day]) + 7.5);
}

}  // namespace
}  // namespace commsim
