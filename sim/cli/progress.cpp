#include "sim/cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/input_error.hpp"

namespace commsim::cli {
namespace {

constexpr std::chrono::milliseconds kRedraw{250};  // the updating line: 4 times a second
constexpr double kDefaultPlainSeconds = 10;

// "4.2s", "3m07s", "2h05m": short enough for one terminal line.
std::string duration_text(double seconds) {
  char text[32];
  if (seconds < 60)
    std::snprintf(text, sizeof text, "%.1fs", seconds);
  else if (seconds < 3600)
    std::snprintf(text, sizeof text, "%dm%02ds", int(seconds / 60), int(seconds) % 60);
  else
    std::snprintf(text, sizeof text, "%dh%02dm", int(seconds / 3600), int(seconds / 60) % 60);
  return text;
}

void write_stderr(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

ProgressMode parse_progress_mode(const std::string& text) {
  if (text == "auto") return ProgressMode::Auto;
  if (text == "always") return ProgressMode::Always;
  if (text == "never") return ProgressMode::Never;
  throw InputError("--progress " + text + ": must be auto, always or never");
}

double plain_progress_seconds() {
  const char* text = std::getenv("COMMSIM_PROGRESS_SECONDS");
  if (!text || !*text) return kDefaultPlainSeconds;
  char* end = nullptr;
  const double seconds = std::strtod(text, &end);
  if (*end != '\0' || !std::isfinite(seconds) || seconds <= 0)
    throw InputError(std::string("COMMSIM_PROGRESS_SECONDS=") + text +
                     ": must be a positive number of seconds");
  return seconds;
}

ProgressReporter::ProgressReporter(ProgressMode mode, std::uint64_t total_days,
                                   std::uint64_t total_replicates, std::string label)
    : total_days_(total_days), total_replicates_(total_replicates), label_(std::move(label)) {
  if (mode == ProgressMode::Never || total_days == 0) {
    style_ = Style::None;
    return;
  }
  const double plain_seconds = plain_progress_seconds();  // checked in every mode but never
  const bool updating = mode == ProgressMode::Always || isatty(STDERR_FILENO);
  style_ = updating ? Style::Updating : Style::Plain;
  interval_ = updating ? std::chrono::duration<double>(kRedraw)
                       : std::chrono::duration<double>(plain_seconds);
  thread_ = std::thread([this] { watch(); });
}

ProgressReporter::~ProgressReporter() {
  if (thread_.joinable()) stop(false);
}

void ProgressReporter::finish() {
  if (thread_.joinable()) stop(true);
}

void ProgressReporter::clear() {
  if (thread_.joinable()) stop(false);
}

void ProgressReporter::watch() {
  std::unique_lock lock(mutex_);
  if (style_ == Style::Updating) draw_updating();
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    if (style_ == Style::Updating)
      draw_updating();
    else
      write_stderr(status_line() + "\n");
  }
}

void ProgressReporter::stop(bool completed) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (style_ != Style::Updating) return;
  if (completed) {
    draw_updating();
    write_stderr("\n");
  } else {
    // Leave a clean line for the error message that follows.
    write_stderr("\r" + std::string(drawn_width_, ' ') + "\r");
  }
}

std::string ProgressReporter::status_line() const {
  const std::uint64_t done = std::min(days_done_.load(std::memory_order_relaxed), total_days_);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = double(done) / double(total_days_);
  // Replicate-days done, in whole replicates' worth.
  const auto replicates = static_cast<std::uint64_t>(std::floor(fraction * double(total_replicates_)));
  char text[160];
  std::snprintf(text, sizeof text, "%s: %llu/%llu replicates (%.0f%%), %.0f days/s, %s elapsed, ETA %s",
                label_.c_str(), static_cast<unsigned long long>(replicates),
                static_cast<unsigned long long>(total_replicates_), 100.0 * fraction,
                elapsed > 0 ? double(done) / elapsed : 0.0, duration_text(elapsed).c_str(),
                done > 0 ? duration_text(elapsed * double(total_days_ - done) / double(done)).c_str()
                         : "?");
  return text;
}

// Carriage return, the line, and blanks over what is left of a longer one.
void ProgressReporter::draw_updating() {
  const std::string line = status_line();
  const std::size_t pad = drawn_width_ > line.size() ? drawn_width_ - line.size() : 0;
  write_stderr("\r" + line + std::string(pad, ' '));
  drawn_width_ = line.size();
}

}  // namespace commsim::cli
