// Sweep files: expansion into points, the identity of a run, and located
// errors for every way a sweep file can be wrong.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "sim/input_error.hpp"
#include "sim/sweep.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

Sweep sweep_from(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return parse_sweep(yaml, "<sweep>", testing::standard().parameters(), overrides);
}

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    sweep_from(yaml, overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string kGrid = R"(sweep:
  name: fee-by-join
  scenario:
    run: {days: 30}
    community: {initial_members: 50}
  set:
    acquisition.daily_ads_reach: 300
  replicates: 3
  seed: 99
  parameters:
    entry.fee: [0, 10, 50]
    acquisition.join_probability: {from: 0.1, to: 0.3, step: 0.1}
)";

TEST(SweepFile, GridExpandsIntoNamedPointsWithTheFirstKeySlowest) {
  const Sweep sweep = sweep_from(kGrid);
  ASSERT_EQ(sweep.points.size(), 9u);
  EXPECT_EQ(sweep.points[0].name(), "p0000");
  EXPECT_EQ(sweep.points[8].name(), "p0008");
  EXPECT_EQ(sweep.points[4].params.real("entry.fee"), 10);
  // 0.1 + 0.1 steps, rounded to the digits a user means.
  EXPECT_EQ(sweep.points[5].params.real("acquisition.join_probability"), 0.3);
  for (const Scenario& point : sweep.points) {
    EXPECT_EQ(point.params.integer("run.days"), 30);
    EXPECT_EQ(point.params.integer("run.replicates"), 3);
    EXPECT_EQ(point.params.integer("run.seed"), 99);  // common random numbers
    EXPECT_EQ(point.params.integer("acquisition.daily_ads_reach"), 300);
  }
  const std::vector<std::string> expected = {"acquisition.daily_ads_reach=300", "run.replicates=3", "run.seed=99",
                                             "entry.fee=10", "acquisition.join_probability=0.2"};
  EXPECT_EQ(sweep.points[4].overrides, expected);
  EXPECT_EQ(sweep.hash.size(), 16u);
}

TEST(SweepFile, TheHashChangesWithAnyPointAndOnlyThen) {
  const Sweep a = sweep_from(kGrid), b = sweep_from(kGrid + "\n# a comment\n");
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_NE(a.hash, sweep_from(kGrid, {"run.days=31"}).hash);
  std::string other = kGrid;
  other.replace(other.find("[0, 10, 50]"), 11, "[0, 10, 51]");
  EXPECT_NE(a.hash, sweep_from(other).hash);
}

TEST(SweepFile, IndependentStreamsGiveEachPointItsOwnSeed) {
  std::string yaml = kGrid;
  yaml.replace(yaml.find("  seed: 99"), 10, "  seed: 99\n  streams: independent");
  const Sweep sweep = sweep_from(yaml);
  std::set<std::int64_t> seeds;
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    EXPECT_EQ(std::uint64_t(sweep.points[p].params.integer("run.seed")), point_seed(99, p));
    seeds.insert(sweep.points[p].params.integer("run.seed"));
  }
  EXPECT_EQ(seeds.size(), sweep.points.size());
}

TEST(SweepFile, SampledDesignsRespectBoundsScalesAndIntegers) {
  const Sweep sweep = sweep_from(R"(sweep:
  name: sampled
  design: lhs
  points: 2000
  parameters:
    acquisition.daily_ads_reach: {min: 1, max: 10000, scale: log}
    community.initial_members: {min: 1, max: 4}
    entry.fee: {min: 5, max: 6}
)");
  ASSERT_EQ(sweep.points.size(), 2000u);
  std::size_t below_100 = 0;
  std::map<std::int64_t, std::size_t> members;
  for (const Scenario& point : sweep.points) {
    const std::int64_t reach = point.params.integer("acquisition.daily_ads_reach");
    ASSERT_GE(reach, 1);
    ASSERT_LE(reach, 10000);
    below_100 += reach < 100;
    ++members[point.params.integer("community.initial_members")];
    const double fee = point.params.real("entry.fee");
    ASSERT_GE(fee, 5);
    ASSERT_LE(fee, 6);
  }
  // Log-uniform on [0.5, 10000.5]: a share log(100/0.5)/log(10000.5/0.5) below 100.
  const double n = 2000, expected = std::log(99.5 / 0.5) / std::log(10000.5 / 0.5);
  EXPECT_NEAR(double(below_100) / n, expected, 4 * std::sqrt(expected * (1 - expected) / n));
  // Integers: each of 1..4 equally likely (a Latin hypercube makes it exact but for rounding).
  ASSERT_EQ(members.size(), 4u);
  for (const auto& [value, count] : members) EXPECT_NEAR(double(count), n / 4, 2) << value;
}

TEST(SweepFile, SobolHasNTimesKPlusTwoPoints) {
  const Sweep sweep = sweep_from(R"(sweep:
  name: s
  design: sobol
  points: 16
  parameters:
    entry.fee: {min: 0, max: 50}
    acquisition.join_probability: {min: 0.01, max: 0.05}
    members.initial_trust: {min: 0, max: 1}
)");
  EXPECT_EQ(sweep.points.size(), 16u * 5u);
  EXPECT_EQ(sweep.samples, 16u);
}

TEST(SweepFile, CommandLineOverridesApplyToTheBaseButNotToSweptKeys) {
  const Sweep sweep = sweep_from(kGrid, {"run.days=12", "run.replicates=2"});
  EXPECT_EQ(sweep.points[3].params.integer("run.days"), 12);
  EXPECT_EQ(sweep.points[3].params.integer("run.replicates"), 2);
  EXPECT_EQ(error_of(kGrid, {"entry.fee=3"}), "--set entry.fee=3: key 'entry.fee' is swept by <sweep>");
}

TEST(SweepFile, ErrorsNameLineColumnAndKey) {
  const auto with = [](const std::string& from, const std::string& to) {
    std::string yaml = kGrid;
    yaml.replace(yaml.find(from), from.size(), to);
    return error_of(yaml);
  };
  EXPECT_EQ(with("  seed: 99", "  sed: 99").substr(0, 36), "<sweep>:9:3: unknown key 'sweep.sed'");
  EXPECT_EQ(with("entry.fee: [0, 10, 50]", "entry.fea: [0]"),
            "<sweep>:11:5: key 'sweep.parameters.entry.fea': no such scenario key (docs/scenario-format.md)");
  EXPECT_NE(with("[0, 10, 50]", "[0, -10, 50]").find("<sweep>:11:20: key 'sweep.parameters.entry.fee[1]' must be in"),
            std::string::npos);
  EXPECT_NE(with("step: 0.1", "step: 0").find("needs from <= to and step > 0"), std::string::npos);
  EXPECT_NE(with("    acquisition.daily_ads_reach: 300", "    entry.fee: 3").find("key 'sweep.set.entry.fee' is also swept"),
            std::string::npos);
  EXPECT_EQ(with("  replicates: 3", "  replicates: 0"), "<sweep>:8:15: key 'sweep.replicates' must be in [1, 100000] (got 0)");
  EXPECT_EQ(with("  replicates: 3", "  replicates: three"), "<sweep>:8:15: key 'sweep.replicates' must be an integer, got 'three'");
  EXPECT_NE(with("  seed: 99", "  seed: 99\n  design: halton").find("must be grid, lhs, random or sobol"),
            std::string::npos);
  EXPECT_NE(with("  seed: 99", "  seed: 99\n  design: lhs").find("key 'sweep.points' is missing"), std::string::npos);
  EXPECT_NE(error_of("sweep:\n  name: x\n  design: lhs\n  points: 4\n  parameters:\n    scenario.description: "
                     "{min: 0, max: 1}\n")
                .find("lhs, random and sobol designs vary numbers"),
            std::string::npos);
  EXPECT_NE(error_of("sweep:\n  name: x\n  design: random\n  points: 4\n  parameters:\n    entry.fee: {min: 5, max: 5}\n")
                .find("<sweep>:6:16: key 'sweep.parameters.entry.fee' needs min < max"),
            std::string::npos);
  EXPECT_NE(error_of("sweep:\n  name: x\n  design: random\n  points: 4\n  parameters:\n    entry.fee: {min: 0, max: 5, "
                     "scale: log}\n")
                .find("a log scale needs min > 0"),
            std::string::npos);
  EXPECT_NE(error_of("sweep:\n  name: x\n  parameters:\n    run.seed: [1, 2]\n").find("use sweep.streams: independent"),
            std::string::npos);
  EXPECT_NE(error_of("run: {days: 3}\n").find("a sweep file is one mapping `sweep:`"), std::string::npos);
  EXPECT_NE(error_of("sweep:\n  name: x\n  base: no-such.yaml\n  parameters: {entry.fee: [1]}\n")
                .find("no-such.yaml: cannot open scenario file (the base of <sweep>:3:9)"),
            std::string::npos);
}

}  // namespace
}  // namespace commsim
