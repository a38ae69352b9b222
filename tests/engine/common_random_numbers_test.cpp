// Common random numbers between variants: replicate r of every variant draws
// the same numbers wherever the variants do not differ, so a comparison's
// paired differences measure the lever, not the luck of the draw.
#include <gtest/gtest.h>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

const char* kFile =
    "scenario: {name: base}\n"
    "run: {days: 120, replicates: 4, seed: 99}\n"
    "content:\n"
    "  posts:\n"
    "    - {type: morning_report, quality: 0.6, hour: 8, every_days: 1}\n"
    "funnel: {offer_bait: true}\n"
    "variants:\n"
    "  - name: same\n"
    "  - name: prune_from_day_60\n"
    "    pruning: {every_days: 7, silence_days: 7, start_day: 60}\n";

std::vector<EnsembleResult> run_variants() {
  const std::vector<Scenario> scenarios = parse_scenarios(kFile, "<crn>", standard().parameters());
  std::vector<const ParameterSet*> params;
  for (const Scenario& s : scenarios) params.push_back(&s.params);
  return run_ensembles(standard(), params, RunSettings{});
}

TEST(CommonRandomNumbers, IdenticalVariantsGiveIdenticalSeries) {
  const std::vector<EnsembleResult> results = run_variants();
  EXPECT_TRUE(bitwise_equal(results[0].values, results[1].values));
}

TEST(CommonRandomNumbers, AVariantIsTheBaseUntilItsLeverStarts) {
  const std::vector<EnsembleResult> results = run_variants();
  const EnsembleResult &base = results[0], &pruned = results[2];
  for (MetricId m = 0; m < base.metrics.size(); ++m) {
    // Cohort retention is indexed by join day: retention_dK of day d is
    // observed on day d + K, so its last K days before 60 see the lever.
    const std::string& name = base.metrics[m].name;
    const std::size_t observed = name.rfind("retention_d", 0) == 0 ? 60 - std::stoul(name.substr(11)) : 60;
    for (std::uint32_t r = 0; r < base.replicates; ++r) {
      const auto a = base.series(m, r).first(observed), b = pruned.series(m, r).first(observed);
      ASSERT_TRUE(bitwise_equal(a, b)) << name << " replicate " << r;
    }
  }
  // From day 60 on the lever acts: members are pruned and the curves part.
  const std::vector<double> pruned_per_day = series(pruned, "pruned", 0);
  EXPECT_GT(pruned_per_day[60], 0);
  EXPECT_NE(series(base, "members", 0).back(), series(pruned, "members", 0).back());
}

TEST(CommonRandomNumbers, SchedulingScenariosTogetherChangesNothing) {
  const std::vector<Scenario> scenarios = parse_scenarios(kFile, "<crn>", standard().parameters());
  const std::vector<EnsembleResult> together = run_variants();
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    EXPECT_TRUE(bitwise_equal(together[s].values, run(scenarios[s]).values)) << scenarios[s].name();
}

}  // namespace
}  // namespace commsim
