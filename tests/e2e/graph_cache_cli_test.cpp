// --graph-cache end to end: runs and sweeps that store or load the social
// graph give the same results, bit for bit, as runs without the option, and
// leave one entry per graph.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/process.hpp"
#include "tests/support/results_compare.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using testing::Child;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The invite campaign, shrunk to a graph of 4,000 people and 20 days.
const std::vector<std::string> kSmallCampaign = {
    std::string(COMMSIM_SOURCE_DIR) + "/scenarios/invite-campaign.yaml", "--days", "20", "--replicates", "2",
    "--set", "community.prospects=3000", "-q"};

class GraphCacheCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("commsim-graph-cache-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cache_ = dir_ / "graphs";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // commsim COMMAND ARGS... EXTRA...; its stderr, after checking it succeeded.
  std::string commsim(const std::string& command, const std::vector<std::string>& args,
                      const std::vector<std::string>& extra) {
    std::vector<std::string> all = {command};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), extra.begin(), extra.end());
    Child child(all, dir_);
    EXPECT_EQ(child.wait(), 0) << child.err();
    return child.err();
  }
  std::vector<fs::path> entries() const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(cache_)) found.push_back(entry.path());
    return found;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_, cache_;
};

TEST_F(GraphCacheCli, RunsThatWriteAndLoadTheGraphAreBitIdenticalToOneWithout) {
  commsim("run", kSmallCampaign, {"-o", path("plain.h5")});
  EXPECT_EQ(commsim("run", kSmallCampaign, {"--graph-cache", cache_.string(), "-o", path("writes.h5")}), "");
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries().front();
  const auto written = fs::last_write_time(entry);
  EXPECT_EQ(commsim("run", kSmallCampaign, {"--graph-cache", cache_.string(), "-o", path("loads.h5")}), "");
  EXPECT_EQ(entries(), std::vector<fs::path>{entry});
  EXPECT_EQ(fs::last_write_time(entry), written);  // loaded, not written again
  const output::ResultsReader plain(path("plain.h5"));
  testing::expect_same_results(plain, output::ResultsReader(path("writes.h5")));
  testing::expect_same_results(plain, output::ResultsReader(path("loads.h5")));
  // And the graph was used.
  double sent = 0;
  for (const double x : plain.series(0, "invites_sent").values) sent += x;
  EXPECT_GT(sent, 0);
}

TEST_F(GraphCacheCli, ACorruptEntryIsAWarningNamingItAndTheRunIsUnchanged) {
  commsim("run", kSmallCampaign, {"--graph-cache", cache_.string(), "-o", path("first.h5")});
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries().front();
  fs::resize_file(entry, fs::file_size(entry) - 1);
  const std::string err = commsim("run", kSmallCampaign, {"--graph-cache", cache_.string(), "-o", path("second.h5")});
  EXPECT_TRUE(has(err, "commsim run: warning: graph cache: " + entry.string())) << err;
  EXPECT_TRUE(has(err, "building the graph again")) << err;
  testing::expect_same_results(output::ResultsReader(path("first.h5")), output::ResultsReader(path("second.h5")));
  EXPECT_EQ(entries(), std::vector<fs::path>{entry});
  EXPECT_EQ(commsim("run", kSmallCampaign, {"--graph-cache", cache_.string(), "-o", path("third.h5")}), "");
}

TEST_F(GraphCacheCli, ASweepWithTheCacheEqualsOneWithout) {
  // Common streams (the default): both points have the sweep's seed, so one graph.
  std::ofstream(dir_ / "sweep.yaml") << "sweep:\n"
                                     << "  name: rewards\n"
                                     << "  base: " << COMMSIM_SOURCE_DIR << "/scenarios/invite-campaign.yaml\n"
                                     << "  set:\n"
                                     << "    run.days: 20\n"
                                     << "    community.prospects: 3000\n"
                                     << "  replicates: 2\n"
                                     << "  seed: 17\n"
                                     << "  parameters:\n"
                                     << "    invites.reward: [5, 10]\n";
  const std::vector<std::string> sweep = {path("sweep.yaml"), "-q"};
  commsim("sweep", sweep, {"-o", path("plain.h5")});
  for (const char* name : {"writes.h5", "loads.h5"}) {
    commsim("sweep", sweep, {"--graph-cache", cache_.string(), "-o", path(name)});
    testing::expect_same_results(output::ResultsReader(path("plain.h5")), output::ResultsReader(path(name)));
  }
  EXPECT_EQ(entries().size(), 1u);
}

TEST_F(GraphCacheCli, AnEmptyDirectoryIsAnError) {
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), kSmallCampaign.begin(), kSmallCampaign.end());
  for (const std::string& extra : {std::string("--graph-cache"), std::string(), std::string("-o"), path("x.h5")})
    args.push_back(extra);
  Child child(args, dir_);
  EXPECT_EQ(child.wait(), 2);
  EXPECT_TRUE(has(child.err(), "--graph-cache: the directory is empty")) << child.err();
}

}  // namespace
}  // namespace commsim
