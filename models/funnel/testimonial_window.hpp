#pragma once
// Per-group count of testimonials posted over the last `window` days: a
// ring of daily counts per group, updated once a day in the sequential
// end_day, read in the next day's operator phase.
#include <cstdint>
#include <vector>

namespace commsim::models {

class TestimonialWindow {
 public:
  explicit TestimonialWindow(int window) : window_(window) {}

  // Records `count` testimonials in `group` on `day`; days must be recorded
  // in order and every group every day (zero counts included).
  void record(int day, std::uint32_t group, std::int64_t count) {
    if (group >= visible_.size()) {
      visible_.resize(std::size_t{group} + 1, 0);
      daily_.resize((std::size_t{group} + 1) * window_, 0);
    }
    std::int64_t& slot = daily_[std::size_t{group} * window_ + day % window_];
    visible_[group] += count - slot;  // the day leaving the window is overwritten
    slot = count;
  }
  // Testimonials posted in the group over the last `window` recorded days.
  std::int64_t visible(std::uint32_t group) const {
    return group < visible_.size() ? visible_[group] : 0;
  }

 private:
  int window_;
  std::vector<std::int64_t> visible_;  // by group
  std::vector<std::int64_t> daily_;    // [group][day % window]
};

}  // namespace commsim::models
