// `commsim sweep`, `merge` and `rerun` on the real binary: the same data
// from one process, any thread count, shards merged, MPI ranks, a resumed
// interruption and a re-run point; and the errors a user meets.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>

#include "output/results_reader.hpp"
#include "sim/input_error.hpp"
#include "tests/support/process.hpp"
#include "tests/support/results_compare.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using testing::Child;
using testing::expect_same_results;

const std::string kSource = COMMSIM_SOURCE_DIR;

// mpirun with `ranks` ranks, as root if need be (OpenMPI refuses otherwise).
const std::vector<std::pair<std::string, std::string>> kMpiAsRoot = {{"OMPI_ALLOW_RUN_AS_ROOT", "1"},
                                                                     {"OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"}};
std::vector<std::string> mpirun(const std::string& ranks) {
  return {"mpirun", "-n", ranks, "--oversubscribe", "--bind-to", "none"};
}

// `args` followed by `extra`.
std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& extra) {
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// A 3 x 2 grid over two levers of the baseline, small enough for seconds.
const std::string kGrid = R"(sweep:
  name: grid
  base: )" + kSource + R"(/scenarios/baseline.yaml
  set:
    run.days: 60
    community.initial_members: 300
  replicates: 3
  seed: 17
  parameters:
    entry.fee: [0, 10, 50]
    acquisition.join_probability: [0.01, 0.03]
)";

class Sweeps : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("commsim-sweep-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("grid.yaml", kGrid);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir_ / name) << text; }

  // Runs commsim to completion; the status, with stderr kept in err_.
  int run(const std::vector<std::string>& args, const std::vector<std::string>& launcher = {},
          const std::vector<std::pair<std::string, std::string>>& environment = {}) {
    Child child(args, dir_, launcher, environment);
    const int status = child.wait(std::chrono::seconds(300));
    err_ = child.err();
    out_ = child.out();
    return status;
  }
  fs::path dir_;
  std::string err_, out_;
};

TEST_F(Sweeps, ThreadCountNeverChangesTheData) {
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("one.h5"), "--threads", "1", "-q"}), 0) << err_;
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("two.h5"), "--threads", "2", "--grain", "64", "-q"}), 0) << err_;
  const output::ResultsReader one(path("one.h5")), two(path("two.h5"));
  expect_same_results(one, two);
  EXPECT_EQ(one.scenarios().size(), 6u);
  EXPECT_EQ(one.text_attribute("/", "sweep_design"), "grid");
  EXPECT_EQ(one.text_attribute("/", "sweep_parameters"), "entry.fee acquisition.join_probability");
  EXPECT_EQ(one.integer_attribute("/", "sweep_points"), 6);
  EXPECT_TRUE(one.complete());
}

// A point of a sweep is the scenario its resolved parameters describe: run
// alone with `commsim run`, it gives the same series.
TEST_F(Sweeps, APointEqualsARunOfItsResolvedScenario) {
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("sweep.h5"), "-q"}), 0) << err_;
  const output::ResultsReader sweep(path("sweep.h5"));
  const std::size_t p = 3;  // entry.fee 10, join probability 0.03
  write("point.yaml", sweep.scenario_field(p, "resolved_parameters"));
  ASSERT_EQ(run({"run", path("point.yaml"), "-o", path("point.h5"), "-q"}), 0) << err_;
  const output::ResultsReader alone(path("point.h5"));
  for (const output::MetricInfo& m : sweep.metrics())
    EXPECT_TRUE(testing::bitwise_equal(sweep.series(p, m.name).values, alone.series(0, m.name).values)) << m.name;
  // The swept values are typed coordinates along `scenario`.
  const auto varying = sweep.varying_parameters();
  ASSERT_EQ(varying.size(), 2u);
  EXPECT_EQ(varying[0].key, "acquisition.join_probability");
  EXPECT_EQ(varying[1].values[p], "10");
}

TEST_F(Sweeps, ShardsMergedEqualTheSingleProcessRun) {
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("whole.h5"), "-q"}), 0) << err_;
  std::vector<std::string> merge = {"merge"};
  for (int i = 0; i < 4; ++i) {
    const std::string part = path("part-" + std::to_string(i) + ".h5");
    ASSERT_EQ(run({"sweep", path("grid.yaml"), "--shard", std::to_string(i) + "/4", "-o", part, "-q"}), 0) << err_;
    const output::ResultsReader file(part);
    EXPECT_TRUE(file.complete());  // complete as a shard
    for (std::size_t p = 0; p < 6; ++p)
      EXPECT_EQ(file.replicate_complete(p), std::vector<std::uint8_t>(3, p % 4 == std::size_t(i))) << part << " " << p;
    merge.push_back(part);
  }
  merge.insert(merge.end(), {"-o", path("merged.h5")});
  ASSERT_EQ(run(merge), 0) << err_;
  expect_same_results(output::ResultsReader(path("whole.h5")), output::ResultsReader(path("merged.h5")));

  // Missing, duplicated and foreign parts are refused with exit 2.
  EXPECT_EQ(run({"merge", path("part-0.h5"), path("part-1.h5"), path("part-3.h5"), "-o", path("bad.h5")}), 2);
  EXPECT_NE(err_.find("merge: shard 2 of 4 missing"), std::string::npos) << err_;
  EXPECT_EQ(run({"merge", path("part-0.h5"), path("part-1.h5"), path("part-1.h5"), path("part-2.h5"),
                 path("part-3.h5"), "-o", path("bad.h5")}),
            2);
  EXPECT_NE(err_.find("shard 1/4 is given twice"), std::string::npos) << err_;
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "--shard", "2/4", "--set", "run.days=59", "-o", path("other-2.h5"), "-q"}),
            0);
  EXPECT_EQ(run({"merge", path("part-0.h5"), path("part-1.h5"), path("other-2.h5"), path("part-3.h5"), "-o",
                 path("bad.h5")}),
            2);
  EXPECT_NE(err_.find("attribute sweep_hash is"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(path("bad.h5")));
}

// A Slurm array task finds its shard in the environment, arrays starting at 1 included.
TEST_F(Sweeps, ABareShardReadsTheSlurmArrayEnvironment) {
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "--shard", "-o", path("slurm.h5"), "-q"}, {},
                {{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "3"}}),
            0)
      << err_;
  const output::ResultsReader file(path("slurm.h5"));
  EXPECT_EQ(file.integer_attribute("/", "shard_index"), 2);
  EXPECT_EQ(file.integer_attribute("/", "shard_count"), 3);
  EXPECT_EQ(run({"sweep", path("grid.yaml"), "--shard", "-o", path("none.h5")}), 2);
  EXPECT_NE(err_.find("SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set"), std::string::npos) << err_;
}

TEST_F(Sweeps, RerunGivesAPointsReplicateBitForBit) {
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("sweep.h5"), "-q"}), 0) << err_;
  ASSERT_EQ(run({"rerun", path("sweep.h5"), "--point", "p0004", "--replicate", "2", "-o", path("one.h5")}), 0) << err_;
  const output::ResultsReader sweep(path("sweep.h5")), one(path("one.h5"));
  EXPECT_TRUE(one.complete());
  EXPECT_EQ(one.replicate_complete(0), (std::vector<std::uint8_t>{0, 0, 1}));
  for (const output::MetricInfo& m : sweep.metrics()) {
    const output::SeriesData a = sweep.series(4, m.name), b = one.series(0, m.name);
    EXPECT_TRUE(testing::bitwise_equal(std::span(a.values).subspan(2 * a.days, a.days),
                                       std::span(b.values).subspan(2 * b.days, b.days)))
        << m.name;
  }
  EXPECT_EQ(run({"rerun", path("sweep.h5"), "--point", "6", "-o", path("x.h5")}), 2);
  EXPECT_NE(err_.find("--point 6: the file has points 0 to 5"), std::string::npos) << err_;
}

// Summaries only: no daily series, and the statistics are the daily file's.
TEST_F(Sweeps, SummariesOnlyKeepsTheStatisticsOfTheFullFile) {
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("daily.h5"), "-q"}), 0) << err_;
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("summaries.h5"), "--summaries-only", "-q"}), 0) << err_;
  const output::ResultsReader daily(path("daily.h5")), summaries(path("summaries.h5"));
  EXPECT_FALSE(summaries.daily_series());
  EXPECT_THROW(summaries.series(0, "members"), InputError);
  EXPECT_LT(fs::file_size(path("summaries.h5")), fs::file_size(path("daily.h5")));
  for (std::size_t p = 0; p < daily.scenarios().size(); ++p) {
    const output::ScenarioReduction a = daily.reduction(p), b = summaries.reduction(p);
    EXPECT_TRUE(testing::bitwise_equal(a.summary, b.summary));
    EXPECT_TRUE(testing::bitwise_equal(a.final, b.final));
    EXPECT_TRUE(testing::bitwise_equal(a.total, b.total));
    // /final is the last day, /total the sum of a flow's days.
    const output::SeriesData revenue = daily.series(p, "revenue"), members = daily.series(p, "members");
    std::size_t revenue_index = 0, members_index = 0;
    for (std::size_t m = 0; m < daily.metrics().size(); ++m) {
      if (daily.metrics()[m].name == "revenue") revenue_index = m;
      if (daily.metrics()[m].name == "members") members_index = m;
    }
    for (std::uint64_t r = 0; r < daily.replicates(); ++r) {
      double sum = 0;
      for (std::uint64_t d = 0; d < daily.days(); ++d) sum += revenue.at(r, d);
      EXPECT_EQ(b.total[revenue_index * 3 + r], sum);
      EXPECT_EQ(b.final[members_index * 3 + r], members.at(r, daily.days() - 1));
      EXPECT_TRUE(std::isnan(b.total[members_index * 3 + r]));  // a level has no total
    }
  }
}

// Summaries-only sweeps run in batches of points (16 with one thread), each
// reduced and freed: the statistics must not depend on the batching, nor on
// the ranks running it.
TEST_F(Sweeps, SummariesOnlyBatchesAndRanksKeepTheStatistics) {
  write("many.yaml", R"(sweep:
  name: many
  base: )" + kSource + R"(/scenarios/baseline.yaml
  set: {run.days: 20, community.initial_members: 100}
  design: random
  points: 40
  replicates: 2
  parameters:
    entry.fee: {min: 0, max: 50}
)");
  ASSERT_EQ(run({"sweep", path("many.yaml"), "-o", path("daily.h5"), "-q"}), 0) << err_;
  ASSERT_EQ(run({"sweep", path("many.yaml"), "-o", path("batched.h5"), "--summaries-only", "--threads", "1", "-q"}), 0)
      << err_;
  ASSERT_EQ(run({"sweep", path("many.yaml"), "-o", path("ranks.h5"), "--summaries-only", "--threads", "1", "-q"},
                mpirun("2"), kMpiAsRoot),
            0)
      << err_;
  const output::ResultsReader daily(path("daily.h5")), batched(path("batched.h5")), ranks(path("ranks.h5"));
  expect_same_results(batched, ranks);
  ASSERT_EQ(batched.scenarios().size(), 40u);
  for (std::size_t p = 0; p < 40; ++p) {
    const output::ScenarioReduction a = daily.reduction(p), b = batched.reduction(p);
    EXPECT_TRUE(testing::bitwise_equal(a.summary, b.summary)) << p;
    EXPECT_TRUE(testing::bitwise_equal(a.final, b.final)) << p;
    EXPECT_TRUE(testing::bitwise_equal(a.total, b.total)) << p;
  }
}

// SIGTERM mid-sweep keeps complete runs in a file marked incomplete; the
// same command with --resume finishes it, equal to an uninterrupted sweep;
// a second --resume has nothing to do.
TEST_F(Sweeps, AnInterruptedSweepResumesToTheUninterruptedData) {
  for (const bool summaries : {false, true}) {
    SCOPED_TRACE(summaries ? "summaries only" : "daily series");
    write("long.yaml", R"(sweep:
  name: long
  base: )" + kSource + R"(/scenarios/baseline.yaml
  set: {run.days: 250}
  design: lhs
  points: 16
  replicates: 4
  parameters:
    entry.fee: {min: 0, max: 50}
    acquisition.daily_ads_reach: {min: 500, max: 4000, scale: log}
)");
    std::vector<std::string> args = {"sweep", path("long.yaml"), "--threads", "2"};
    if (summaries) args.push_back("--summaries-only");
    ASSERT_EQ(run(with(args, {"-o", path("whole.h5"), "-q", "--force"})), 0) << err_;
    {
      Child child(with(args, {"-o", path("cut.h5"), "--progress", "always", "--force"}), dir_);
      static const std::regex shown("([0-9]+)/64 replicates");
      ASSERT_TRUE(testing::wait_until([&] {
        const std::string err = child.err();
        long most = -1;
        for (auto it = std::sregex_iterator(err.begin(), err.end(), shown); it != std::sregex_iterator(); ++it)
          most = std::max(most, std::stol((*it)[1]));
        return most >= 12 || !child.running();
      }));
      ASSERT_TRUE(child.running()) << "the sweep ended before the signal";
      child.signal(SIGTERM);
      EXPECT_EQ(child.wait(), 143) << child.err();
      EXPECT_NE(child.err().find("runs complete, kept in " + path("cut.h5")), std::string::npos) << child.err();
    }
    {
      const output::ResultsReader cut(path("cut.h5"));
      EXPECT_FALSE(cut.complete());
      EXPECT_GT(cut.completed_replicates(), 0u);
      EXPECT_LT(cut.completed_replicates(), 64u);
    }
    ASSERT_EQ(run(with(args, {"-o", path("cut.h5"), "-q", "--resume"})), 0) << err_;
    expect_same_results(output::ResultsReader(path("whole.h5")), output::ResultsReader(path("cut.h5")));
    ASSERT_EQ(run(with(args, {"-o", path("cut.h5"), "--resume"})), 0) << err_;
    EXPECT_NE(out_.find("already complete, nothing to resume"), std::string::npos) << out_;
  }
}

// A job killed outright (SIGKILL: no chance to write) keeps what its last
// checkpoint held; --resume finishes it to the uninterrupted data.
TEST_F(Sweeps, ASweepKilledOutrightResumesFromItsCheckpoint) {
  write("kill.yaml", R"(sweep:
  name: kill
  base: )" + kSource + R"(/scenarios/baseline.yaml
  set: {run.days: 250}
  design: random
  points: 48
  replicates: 2
  parameters:
    entry.fee: {min: 0, max: 50}
)");
  // One thread: batches of 16 points, a checkpoint after each but the last.
  const std::vector<std::string> args = {"sweep", path("kill.yaml"), "--threads", "1", "-q"};
  ASSERT_EQ(run(with(args, {"-o", path("whole.h5")})), 0) << err_;
  {
    Child child(with(args, {"-o", path("killed.h5"), "--checkpoint-minutes", "0.0001"}), dir_);
    ASSERT_TRUE(testing::wait_until([&] { return fs::exists(path("killed.h5")) || !child.running(); }));
    ASSERT_TRUE(child.running()) << "the sweep ended before it could be killed";
    child.signal(SIGKILL);
    EXPECT_EQ(child.wait(), 1000 + SIGKILL);
  }
  {
    const output::ResultsReader killed(path("killed.h5"));
    EXPECT_FALSE(killed.complete());
    EXPECT_GE(killed.completed_replicates(), 32u);  // the first batch: 16 points x 2
    EXPECT_LT(killed.completed_replicates(), 96u);
  }
  ASSERT_EQ(run(with(args, {"-o", path("killed.h5"), "--resume"})), 0) << err_;
  expect_same_results(output::ResultsReader(path("whole.h5")), output::ResultsReader(path("killed.h5")));
}

// OpenMPI's mpirun with 2 and 3 ranks: one file, the single process's data.
TEST_F(Sweeps, MpiRanksGiveTheSingleProcessData) {
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("single.h5"), "-q"}), 0) << err_;
  for (const char* ranks : {"2", "3"}) {
    const std::string out = path(std::string("mpi-") + ranks + ".h5");
    ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", out, "--threads", "1"},
                  mpirun(ranks), kMpiAsRoot),
              0)
        << err_;
    EXPECT_NE(out_.find("6 points x 3 replicates, 18 of 18 runs complete"), std::string::npos) << out_;
    expect_same_results(output::ResultsReader(path("single.h5")), output::ResultsReader(out));
  }
}

TEST_F(Sweeps, BadSweepsAndExistingOutputsAreInputErrors) {
  write("bad.yaml", "sweep:\n  name: bad\n  parameters:\n    entry.fee: [0, -1]\n");
  EXPECT_EQ(run({"sweep", path("bad.yaml"), "-o", path("bad.h5")}), 2);
  EXPECT_NE(err_.find(path("bad.yaml") + ":4:20: key 'sweep.parameters.entry.fee[1]' must be in"), std::string::npos)
      << err_;
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "-o", path("once.h5"), "-q"}), 0) << err_;
  EXPECT_EQ(run({"sweep", path("grid.yaml"), "-o", path("once.h5"), "-q"}), 2);
  EXPECT_NE(err_.find("exists"), std::string::npos) << err_;
  EXPECT_EQ(run({"sweep", path("grid.yaml"), "--shard", "4/4", "--dry-run"}), 2);
  EXPECT_NE(err_.find("expected I/N with 0 <= I < N"), std::string::npos) << err_;
  // The plan and the design, without running.
  ASSERT_EQ(run({"sweep", path("grid.yaml"), "--dry-run", "--print-design"}), 0) << err_;
  EXPECT_NE(err_.find("grid design, 6 points x 3 replicates = 18 runs"), std::string::npos) << err_;
  EXPECT_EQ(out_.rfind("point,entry.fee,acquisition.join_probability\np0000,0,0.01\np0001,0,0.03\np0002,10,0.01\n", 0), 0u)
      << out_;
}

}  // namespace
}  // namespace commsim
