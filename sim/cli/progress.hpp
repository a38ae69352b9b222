#pragma once
// Progress of a long run on stderr, read from the engine's days_done counter
// (RunSettings::days_done) by a thread of its own: the engine never prints.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace commsim::cli {

// --progress: auto (an updating line on a terminal, a plain line every
// COMMSIM_PROGRESS_SECONDS otherwise), always (the updating line), never.
enum class ProgressMode { Auto, Always, Never };

// Throws InputError naming --progress for anything but auto, always, never.
ProgressMode parse_progress_mode(const std::string& text);

// The plain-line interval: COMMSIM_PROGRESS_SECONDS, default 10; throws
// InputError when it is set but not a positive number.
double plain_progress_seconds();

class ProgressReporter {
 public:
  // `total_days`: replicate-days of the whole command (scenarios x
  // replicates x days); `total_replicates`: the replicates they make up.
  ProgressReporter(ProgressMode mode, std::uint64_t total_days, std::uint64_t total_replicates,
                   std::string label);
  // Stops; when finish() was not called (the run threw), clears the line.
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // The counter for RunSettings::days_done; null when nothing is reported.
  std::atomic<std::uint64_t>* counter() { return style_ == Style::None ? nullptr : &days_done_; }
  // Stops the thread; the updating line is drawn a last time and ended with
  // a newline. Nothing is printed after it.
  void finish();
  // Stops the thread and clears the updating line (a run that ends early).
  void clear();

 private:
  enum class Style { None, Updating, Plain };
  void watch();
  void stop(bool completed);
  std::string status_line() const;
  void draw_updating();

  Style style_;
  std::uint64_t total_days_;
  std::uint64_t total_replicates_;
  std::string label_;
  std::chrono::duration<double> interval_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> days_done_{0};
  std::size_t drawn_width_ = 0;  // of the updating line on screen
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace commsim::cli
