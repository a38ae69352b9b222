// Write faults on a real filesystem: a tmpfs of fixed size mounted by the
// test (root only: without root the tests fail, they never skip). A full
// disk, a read-only directory and a file removed underneath each end with
// exit status 1, a message naming the file and the cause, no file at the
// final path and no temporary left; a read-only graph cache is only a
// warning.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>

#include "tests/support/process.hpp"
#include "tests/support/results_compare.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using testing::Child;
using testing::temporaries;
using testing::wait_until;

const std::string kBaseline = std::string(COMMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A crash (a signal, or abort's 134 and a segfault's 139 through a shell)
// is never an acceptable way to fail.
void expect_clean_failure(int status, const std::string& err) {
  EXPECT_EQ(status, 1) << err;
  EXPECT_LT(status, 128) << "crashed: " << err;
}

class DiskFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::geteuid(), 0u) << "the disk fault tests mount a tmpfs and must run as root "
                                  "(CI runs them as root; run ctest with sudo)";
    dir_ = fs::temp_directory_path() / ("commsim-disk-faults-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    mount_point_ = dir_ / "fs";
    fs::create_directories(mount_point_);
  }
  // Unmounted whatever the test did (lazily when something still holds it).
  void TearDown() override {
    if (mounted_ && ::umount(mount_point_.c_str()) != 0) ::umount2(mount_point_.c_str(), MNT_DETACH);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  void mount_tmpfs(const std::string& size, bool read_only = false) {
    const std::string options = "size=" + size + ",mode=0755";
    ASSERT_EQ(::mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, options.c_str()), 0) << std::strerror(errno);
    mounted_ = true;
    if (!read_only) return;
    ASSERT_EQ(::mount("tmpfs", mount_point_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, options.c_str()), 0)
        << std::strerror(errno);
  }
  std::string on_fs(const std::string& name) const { return (mount_point_ / name).string(); }

  fs::path dir_, mount_point_;
  bool mounted_ = false;
};

TEST_F(DiskFaults, AFullDiskFailsWithItsCauseAndLeavesNothing) {
  mount_tmpfs("256k");
  const std::string out = on_fs("full.h5");
  // About 2 MB compressed: far more than the filesystem holds.
  Child child({"run", kBaseline, "--replicates", "16", "--threads", "2", "-o", out, "-q"}, dir_);
  const int status = child.wait();
  const std::string err = child.err();
  expect_clean_failure(status, err);
  EXPECT_TRUE(has(err, "commsim: failed: ")) << err;
  EXPECT_TRUE(has(err, out)) << err;
  EXPECT_TRUE(has(err, "No space left on device")) << err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(temporaries(mount_point_).empty());
}

TEST_F(DiskFaults, AReadOnlyDirectoryFailsWithItsCause) {
  mount_tmpfs("1m", true);
  const std::string out = on_fs("read-only.h5");
  Child child({"run", kBaseline, "--replicates", "2", "--days", "30", "-o", out, "-q"}, dir_);
  const int status = child.wait();
  const std::string err = child.err();
  expect_clean_failure(status, err);
  EXPECT_TRUE(has(err, "commsim: failed: ")) << err;
  EXPECT_TRUE(has(err, out)) << err;
  EXPECT_TRUE(has(err, "Read-only file system")) << err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(temporaries(mount_point_).empty());
}

// A graph cache that cannot be written is a warning: the run goes on with
// the graph it built, and its results are those of a run without a cache.
TEST_F(DiskFaults, AReadOnlyGraphCacheIsAWarningAndTheRunGoesOn) {
  mount_tmpfs("1m", true);
  const std::vector<std::string> run = {"run", std::string(COMMSIM_SOURCE_DIR) + "/scenarios/invite-campaign.yaml",
                                        "--days", "20", "--replicates", "2", "--set", "community.prospects=3000",
                                        "-q"};
  const auto with = [&run](std::vector<std::string> extra) {
    extra.insert(extra.begin(), run.begin(), run.end());
    return extra;
  };
  const std::string cached = (dir_ / "cached.h5").string(), plain = (dir_ / "plain.h5").string();
  Child child(with({"--graph-cache", on_fs("graphs"), "-o", cached}), dir_);
  ASSERT_EQ(child.wait(), 0) << child.err();
  const std::string err = child.err();
  EXPECT_TRUE(has(err, "commsim run: warning: graph cache: " + on_fs("graphs"))) << err;
  EXPECT_TRUE(has(err, "Read-only file system")) << err;
  EXPECT_TRUE(has(err, "the graph is not cached (the run goes on)")) << err;
  Child reference(with({"-o", plain}), dir_);
  ASSERT_EQ(reference.wait(), 0) << reference.err();
  testing::expect_same_results(output::ResultsReader(cached), output::ResultsReader(plain));
  EXPECT_TRUE(temporaries(mount_point_).empty());
}

// The temporary file is deleted by someone else while commsim writes it
// (seen as soon as it appears): the write cannot be published.
TEST_F(DiskFaults, ATemporaryRemovedWhileWritingFailsAndPublishesNothing) {
  mount_tmpfs("512m");
  const std::string out = on_fs("removed.h5");
  Child child({"run", std::string(COMMSIM_SOURCE_DIR) + "/scenarios/cold-start.yaml", "--replicates", "256", "--days",
               "3000", "--threads", "2", "-o", out, "--progress", "never"},
              dir_);
  ASSERT_TRUE(wait_until([&] { return !temporaries(mount_point_).empty() || !child.running(); },
                         std::chrono::seconds(120)));
  ASSERT_TRUE(child.running()) << "the run ended before its write was seen:\n" << child.err();
  for (const std::string& temporary : temporaries(mount_point_)) fs::remove(temporary);
  const int status = child.wait();
  const std::string err = child.err();
  expect_clean_failure(status, err);
  // The message names the file (or its temporary, which starts with its
  // name); the cause depends on which call the removal hit: "No such file or
  // directory", or HDF5's "can't retrieve stat info" inside the create.
  EXPECT_TRUE(has(err, "commsim: failed: ")) << err;
  EXPECT_TRUE(has(err, out)) << err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(temporaries(mount_point_).empty());
}

}  // namespace
}  // namespace commsim
