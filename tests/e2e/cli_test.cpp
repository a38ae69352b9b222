// The commsim command end to end: scenario file in, HDF5 out, read back;
// bad input gives its message, a non-zero exit and no file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "output/results_reader.hpp"
#include "sim/cli/scenario_docs.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using namespace commsim::testing;

struct Outcome {
  int status;
  std::string output;  // stdout and stderr
};

Outcome commsim_cli(const std::string& args) {
  const std::string command = std::string(COMMSIM_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("commsim-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  std::size_t files_in_dir() const {
    return std::distance(fs::directory_iterator(dir_), fs::directory_iterator());
  }
  fs::path dir_;
};

const std::string kSource = COMMSIM_SOURCE_DIR;

TEST_F(Cli, EachKindOfBadInputGivesItsMessageAndNoFile) {
  struct Case {
    std::string scenario;
    std::string extra_args;
    std::string expected;  // in the message; "FILE" stands for the scenario path
  };
  const std::vector<Case> cases = {
      {"acquisition:\n  daily_ads_rech: 5\n", "", "FILE:2:3: unknown key 'acquisition.daily_ads_rech'"},
      {"run:\n  days: soon\n", "", "FILE:2:9: key 'run.days' must be an integer, got 'soon'"},
      {"churn:\n  base_hazard: 2\n", "", "FILE:2:16: key 'churn.base_hazard' must be in [0, 1]"},
      {"run: [1,\n", "", "FILE:2:1: not valid YAML"},
      {"run:\n  days: 10\n", "--set run.days=-1", "--set run.days=-1: key 'run.days' must be in"},
      {"run:\n  days: 10\n", "--set nope.x=1", "--set nope.x=1: unknown key 'nope.x'"},
      {"run:\n  days: 10\n", "--replicates 0", "--replicates 0: key 'run.replicates' must be in [1, "},
      {"community: {initial_members: 600}\n", "", "FILE: keys 'community.initial_members'"},
      {"run:\n  days: 10\n", "--threads two", "command line:"},
  };
  for (const Case& c : cases) {
    const fs::path scenario = write("bad.yaml", c.scenario);
    const fs::path out = dir_ / "out.h5";
    const Outcome result = commsim_cli("run " + scenario.string() + " -o " + out.string() + " " + c.extra_args);
    std::string expected = c.expected;
    if (const auto at = expected.find("FILE"); at != std::string::npos)
      expected.replace(at, 4, scenario.string());
    EXPECT_EQ(result.status, 2) << c.scenario;
    EXPECT_NE(result.output.find(expected), std::string::npos) << result.output;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(files_in_dir(), 1u) << "only the scenario file, no leftovers";
  }
  const Outcome missing = commsim_cli("run " + (dir_ / "absent.yaml").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("absent.yaml: cannot open scenario file"), std::string::npos);
}

TEST_F(Cli, RunWritesAFileThatReadsBack) {
  const fs::path out = dir_ / "nested" / "b.h5";
  const std::string scenario = kSource + "/scenarios/baseline.yaml";
  const Outcome result = commsim_cli("run " + scenario + " -o " + out.string() +
                                     " --replicates 5 --days 40 --seed 7 --threads 2"
                                     " --set acquisition.daily_ads_reach=500");
  ASSERT_EQ(result.status, 0) << result.output;
  ASSERT_TRUE(fs::exists(out));
  EXPECT_EQ(files_in_dir(), 1u);  // just nested/, no temporary left beside the file

  const output::ResultsReader file(out.string());
  EXPECT_EQ(file.integer_attribute("/", "schema_version"), 2);
  EXPECT_EQ(file.integer_attribute("/", "seed"), 7);
  EXPECT_EQ(file.replicates(), 5u);
  EXPECT_EQ(file.days(), 40u);
  EXPECT_FALSE(file.text_attribute("/", "commsim_version").empty());
  EXPECT_EQ(file.text_attribute("/", "git_commit").substr(0, 40).size(), 40u);  // the full hash
  EXPECT_NE(file.text_attribute("/", "history").find("commsim run " + scenario), std::string::npos);
  ASSERT_EQ(file.scenarios(), std::vector<std::string>{"baseline"});
  EXPECT_TRUE(file.varying_parameters().empty());  // one scenario: nothing varies

  EXPECT_EQ(file.scenario_field(0, "text"), read_text(scenario));
  EXPECT_EQ(file.scenario_field(0, "source"), scenario);
  EXPECT_EQ(file.scenario_field(0, "overrides"),
            "acquisition.daily_ads_reach=500\nrun.days=40\nrun.replicates=5\nrun.seed=7\n");
  EXPECT_EQ(file.read_as_text("/parameters/acquisition.daily_ads_reach"), std::vector<std::string>{"500"});
  EXPECT_EQ(file.read_as_text("/parameters/roles.moderation"), std::vector<std::string>{"false"});
  // The resolved parameters are a scenario that reproduces the run.
  const Scenario resolved = scenario_from(file.scenario_field(0, "resolved_parameters"));
  EXPECT_EQ(resolved.params.integer("acquisition.daily_ads_reach"), 500);
  EXPECT_EQ(resolved.params.integer("run.days"), 40);
  EXPECT_EQ(resolved.params.integer("run.seed"), 7);
  const EnsembleResult rerun = run(resolved);

  for (const char* metric : {"members", "joined", "churned", "active", "posters", "messages", "groups"}) {
    const output::SeriesData data = file.series(0, metric);
    EXPECT_EQ(data.replicates, 5u);
    EXPECT_EQ(data.days, 40u);
    EXPECT_FALSE(file.metric(metric).units.empty());
    EXPECT_FALSE(file.metric(metric).long_name.empty());
    for (std::uint32_t r = 0; r < 5; ++r)
      for (std::uint32_t d = 0; d < 40; ++d) ASSERT_EQ(data.at(r, d), series(rerun, metric, r)[d]);
    // The summary is the quantiles of the stored series.
    const std::vector<double> p50 = file.summary(0, metric, "p50");
    const std::vector<double> mean = file.summary(0, metric, "mean");
    for (std::uint32_t d = 0; d < 40; ++d) {
      std::vector<double> column;
      for (std::uint32_t r = 0; r < 5; ++r) column.push_back(data.at(r, d));
      std::sort(column.begin(), column.end());
      EXPECT_EQ(p50[d], column[2]);
      EXPECT_NEAR(mean[d], mean_of(column), 1e-9 * (1 + std::abs(mean[d])));
    }
  }

  const Outcome info = commsim_cli("info " + out.string());
  EXPECT_EQ(info.status, 0);
  for (const char* expected : {"seed:        7", "replicates:  5", "baseline  ", "messages"})
    EXPECT_NE(info.output.find(expected), std::string::npos) << info.output;
}

TEST_F(Cli, HdfDataIdenticalForOneAndTwoThreads) {
  const std::string scenario = kSource + "/scenarios/baseline.yaml";
  const fs::path one = dir_ / "one.h5", two = dir_ / "two.h5";
  ASSERT_EQ(commsim_cli("run " + scenario + " -q --days 60 --replicates 3 --threads 1 -o " + one.string()).status, 0);
  ASSERT_EQ(commsim_cli("run " + scenario + " -q --days 60 --replicates 3 --threads 2 --grain 64 -o " +
                        two.string()).status, 0);
  const output::ResultsReader a(one.string()), b(two.string());
  ASSERT_EQ(a.metrics().size(), b.metrics().size());
  for (const output::MetricInfo& metric : a.metrics()) {
    EXPECT_TRUE(bitwise_equal(a.series(0, metric.name).values, b.series(0, metric.name).values))
        << metric.name;
    for (const char* statistic : {"p05", "p25", "p50", "p75", "p95", "mean"})
      EXPECT_TRUE(bitwise_equal(a.summary(0, metric.name, statistic), b.summary(0, metric.name, statistic)))
          << metric.name << " " << statistic;
  }
}

TEST_F(Cli, EveryMechanismOnIsBitIdenticalForOneAndTwoThreads) {
  // The benchmark workload (content, incentives, pruning, invites over a
  // social graph, meetups, funnel levers), shrunk.
  const std::string scenario = kSource + "/scenarios/bench/members-100k.yaml";
  const std::string shrink =
      " -q --days 60 --replicates 2 --set community.initial_groups=10"
      " --set community.initial_members=5000 --set community.prospects=2500"
      " --set acquisition.daily_ads_reach=250 --set funnel.offer_bait=true"
      " --set funnel.offer_product=true --set migration.check_every_days=20";
  const fs::path one = dir_ / "one.h5", two = dir_ / "two.h5";
  ASSERT_EQ(commsim_cli("run " + scenario + shrink + " --threads 1 -o " + one.string()).status, 0);
  ASSERT_EQ(commsim_cli("run " + scenario + shrink + " --threads 2 --grain 100 -o " + two.string()).status, 0);
  const output::ResultsReader a(one.string()), b(two.string());
  for (const output::MetricInfo& metric : a.metrics())
    EXPECT_TRUE(bitwise_equal(a.series(0, metric.name).values, b.series(0, metric.name).values)) << metric.name;
  // And the mechanisms did run.
  for (const char* metric : {"operator_posts", "checkins", "invites_sent", "trials", "pruned"}) {
    const output::SeriesData data = a.series(0, metric);
    double total = 0;
    for (double x : data.values) total += x;
    EXPECT_GT(total, 0) << metric;
  }
}

TEST_F(Cli, ValidateAndUsage) {
  const Outcome ok = commsim_cli("validate " + kSource + "/scenarios/baseline.yaml");
  EXPECT_EQ(ok.status, 0);
  EXPECT_NE(ok.output.find("ok (scenario 'baseline')"), std::string::npos);
  const fs::path bad = write("bad.yaml", "run:\n  dayz: 3\n");
  EXPECT_EQ(commsim_cli("validate " + bad.string()).status, 2);
  EXPECT_EQ(commsim_cli("frobnicate").status, 2);
  EXPECT_EQ(commsim_cli("").status, 2);
  const Outcome not_hdf5 = commsim_cli("info " + bad.string());
  EXPECT_EQ(not_hdf5.status, 2);
  EXPECT_NE(not_hdf5.output.find("not an HDF5 file"), std::string::npos) << not_hdf5.output;
  const Outcome missing = commsim_cli("info " + (dir_ / "missing.h5").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("missing.h5: no such file"), std::string::npos) << missing.output;
}

TEST_F(Cli, EveryBundledScenarioValidatesAndRuns) {
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSource + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    // Benchmark workloads of millions of members are only validated here;
    // scripts/bench.sh runs them.
    if (entry.path().parent_path().filename() == "bench" &&
        entry.path().stem() != "sweep-point") {
      const Outcome result = commsim_cli("validate " + entry.path().string());
      EXPECT_EQ(result.status, 0) << entry.path() << "\n" << result.output;
      continue;
    }
    const fs::path out = dir_ / (entry.path().stem().string() + ".h5");
    const Outcome result = commsim_cli("run " + entry.path().string() +
                                       " -q --days 20 --replicates 2 -o " + out.string());
    EXPECT_EQ(result.status, 0) << entry.path() << "\n" << result.output;
    EXPECT_TRUE(fs::exists(out)) << entry.path();
  }
  EXPECT_GE(count, 2);
}

TEST(Docs, ScenarioFormatIsGeneratedFromTheDeclarations) {
  const std::string committed = read_text(kSource + "/docs/scenario-format.md");
  EXPECT_EQ(committed, cli::scenario_format_markdown(standard()))
      << "regenerate with: build/commsim docs scenario-format > docs/scenario-format.md";
}

}  // namespace
}  // namespace commsim
