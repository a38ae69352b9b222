// The progress reporter on its own: what it draws, that it stops cleanly and
// prints nothing afterwards, also when the run it watches throws.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "sim/cli/progress.hpp"
#include "sim/input_error.hpp"

namespace commsim::cli {
namespace {

using namespace std::chrono_literals;

TEST(Progress, NeverGivesNoCounterAndPrintsNothing) {
  ::testing::internal::CaptureStderr();
  {
    ProgressReporter progress(ProgressMode::Never, 100, 4, "t");
    EXPECT_EQ(progress.counter(), nullptr);
    progress.finish();
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(Progress, FinishDrawsTheLastStateOnceAndEndsTheLine) {
  ::testing::internal::CaptureStderr();
  {
    ProgressReporter progress(ProgressMode::Always, 100, 4, "t");
    ASSERT_NE(progress.counter(), nullptr);
    progress.counter()->fetch_add(50);
    std::this_thread::sleep_for(600ms);  // at least one redraw
    progress.counter()->fetch_add(50);
    progress.finish();
  }
  std::this_thread::sleep_for(300ms);
  const std::string text = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(text.find("\rt: 2/4 replicates (50%)"), std::string::npos) << text;
  const std::string last = "\rt: 4/4 replicates (100%)";
  ASSERT_NE(text.rfind(last), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), text.size() - 1) << text;  // one line, ended once
}

TEST(Progress, AThrowingRunLeavesAClearedLineAndNothingAfter) {
  ::testing::internal::CaptureStderr();
  try {
    ProgressReporter progress(ProgressMode::Always, 100, 4, "t");
    progress.counter()->fetch_add(10);
    std::this_thread::sleep_for(300ms);
    throw std::runtime_error("disk full");
  } catch (const std::runtime_error&) {
  }
  std::this_thread::sleep_for(300ms);  // a leftover thread would draw here
  const std::string text = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
  // The last write blanks the line and returns to its start.
  const std::size_t clear = text.rfind('\r', text.size() - 2);
  ASSERT_NE(clear, std::string::npos);
  EXPECT_EQ(text.back(), '\r');
  EXPECT_EQ(text.substr(clear + 1, text.size() - clear - 2).find_first_not_of(' '), std::string::npos)
      << text;
}

TEST(Progress, ModesAndIntervalAreChecked) {
  EXPECT_EQ(parse_progress_mode("auto"), ProgressMode::Auto);
  EXPECT_EQ(parse_progress_mode("always"), ProgressMode::Always);
  EXPECT_EQ(parse_progress_mode("never"), ProgressMode::Never);
  EXPECT_THROW(parse_progress_mode("Always"), InputError);
  for (const char* bad : {"0", "-1", "soon", "1s", "inf"}) {
    ::setenv("COMMSIM_PROGRESS_SECONDS", bad, 1);
    EXPECT_THROW(plain_progress_seconds(), InputError) << bad;
  }
  ::setenv("COMMSIM_PROGRESS_SECONDS", "0.25", 1);
  EXPECT_EQ(plain_progress_seconds(), 0.25);
  ::unsetenv("COMMSIM_PROGRESS_SECONDS");
  EXPECT_EQ(plain_progress_seconds(), 10.0);
}

}  // namespace
}  // namespace commsim::cli
