#pragma once
// When a scheduled item of a list lever happens (a post of the content
// calendar, a red-packet round): on a one-off day, every N days from its
// start, and on given weekdays, within [start_day, end_day]. Day 0 of a run
// is a Monday. The fields, their checks and the rule are declared here once.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/day_window.hpp"
#include "sim/parameters.hpp"

namespace commsim::models {

inline constexpr std::array<const char*, 7> kWeekdayNames = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
inline constexpr std::uint8_t kEveryWeekday = 0x7F;

struct Schedule {
  int day = -1;               // one-off day, -1: none
  int every_days = 0;         // interval from the window's start, 0: none
  std::uint8_t weekdays = 0;  // bit w: weekday w (0 = mon)
  DayWindow window;

  bool on(int d) const {
    if (!window.contains(d)) return false;
    return d == day || window.due(d, every_days) || ((weekdays >> (d % 7)) & 1);
  }
  // Every day, so members come to expect it.
  bool daily() const { return every_days == 1 || weekdays == kEveryWeekday; }
};

// "" or weekday names separated by commas ("mon,wed,fri"); sets `mask`.
// Returns "" or what is wrong.
std::string parse_weekdays(const std::string& text, std::uint8_t& mask);

// The list fields day, every_days, weekdays, start_day, end_day; `verb` says
// what the item does ("goes out", "is sent").
std::vector<ParamSpec> schedule_fields(const std::string& verb, const std::string& every_days_note = "");

// The record check of a list whose fields include schedule_fields: an item
// must happen at all (else the message `never`, e.g. "never goes out") and
// not end before it starts.
std::function<std::string(const ParamValue&)> schedule_check(
    const std::vector<ParamSpec>& fields, const std::string& never);

Schedule read_schedule(const ListView& list, std::size_t row);

}  // namespace commsim::models
