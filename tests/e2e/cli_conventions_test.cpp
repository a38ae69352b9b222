// The command-line conventions (docs/command-line.md), through the real
// binary: help and usage, usage errors, option names in messages, integer
// ranges, exit codes, and progress on stderr with results on stdout.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "output/results_reader.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;

const std::string kSource = COMMSIM_SOURCE_DIR;
const std::string kBaseline = kSource + "/scenarios/baseline.yaml";

struct Outcome {
  int status;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A shell command's exit status (-1 when it did not exit normally).
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class CliConventions : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("commsim-conventions-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs commsim with stdout and stderr captured apart (in files); `env` is
  // prepended, e.g. "COMMSIM_PROGRESS_SECONDS=0.1". The caller's own
  // COMMSIM_PROGRESS_SECONDS never leaks in.
  Outcome commsim(const std::string& args, const std::string& env = "") {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const int status = shell("env -u COMMSIM_PROGRESS_SECONDS " + env + " " + COMMSIM_BINARY + " " +
                             args + " </dev/null >" + out.string() + " 2>" + err.string());
    Outcome outcome{status, read_text(out), read_text(err)};
    fs::remove(out);
    fs::remove(err);
    return outcome;
  }

  std::string h5(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// A run long enough (about a second) for several progress lines.
const std::string kLongRun = kBaseline + " --replicates 24 --threads 1 --seed 3";
const std::string kShortRun = kBaseline + " --replicates 2 --days 30 --seed 3";

TEST_F(CliConventions, UsageListsEveryCommandOnStdoutWhenAskedFor) {
  for (const char* ask : {"--help", "-h", "help"}) {
    const Outcome o = commsim(ask);
    EXPECT_EQ(o.status, 0) << ask;
    EXPECT_EQ(o.err, "") << ask;
    EXPECT_EQ(o.out.rfind("usage: commsim COMMAND", 0), 0u) << o.out;
    for (const char* line : {"run SCENARIO.yaml... [-o OUT.h5]", "validate SCENARIO.yaml", "info FILE.h5",
                             "export FILE.h5", "docs scenario-format", "--version"})
      EXPECT_TRUE(has(o.out, line)) << ask << ": no '" << line << "' in\n" << o.out;
  }
  for (const char* ask : {"--version", "-V"}) {
    const Outcome o = commsim(ask);
    EXPECT_EQ(o.status, 0);
    EXPECT_TRUE(has(o.out, "commsim")) << o.out;
    EXPECT_EQ(o.err, "");
  }
}

TEST_F(CliConventions, UsageGoesToStderrWithStatus2WhenTheCommandIsMissingOrUnknown) {
  const Outcome missing = commsim("");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_TRUE(has(missing.err, "usage: commsim COMMAND")) << missing.err;
  const Outcome unknown = commsim("frobnicate");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_EQ(unknown.out, "");
  EXPECT_TRUE(has(unknown.err, "unknown command 'frobnicate'")) << unknown.err;
  EXPECT_TRUE(has(unknown.err, "usage: commsim COMMAND")) << unknown.err;
}

TEST_F(CliConventions, EveryCommandsHelpStartsWithItsUsageAndHidesInternalOptions) {
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"run", "usage: commsim run SCENARIO.yaml... [options]\n"},
      {"validate", "usage: commsim validate SCENARIO.yaml... [options]\n"},
      {"info", "usage: commsim info FILE.h5"},
      {"export", "usage: commsim export FILE.h5"},
      {"docs", "usage: commsim docs scenario-format|dataflow\n"},
  };
  for (const auto& [command, usage] : commands)
    for (const std::string& ask : {command + " --help", command + " -h", "help " + command}) {
      const Outcome o = commsim(ask);
      EXPECT_EQ(o.status, 0) << ask;
      EXPECT_EQ(o.err, "") << ask;
      EXPECT_EQ(o.out.rfind(usage, 0), 0u) << ask << ":\n" << o.out;
      EXPECT_TRUE(has(o.out, "--help")) << o.out;
      // Positional arguments are internal options; every value is named.
      for (const char* internal : {"--scenario", "--file", "--topic", " arg "})
        EXPECT_FALSE(has(o.out, internal)) << ask << " shows '" << internal << "':\n" << o.out;
    }
  const Outcome run = commsim("run --help");
  for (const char* option : {"--output", "--threads", "--progress", "--quiet", "--set", "--days",
                             "--replicates", "--seed"})
    EXPECT_TRUE(has(run.out, option)) << option;
}

TEST_F(CliConventions, AMissingArgumentIsNamedInUserTerms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run", "commsim run: missing the scenario file (usage: commsim run SCENARIO.yaml... [options])\n"},
      {"export", "commsim export: missing the results file (usage: commsim export FILE.h5"},
      {"validate", "commsim validate: missing the scenario file (usage: commsim validate SCENARIO.yaml"},
      {"info", "commsim info: missing the results file (usage: commsim info FILE.h5"},
      {"docs", "commsim docs: missing the topic (usage: commsim docs scenario-format|dataflow)\n"},
  };
  for (const auto& [command, message] : cases) {
    const Outcome o = commsim(command);
    EXPECT_EQ(o.status, 2) << command;
    EXPECT_EQ(o.out, "") << command;
    EXPECT_EQ(o.err.rfind(message, 0), 0u) << o.err;
  }
  const Outcome topic = commsim("docs nonsense");
  EXPECT_EQ(topic.status, 2);
  EXPECT_EQ(topic.err, "commsim docs: unknown topic 'nonsense' (usage: commsim docs scenario-format|dataflow)\n");
}

TEST_F(CliConventions, ShortcutErrorsNameTheOptionAsTyped) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--replicates 0", "--replicates 0: key 'run.replicates' must be in [1, 100000]"},
      {"--days 0", "--days 0: key 'run.days' must be in [1, "},
      {"--seed -1", "--seed -1: key 'run.seed' must be in [0, 9223372036854775807]"},
      {"--set run.days=0", "--set run.days=0: key 'run.days' must be in [1, "},
  };
  for (const auto& [args, message] : cases) {
    const Outcome o = commsim("run " + kBaseline + " -o " + h5("out.h5") + " " + args);
    EXPECT_EQ(o.status, 2) << args;
    EXPECT_TRUE(has(o.err, message)) << o.err;
    EXPECT_FALSE(has(o.err, "--set run.replicates")) << o.err;
    EXPECT_FALSE(fs::exists(h5("out.h5")));
  }
}

TEST_F(CliConventions, IntegerRangesPrintAsIntegers) {
  // Bounds past 2^53 and at int64 max print exactly, not as doubles.
  const Outcome big = commsim("validate " + kBaseline + " --set community.initial_members=-1");
  EXPECT_EQ(big.status, 2);
  EXPECT_TRUE(has(big.err, "must be in [0, 100000000]")) << big.err;
  EXPECT_EQ(commsim("validate " + kBaseline + " --seed 9223372036854775807").status, 0);
  const Outcome docs = commsim("docs scenario-format");
  EXPECT_EQ(docs.status, 0);
  EXPECT_TRUE(has(docs.out, "| `run.seed` | integer |  | `1` | [0, 9223372036854775807] |")) << docs.out;
  EXPECT_FALSE(has(docs.out, "-9223372036854775808"));
  std::istringstream lines(docs.out);
  for (std::string line; std::getline(lines, line);) {
    if (!has(line, "| integer |")) continue;
    EXPECT_FALSE(has(line, "e+")) << "a bound printed as a double: " << line;
  }
}

TEST_F(CliConventions, WindowEndDayHelpSaysWhatEndDayMeans) {
  const Outcome docs = commsim("docs scenario-format");
  std::istringstream lines(docs.out);
  int end_days = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!has(line, "end_day` |") && !has(line, "end_day` | ")) continue;
    ++end_days;
    EXPECT_FALSE(has(line, "first")) << line;
  }
  EXPECT_GE(end_days, 5);
  EXPECT_TRUE(has(docs.out, "| `pruning.end_day` | integer | day | `-1` | [-1, 20000] | "
                            "Last day a prune may fall on"))
      << docs.out;
}

TEST_F(CliConventions, ProgressAlwaysDrawsTheUpdatingLineOnStderrAndResultsStayOnStdout) {
  const Outcome o = commsim("run " + kShortRun + " --progress always -o " + h5("a.h5"));
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(has(o.err, "\rcommsim run: ")) << o.err;
  EXPECT_TRUE(has(o.err, "2/2 replicates (100%)")) << o.err;
  EXPECT_EQ(o.err.back(), '\n') << "the line is finished with a newline";
  EXPECT_EQ(o.err.find("\n"), o.err.size() - 1) << "one line, redrawn";
  EXPECT_TRUE(has(o.out, "members on the last day")) << o.out;
  EXPECT_FALSE(has(o.out, "\r"));
  EXPECT_FALSE(has(o.out, "replicates (")) << o.out;
  EXPECT_FALSE(has(o.err, "members on the last day")) << o.err;
}

TEST_F(CliConventions, ProgressNeverAndQuietLeaveStderrEmpty) {
  const Outcome never = commsim("run " + kShortRun + " --progress never -o " + h5("a.h5"));
  EXPECT_EQ(never.status, 0);
  EXPECT_EQ(never.err, "");
  EXPECT_TRUE(has(never.out, "members on the last day"));
  for (const char* quiet : {"-q", "--quiet", "-q --progress always"}) {
    const Outcome q = commsim("run " + kShortRun + " " + quiet + " --force -o " + h5("b.h5"));
    EXPECT_EQ(q.status, 0) << quiet;
    EXPECT_EQ(q.err, "") << quiet;
    EXPECT_EQ(q.out, "") << quiet;
  }
}

TEST_F(CliConventions, ProgressToAFileIsPlainLinesEveryCommsimProgressSeconds) {
  const Outcome o = commsim("run " + kLongRun + " -o " + h5("a.h5"), "COMMSIM_PROGRESS_SECONDS=0.1");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_FALSE(has(o.err, "\r")) << o.err;
  std::istringstream lines(o.err);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count)
    EXPECT_EQ(line.rfind("commsim run: ", 0), 0u) << line;
  EXPECT_GE(count, 1) << "no progress line in a run of about a second";
  // The default interval (10 s) prints nothing in a short run.
  const Outcome quiet_default = commsim("run " + kShortRun + " -o " + h5("b.h5"));
  EXPECT_EQ(quiet_default.status, 0);
  EXPECT_EQ(quiet_default.err, "");
}

TEST_F(CliConventions, BadProgressSettingsAreUsageErrors) {
  const Outcome mode = commsim("run " + kShortRun + " --progress sometimes -o " + h5("a.h5"));
  EXPECT_EQ(mode.status, 2);
  EXPECT_TRUE(has(mode.err, "--progress sometimes: must be auto, always or never")) << mode.err;
  const Outcome seconds = commsim("run " + kShortRun + " -o " + h5("a.h5"), "COMMSIM_PROGRESS_SECONDS=soon");
  EXPECT_EQ(seconds.status, 2);
  EXPECT_TRUE(has(seconds.err, "COMMSIM_PROGRESS_SECONDS=soon: must be a positive number")) << seconds.err;
  EXPECT_FALSE(fs::exists(h5("a.h5")));
}

TEST_F(CliConventions, ProgressOnARealTerminalIsTheUpdatingLine) {
  if (shell("command -v script >/dev/null") != 0) GTEST_SKIP() << "util-linux script not installed";
  // script(1) runs the command on a pseudo-terminal and copies what it shows.
  const fs::path shown = dir_ / "terminal.txt";
  const std::string command = std::string(COMMSIM_BINARY) + " run " + kShortRun + " -o " + h5("a.h5");
  ASSERT_EQ(shell("env -u COMMSIM_PROGRESS_SECONDS script -qfec '" + command + "' /dev/null >" +
                  shown.string() + " 2>&1 </dev/null"),
            0)
      << read_text(shown);
  const std::string text = read_text(shown);
  EXPECT_TRUE(has(text, "\rcommsim run: ")) << text;
  EXPECT_TRUE(has(text, "members on the last day")) << text;
}

TEST_F(CliConventions, ProgressNeverChangesResults) {
  ASSERT_EQ(commsim("run " + kLongRun + " --progress always -o " + h5("with.h5")).status, 0);
  ASSERT_EQ(commsim("run " + kLongRun + " --progress auto -o " + h5("plain.h5"),
                    "COMMSIM_PROGRESS_SECONDS=0.05").status, 0);
  ASSERT_EQ(commsim("run " + kLongRun + " --progress never -o " + h5("without.h5")).status, 0);
  // Every series and summary value, bit for bit (only `history` differs).
  const output::ResultsReader without(h5("without.h5"));
  for (const char* other : {"with.h5", "plain.h5"}) {
    const output::ResultsReader with(h5(other));
    ASSERT_EQ(with.metrics().size(), without.metrics().size());
    for (const output::MetricInfo& metric : without.metrics()) {
      EXPECT_TRUE(testing::bitwise_equal(with.series(0, metric.name).values, without.series(0, metric.name).values))
          << other << " " << metric.name;
      EXPECT_TRUE(testing::bitwise_equal(with.summary(0, metric.name, "p50"), without.summary(0, metric.name, "p50")))
          << other << " " << metric.name;
    }
  }
}

TEST_F(CliConventions, ExitCodesSeparateBadInputFromRuntimeFailure) {
  EXPECT_EQ(commsim("docs nonsense").status, 2);
  EXPECT_EQ(commsim("run " + kBaseline + " --threads two").status, 2);
  // An output path under a regular file cannot be created: a runtime failure.
  std::ofstream(dir_ / "plain-file") << "x";
  const Outcome disk = commsim("run " + kShortRun + " -q -o " + (dir_ / "plain-file" / "x.h5").string());
  EXPECT_EQ(disk.status, 1);
  EXPECT_TRUE(has(disk.err, "commsim: failed:")) << disk.err;
  // Results that cannot be written to stdout are a failure too.
  EXPECT_EQ(shell(std::string(COMMSIM_BINARY) + " docs scenario-format >/dev/full 2>/dev/null"), 1);
}

}  // namespace
}  // namespace commsim
