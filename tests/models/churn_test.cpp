#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(Churn, ConstantHazardGivesGeometricSurvival) {
  // disengaged_hazard 0 reduces churn to a constant hazard h: each member
  // is still in after t days with probability (1 - h)^(t + 1) (day 0
  // included), independently: binomial sd.
  const int members = 5000, replicates = 8;
  const double h = 0.02;
  const Scenario s = scenario_from(
      "run: {days: 60, replicates: 8}\ncommunity: {initial_groups: 10, initial_members: 5000}\n"
      "acquisition: {enabled: false}\nchurn: {base_hazard: 0.02, disengaged_hazard: 0}\n");
  const EnsembleResult r = run(s);
  for (int day : {0, 9, 29, 59}) {
    double total = 0;
    for (std::uint32_t rep = 0; rep < replicates; ++rep) total += series(r, "members", rep)[day];
    const double p = std::pow(1 - h, day + 1), n = double(members) * replicates;
    EXPECT_NEAR(total, n * p, 5 * std::sqrt(n * p * (1 - p))) << "day " << day;
  }
}

TEST(Churn, LessEngagedMembersLeaveSooner) {
  const std::string base =
      "run: {days: 90, replicates: 8}\ncommunity: {initial_members: 500}\n"
      "acquisition: {enabled: false}\n";
  // A high settled level keeps engagement, and so the contrast, after the
  // honeymoon.
  const EnsembleResult keen =
      run(scenario_from(base + "members: {interest_mean: 0.8}\nengagement: {settled_level: 0.5}\n"));
  const EnsembleResult cool =
      run(scenario_from(base + "members: {interest_mean: 0.2}\nengagement: {settled_level: 0.5}\n"));
  const double keen_left = mean_of(replicate_totals(keen, "churned"));
  const double cool_left = mean_of(replicate_totals(cool, "churned"));
  // Replicate sd of the totals bounds the noise of each mean: sd / sqrt(8).
  const double noise = (sample_sd(replicate_totals(keen, "churned")) +
                        sample_sd(replicate_totals(cool, "churned"))) / std::sqrt(8.0);
  EXPECT_GT(cool_left - keen_left, 5 * noise);
}

}  // namespace
}  // namespace commsim
