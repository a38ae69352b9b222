// The commsim command end to end: scenario file in, HDF5 out, read back;
// bad input gives its message, a non-zero exit and no file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "output/results_reader.hpp"
#include "sim/cli/dataflow_docs.hpp"
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
      // Hostile input that once passed (regressions through the binary).
      {"run:\n  days: 10\n---\nrun:\n  days: 20\n", "", "FILE:3:1: a second YAML document"},
      {"run:\n  days: \"10\"\n", "", "FILE:2:9: key 'run.days' must be an integer, got the quoted string \"10\""},
      {"churn:\n  enabled: \"false\"\n", "", "FILE:2:12: key 'churn.enabled' must be a boolean, got the quoted"},
      {"churn:\n  base_hazard: 1e309\n", "", "FILE:2:16: key 'churn.base_hazard' must be in [0, 1]"},
      {"scenario:\n  name: '.'\n", "", "FILE:2:9: key 'scenario.name' must be a name of 1 to 128"},
      {"scenario:\n  name: " + std::string(300, 'x') + "\n", "", "FILE:2:9: key 'scenario.name' must be a name"},
      {"pruning: {every_days: 7, start_day: 100, end_day: 50}\n", "",
       "FILE: keys 'pruning.start_day' and 'pruning.end_day': the window ends (day 50) before it starts (day 100)"},
      {"run:\n  days: 10\n", "--set acquisition.start_day=9 --set acquisition.end_day=3",
       "keys 'acquisition.start_day' and 'acquisition.end_day': the window ends (day 3) before it starts (day 9)"},
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
  // A denormal in range is a number (it was once "must be a number").
  const fs::path denormal = write("denormal.yaml", "churn:\n  base_hazard: 1e-310\n");
  EXPECT_EQ(commsim_cli("validate " + denormal.string()).status, 0);
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

// Command-line numbers are range-checked like scenario keys: -1 once
// wrapped to 4294967295 and overlapping chunks raced; no value may change
// results or crash.
TEST_F(Cli, ThreadAndGrainNumbersAreCheckedAndNeverChangeResults) {
  const std::string scenario = kSource + "/scenarios/baseline.yaml";
  for (const char* bad : {"--threads -1", "--threads 0", "--threads 5000", "--grain -1", "--grain 0",
                          "--grain 4294967295"}) {
    const Outcome o = commsim_cli("run " + scenario + " -q --days 5 --replicates 1 -o " + (dir_ / "x.h5").string() +
                                  " " + bad);
    EXPECT_EQ(o.status, 2) << bad;
    EXPECT_NE(o.output.find(std::string(bad) + ": must be in [1, "), std::string::npos) << o.output;
    EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
  }
  const fs::path reference = dir_ / "reference.h5", huge = dir_ / "huge.h5", tiny = dir_ / "tiny.h5";
  const std::string run = "run " + scenario + " -q --days 40 --replicates 2 -o ";
  ASSERT_EQ(commsim_cli(run + reference.string()).status, 0);
  ASSERT_EQ(commsim_cli(run + huge.string() + " --threads 2 --grain 1073741824").status, 0);
  ASSERT_EQ(commsim_cli(run + tiny.string() + " --threads 2 --grain 1").status, 0);
  const output::ResultsReader a(reference.string()), b(huge.string()), c(tiny.string());
  for (const output::MetricInfo& metric : a.metrics()) {
    EXPECT_TRUE(bitwise_equal(a.series(0, metric.name).values, b.series(0, metric.name).values)) << metric.name;
    EXPECT_TRUE(bitwise_equal(a.series(0, metric.name).values, c.series(0, metric.name).values)) << metric.name;
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
    // Sweep files: their plan is checked (every point expanded and checked);
    // tests/e2e/sweep_test.cpp runs sweeps.
    if (read_text(entry.path()).find("\nsweep:") != std::string::npos ||
        read_text(entry.path()).rfind("sweep:", 0) == 0) {
      const Outcome result = commsim_cli("sweep " + entry.path().string() + " --dry-run");
      EXPECT_EQ(result.status, 0) << entry.path() << "\n" << result.output;
      continue;
    }
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

TEST_F(Cli, AnExistingOutputIsReplacedOnlyWithForce) {
  const std::string scenario = kSource + "/scenarios/baseline.yaml";
  const fs::path out = dir_ / "b.h5";
  ASSERT_EQ(commsim_cli("run " + scenario + " -q --days 10 --replicates 2 -o " + out.string()).status, 0);
  const std::string first = read_text(out);
  // Without --force: exit 2 naming the file, before simulating; the file is untouched.
  const Outcome refused = commsim_cli("run " + scenario + " -q --days 12 --replicates 2 -o " + out.string());
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.output.find(out.string() + ": output exists (use --force to replace it)"), std::string::npos)
      << refused.output;
  EXPECT_EQ(read_text(out), first);
  // With --force: replaced by the new run, no temporary left.
  ASSERT_EQ(commsim_cli("run " + scenario + " -q --days 12 --replicates 2 --force -o " + out.string()).status, 0);
  EXPECT_EQ(output::ResultsReader(out.string()).days(), 12u);
  EXPECT_EQ(files_in_dir(), 1u);
  // An input is never an output, even with --force.
  const fs::path copy = write("copy.yaml", read_text(scenario));
  const Outcome self = commsim_cli("run " + copy.string() + " -q --force -o " + copy.string());
  EXPECT_EQ(self.status, 2);
  EXPECT_NE(self.output.find("output would replace an input"), std::string::npos) << self.output;
  EXPECT_EQ(read_text(copy), read_text(scenario));
  // A directory is not a file to write.
  const Outcome directory = commsim_cli("run " + scenario + " -q --force -o " + dir_.string());
  EXPECT_EQ(directory.status, 2);
  EXPECT_NE(directory.output.find("output is a directory"), std::string::npos) << directory.output;
}

TEST_F(Cli, SeveralScenariosGoIntoOneFileAndMustShareTheirShape) {
  const std::string base = read_text(kSource + "/scenarios/baseline.yaml");
  const fs::path a = write("a.yaml", base);
  std::string other = base;
  other.replace(other.find("name: baseline"), 14, "name: other");
  const fs::path b = write("b.yaml", other);
  const fs::path out = dir_ / "ab.h5";
  ASSERT_EQ(commsim_cli("run " + a.string() + " " + b.string() + " -q --days 15 --replicates 3 -o " +
                        out.string()).status, 0);
  const output::ResultsReader file(out.string());
  EXPECT_EQ(file.scenarios(), (std::vector<std::string>{"baseline", "other"}));
  // Same parameters but the name: the same draws, so the same series.
  EXPECT_TRUE(bitwise_equal(file.series(0, "members").values, file.series(1, "members").values));
  EXPECT_TRUE(file.varying_parameters().empty());

  const Outcome same_name = commsim_cli("run " + a.string() + " " + a.string() + " -q -o " + (dir_ / "x.h5").string());
  EXPECT_EQ(same_name.status, 2);
  EXPECT_NE(same_name.output.find("is used twice"), std::string::npos) << same_name.output;
  std::string more_replicates = other;
  more_replicates.replace(more_replicates.find("replicates: 16"), 14, "replicates: 9");
  const fs::path longer = write("c.yaml", more_replicates);
  const Outcome shapes = commsim_cli("run " + a.string() + " " + longer.string() + " -q -o " + (dir_ / "x.h5").string());
  EXPECT_EQ(shapes.status, 2);
  EXPECT_NE(shapes.output.find("share days and replicates"), std::string::npos) << shapes.output;
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
}

// Outputs that the final rename would silently replace are refused before
// any work: a symbolic link (to /dev/null, say), a device, a FIFO.
TEST_F(Cli, OutputsThatAreNotRegularFilesAreRefused) {
  const std::string scenario = kSource + "/scenarios/baseline.yaml";
  const fs::path link = dir_ / "link.h5";
  fs::create_symlink("/dev/null", link);
  const fs::path fifo = dir_ / "fifo.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {link.string(), "output is a symbolic link"},
      {fifo.string(), "output is not a regular file"},
      {"/dev/null", "output is not a regular file"},
  };
  for (const auto& [path, message] : cases) {
    const Outcome o = commsim_cli("run " + scenario + " -q --days 5 --replicates 1 --force -o " + path);
    EXPECT_EQ(o.status, 2) << path;
    EXPECT_NE(o.output.find(path + ": " + message), std::string::npos) << o.output;
  }
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  const Outcome export_link = commsim_cli("export " + scenario + " -o " + link.string());
  EXPECT_EQ(export_link.status, 2);
}

// The memory guard refuses a run that would not fit, before allocating.
TEST_F(Cli, ARunThatDoesNotFitIsRefusedWithItsEstimate) {
  const std::string scenario = kSource + "/scenarios/baseline.yaml";
  const fs::path out = dir_ / "m.h5";
  const Outcome refused = commsim_cli("run " + scenario + " -q --days 30 --replicates 2 --max-memory 1M -o " + out.string());
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.output.find("the run needs about "), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("more than the limit of 1 MiB (--max-memory 1M)"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(commsim_cli("validate " + scenario + " --max-memory 1M").status, 2);
  EXPECT_EQ(commsim_cli("run " + scenario + " -q --days 30 --replicates 2 --max-memory 2G -o " + out.string()).status, 0);
  const Outcome bad = commsim_cli("run " + scenario + " -q --max-memory lots -o " + (dir_ / "n.h5").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("--max-memory lots: must be a size such as 512M"), std::string::npos) << bad.output;
}

// validate checks what run would read before simulating: the graph file.
TEST_F(Cli, ValidateReadsTheGraphFile) {
  const fs::path graph = write("friends.txt", "0 1\n1 2\nnot an edge\n");
  const fs::path scenario = write("s.yaml", "community: {initial_members: 10, prospects: 0}\n"
                                            "invites: {graph_file: " + graph.string() + "}\n");
  const Outcome bad = commsim_cli("validate " + scenario.string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find(graph.string() + ":3"), std::string::npos) << bad.output;
  const fs::path missing = write("m.yaml", "invites: {graph_file: " + (dir_ / "none.txt").string() + "}\n");
  const Outcome absent = commsim_cli("validate " + missing.string());
  EXPECT_EQ(absent.status, 2);
  EXPECT_NE(absent.output.find("cannot open graph file"), std::string::npos) << absent.output;
  write("friends.txt", "0 1\n1 2\n");
  EXPECT_EQ(commsim_cli("validate " + scenario.string()).status, 0);
}

TEST_F(Cli, AFileWithVariantsRunsIntoOneExperiment) {
  const fs::path file = write("prune.yaml",
                              "scenario: {name: never, description: no pruning}\n"
                              "run: {days: 20, replicates: 2}\n"
                              "variants:\n"
                              "  - name: weekly\n"
                              "    pruning: {every_days: 7}\n"
                              "  - name: monthly\n"
                              "    pruning: {every_days: 30}\n");
  const Outcome checked = commsim_cli("validate " + file.string());
  EXPECT_EQ(checked.status, 0);
  EXPECT_NE(checked.output.find(file.string() + ": ok (variant 'monthly')"), std::string::npos) << checked.output;
  const fs::path out = dir_ / "prune.h5";
  ASSERT_EQ(commsim_cli("run -q " + file.string() + " -o " + out.string()).status, 0);
  const output::ResultsReader results(out.string());
  EXPECT_EQ(results.scenarios(), (std::vector<std::string>{"never", "weekly", "monthly"}));
  const std::vector<output::ParameterColumn> varying = results.varying_parameters();
  ASSERT_EQ(varying.size(), 1u);
  EXPECT_EQ(varying[0].key, "pruning.every_days");
  EXPECT_EQ(varying[0].values, (std::vector<std::string>{"0", "7", "30"}));
  EXPECT_EQ(results.scenario_field(2, "variant_of"), "never");
  EXPECT_EQ(results.scenario_field(0, "variant_of"), "");

  const fs::path bad = write("bad.yaml", "scenario: {name: a}\nvariants:\n  - name: b\n    pruning: {every_dayz: 7}\n");
  const Outcome refused = commsim_cli("run -q " + bad.string() + " -o " + (dir_ / "bad.h5").string());
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.output.find(bad.string() + ":4:15: unknown key 'pruning.every_dayz'"), std::string::npos)
      << refused.output;
  EXPECT_FALSE(fs::exists(dir_ / "bad.h5"));
}

TEST_F(Cli, RunAndInfoPrintJson) {
  const std::string scenario = kSource + "/scenarios/baseline.yaml";
  const fs::path out = dir_ / "b.h5";
  const Outcome ran = commsim_cli("run " + scenario + " --days 20 --replicates 3 --seed 5 --json -o " + out.string());
  ASSERT_EQ(ran.status, 0) << ran.output;
  const nlohmann::json summary = nlohmann::json::parse(ran.output);
  EXPECT_EQ(summary["output"], out.string());
  EXPECT_EQ(summary["scenarios"][0]["name"], "baseline");
  EXPECT_EQ(summary["scenarios"][0]["seed"], 5);
  EXPECT_EQ(summary["scenarios"][0]["days"], 20);
  EXPECT_GT(summary["member_days"].get<double>(), 0);

  const Outcome info = commsim_cli("info " + out.string() + " --json --metric members,joined --day 9 --cumulative");
  ASSERT_EQ(info.status, 0) << info.output;
  const nlohmann::json described = nlohmann::json::parse(info.output);
  EXPECT_EQ(described["schema_version"], 2);
  EXPECT_EQ(described["replicates"], 3);
  EXPECT_EQ(described["day"], 9);
  ASSERT_EQ(described["metrics"].size(), 2u);
  // joined is a flow: with --cumulative, the median total of days 0..9.
  const output::ResultsReader file(out.string());
  const output::SeriesData joined = file.series(0, "joined");
  std::vector<double> totals;
  for (std::uint32_t r = 0; r < 3; ++r) {
    double total = 0;
    for (std::uint32_t d = 0; d <= 9; ++d) total += joined.at(r, d);
    totals.push_back(total);
  }
  std::sort(totals.begin(), totals.end());
  EXPECT_EQ(described["metrics"][1]["metric"], "joined");
  EXPECT_EQ(described["metrics"][1]["p50"].get<double>(), totals[1]);
  // members is a level: the value on day 9, not a sum.
  const output::SeriesData members = file.series(0, "members");
  std::vector<double> day9 = {members.at(0, 9), members.at(1, 9), members.at(2, 9)};
  std::sort(day9.begin(), day9.end());
  EXPECT_EQ(described["metrics"][0]["p50"].get<double>(), day9[1]);
}

TEST_F(Cli, InfoHidesAllZeroMetricsAndKeepsColumnsAligned) {
  const fs::path out = dir_ / "b.h5";
  ASSERT_EQ(commsim_cli("run " + kSource + "/scenarios/baseline.yaml -q --days 20 --replicates 2 -o " +
                        out.string()).status, 0);
  const Outcome shown = commsim_cli("info " + out.string());
  ASSERT_EQ(shown.status, 0);
  EXPECT_EQ(shown.output.find("\nbaseline  revenue "), std::string::npos) << "revenue is zero throughout";
  EXPECT_NE(shown.output.find("zero throughout not shown"), std::string::npos);
  const Outcome all = commsim_cli("info " + out.string() + " --all");
  EXPECT_NE(all.output.find("baseline  revenue "), std::string::npos) << all.output;
  // Every row of the metric table has its p50 column ending at the same place.
  std::istringstream lines(all.output.substr(all.output.find("scenario  metric")));
  std::string header;
  std::getline(lines, header);
  const std::size_t end_of_p50 = header.find("p50") + 3;
  int rows = 0;
  for (std::string line; std::getline(lines, line) && line.rfind("baseline", 0) == 0; ++rows) {
    ASSERT_GT(line.size(), end_of_p50) << line;
    EXPECT_NE(line[end_of_p50 - 1], ' ') << line;
    EXPECT_EQ(line[end_of_p50], ' ') << line;
  }
  EXPECT_GT(rows, 50);
  EXPECT_EQ(commsim_cli("info " + out.string() + " --day 20").status, 2);  // days are 0..19
  EXPECT_EQ(commsim_cli("info " + out.string() + " --metric nope").status, 2);
}

TEST(Docs, DataflowIsGeneratedFromTheDeclarations) {
  const std::string committed = read_text(kSource + "/docs/dataflow.md");
  EXPECT_EQ(committed, cli::dataflow_markdown(standard()))
      << "regenerate with: build/commsim docs dataflow > docs/dataflow.md";
}

TEST(Docs, ScenarioFormatIsGeneratedFromTheDeclarations) {
  const std::string committed = read_text(kSource + "/docs/scenario-format.md");
  EXPECT_EQ(committed, cli::scenario_format_markdown(standard()))
      << "regenerate with: build/commsim docs scenario-format > docs/scenario-format.md";
}

}  // namespace
}  // namespace commsim
