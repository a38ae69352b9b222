#pragma once
// The days a lever is on: `<prefix>start_day` to `<prefix>end_day` (-1: the
// horizon), optionally every `period` days from the start. Every campaign
// lever (ads, invites, meetups, pruning, each incentive) declares and reads
// its window here, so they all mean the same thing.
#include <string>

#include "sim/parameters.hpp"
#include "sim/population.hpp"

namespace commsim::models {

struct DayWindow {
  int start = 0;
  int end = -1;

  bool contains(int day) const { return day >= start && (end < 0 || day <= end); }
  // In the window and a multiple of `period` days after its start (period > 0).
  bool due(int day, int period) const {
    return period > 0 && contains(day) && (day - start) % period == 0;
  }
};

// Declares `<prefix>start_day` and `<prefix>end_day`; `what` names the lever
// in their help ("the ad campaign").
// A window that ends before it starts would silently never run the lever.
inline void require_ordered_window(ParamRegistry& p, const std::string& prefix) {
  const std::string start = prefix + "start_day", end = prefix + "end_day";
  p.constraint({start, end}, [start, end](const ParameterSet& s) -> std::string {
    const std::int64_t first = s.integer(start), last = s.integer(end);
    if (last < 0 || last >= first) return "";
    return "the window ends (day " + std::to_string(last) + ") before it starts (day " + std::to_string(first) + ")";
  });
}

inline void declare_day_window(ParamRegistry& p, const std::string& prefix, const std::string& what) {
  p.integer(prefix + "start_day", 0, 0, kMaxDays, "day", "First day of " + what + ".");
  p.integer(prefix + "end_day", -1, -1, kMaxDays, "day", "Last day of " + what + "; -1: the horizon.");
  require_ordered_window(p, prefix);
}

// The same keys for a lever that recurs every `every_days` days from
// start_day (DayWindow::due): their help says which occurrences fall in
// the window; `event` names one occurrence ("prune").
inline void declare_recurring_window(ParamRegistry& p, const std::string& prefix,
                                     const std::string& event) {
  p.integer(prefix + "start_day", 0, 0, kMaxDays, "day",
            "Day of the first " + event + "; the next follow every every_days days.");
  p.integer(prefix + "end_day", -1, -1, kMaxDays, "day",
            "Last day a " + event + " may fall on (inclusive); none after it. -1: the horizon.");
  require_ordered_window(p, prefix);
}

inline DayWindow read_day_window(const ParameterSet& p, const std::string& prefix) {
  return {int(p.integer(prefix + "start_day")), int(p.integer(prefix + "end_day"))};
}

}  // namespace commsim::models
