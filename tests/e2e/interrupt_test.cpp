// SIGINT and SIGTERM sent with kill(2) to the real binary at three moments
// (set-up, mid-run, while writing), and --resume finishing what was kept.
#include <gtest/gtest.h>

#include <regex>

#include "output/results_reader.hpp"
#include "tests/support/process.hpp"
#include "tests/support/results_compare.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using testing::Child;
using testing::temporaries;
using testing::wait_until;
using testing::expect_same_data;

const std::string kSource = COMMSIM_SOURCE_DIR;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class Interrupt : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("commsim-interrupt-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The run to completion; its status.
  int run(const std::vector<std::string>& args) {
    Child child(args, dir_);
    return child.wait();
  }
  fs::path dir_;
};

// The largest "N/T replicates" the progress line has shown so far.
long replicates_shown(const std::string& err) {
  static const std::regex pattern("([0-9]+)/[0-9]+ replicates");
  long most = -1;
  for (auto it = std::sregex_iterator(err.begin(), err.end(), pattern); it != std::sregex_iterator(); ++it)
    most = std::max(most, std::stol((*it)[1]));
  return most;
}

// Set-up of 100,000 members takes about a second per replicate: a signal
// then finds no replicate complete, so nothing may be written.
TEST_F(Interrupt, SigintDuringSetUpWritesNothingAndExits130) {
  const std::string out = path("setup.h5");
  Child child({"run", kSource + "/scenarios/bench/members-100k.yaml", "--days", "365", "--replicates", "4",
               "--threads", "2", "-o", out, "--progress", "never"},
              dir_);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(child.running()) << child.err();
  child.signal(SIGINT);
  const auto sent = std::chrono::steady_clock::now();
  EXPECT_EQ(child.wait(), 130) << child.err();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count(), 10.0);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(temporaries(dir_).empty());
  EXPECT_TRUE(has(child.err(), "commsim run: interrupted by SIGINT: 0 of 4 replicates complete, nothing written"))
      << child.err();
  EXPECT_EQ(child.out(), "");
}

// Many short replicates complete steadily: a SIGTERM mid-run keeps those
// done in a file marked incomplete; --resume finishes it, and the result
// is the uninterrupted run's, bit for bit.
TEST_F(Interrupt, SigtermMidRunKeepsCompletedReplicatesAndResumeFinishesThem) {
  const std::vector<std::string> scenario = {"run", kSource + "/scenarios/baseline.yaml", "--replicates", "64",
                                             "--days", "365", "--threads", "2", "--seed", "5"};
  const std::string whole = path("whole.h5"), cut = path("cut.h5");
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = scenario;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  ASSERT_EQ(run(with({"-o", whole, "-q"})), 0);

  {
    Child child(with({"-o", cut, "--progress", "always"}), dir_);
    // Progress counts replicate-days: 8 replicates' worth means some done.
    ASSERT_TRUE(wait_until([&] { return replicates_shown(child.err()) >= 8 || !child.running(); }));
    ASSERT_TRUE(child.running()) << "the run ended before the signal:\n" << child.err();
    child.signal(SIGTERM);
    EXPECT_EQ(child.wait(), 143) << child.err();
    const std::string err = child.err();
    EXPECT_TRUE(std::regex_search(err, std::regex("\rcommsim run: interrupted by SIGTERM: [0-9]+ of 64 replicates "
                                                  "complete, kept in " + cut + " \\(commsim run .* --resume finishes it\\)\n$")))
        << err;
    EXPECT_EQ(child.out(), "");
  }
  EXPECT_TRUE(temporaries(dir_).empty());
  ASSERT_TRUE(fs::exists(cut));
  {
    const output::ResultsReader incomplete(cut), reference(whole);
    EXPECT_FALSE(incomplete.complete());
    EXPECT_TRUE(reference.complete());
    EXPECT_GT(incomplete.completed_replicates(), 0u);
    EXPECT_LT(incomplete.completed_replicates(), 64u);
    expect_same_data(incomplete, reference, &incomplete, false);
    // The others are NaN (the fill value).
    const std::vector<std::uint8_t> flags = incomplete.replicate_complete(0);
    const output::SeriesData members = incomplete.series(0, "members");
    for (std::uint64_t r = 0; r < 64; ++r)
      if (!flags[r]) {
        EXPECT_TRUE(std::isnan(members.at(r, 0)) && std::isnan(members.at(r, 364))) << r;
      }
  }

  Child info({"info", cut}, dir_);
  EXPECT_EQ(info.wait(), 0);
  EXPECT_TRUE(has(info.out(), "status:      INCOMPLETE: ")) << info.out();
  Child compare({"compare", cut}, dir_);
  EXPECT_EQ(compare.wait(), 2);
  EXPECT_TRUE(has(compare.err(), "incomplete")) << compare.err();

  // Other options are refused, naming the difference; then the resume.
  Child other(with({"-o", cut, "--resume", "--set", "acquisition.daily_ads_reach=7"}), dir_);
  EXPECT_EQ(other.wait(), 2);
  EXPECT_TRUE(has(other.err(), "differs from the file's: line ")) << other.err();
  EXPECT_TRUE(has(other.err(), "daily_ads_reach")) << other.err();
  ASSERT_EQ(run(with({"-o", cut, "--resume", "-q"})), 0);
  {
    const output::ResultsReader resumed(cut), reference(whole);
    EXPECT_TRUE(resumed.complete());
    EXPECT_EQ(resumed.completed_replicates(), 64u);
    expect_same_data(resumed, reference, nullptr, true);
  }
  Child again(with({"-o", cut, "--resume"}), dir_);
  EXPECT_EQ(again.wait(), 2);
  EXPECT_TRUE(has(again.err(), "already complete")) << again.err();
}

// A write of a few seconds (long runs, many replicates) is signalled once
// its temporary file appears: nothing is published, the old file stays.
TEST_F(Interrupt, SigtermWhileWritingLeavesTheExistingFileAndNoTemporary) {
  const std::string out = path("written.h5");
  {
    std::ofstream marker(out);
    marker << "the previous file\n";
  }
  Child child({"run", kSource + "/scenarios/cold-start.yaml", "--replicates", "256", "--days", "3000", "--threads",
               "2", "-o", out, "--force", "--progress", "never"},
              dir_);
  ASSERT_TRUE(wait_until([&] { return !temporaries(dir_).empty() || !child.running(); }, std::chrono::seconds(120)));
  ASSERT_TRUE(child.running()) << "the run ended before its write was seen:\n" << child.err();
  child.signal(SIGTERM);
  EXPECT_EQ(child.wait(), 143) << child.err();
  EXPECT_TRUE(has(child.err(), "commsim run: interrupted by SIGTERM while writing " + out +
                                   ": nothing written (the existing file is untouched)"))
      << child.err();
  EXPECT_EQ(testing::read_text(out), "the previous file\n");
  EXPECT_TRUE(temporaries(dir_).empty());
}

}  // namespace
}  // namespace commsim
