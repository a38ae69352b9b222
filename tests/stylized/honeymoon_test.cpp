// Stylized fact 1 of docs/model.md: a new group "is lively for the first 7
// days, then colder and colder".
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(StylizedFacts, HoneymoonThenDecay) {
  const Scenario s = scenario_file("scenarios/cold-start.yaml");
  ASSERT_FALSE(s.params.flag("acquisition.enabled"));
  const EnsembleResult r = run(s);
  ASSERT_GE(r.replicates, 16u);
  ASSERT_GE(r.days, 22u);
  const std::vector<double> active = median(r, "active");
  const auto peak = std::max_element(active.begin(), active.end());
  EXPECT_LT(peak - active.begin(), 7) << "daily active members must peak in the first week";
  EXPECT_LT(active[21], 0.5 * *peak) << "and fall below half the peak by day 21";
}

}  // namespace
}  // namespace commsim
