#pragma once
// When a lever acts: one rule for every lever. A cadence fires on day d if d
// lies in its window [start, end] (end -1: the horizon) and
//   d is its one-off day, or
//   every_days > 0 and d - start is a multiple of every_days, or
//   d falls on one of its weekdays (day 0 of a run is a Monday).
// Scalar levers name its parts `<prefix>start_day`, `<prefix>end_day`,
// `<prefix>every_days` (declare_cadence below); list levers (posts,
// red-packet rounds) have them as record fields (models/schedule.hpp).
#include <array>
#include <cstdint>
#include <string>

#include "sim/parameters.hpp"
#include "sim/population.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

inline constexpr std::array<const char*, 7> kWeekdayNames = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
inline constexpr std::uint8_t kEveryWeekday = 0x7F;
inline constexpr int kSunday = 6;  // weekday index: day % 7

struct DayWindow {
  int start = 0;
  int end = -1;  // inclusive; -1: the horizon

  bool contains(int day) const { return day >= start && (end < 0 || day <= end); }
  // In the window and a multiple of `period` days after its start (period > 0).
  bool due(int day, int period) const {
    return period > 0 && contains(day) && (day - start) % period == 0;
  }
};

struct Cadence {
  DayWindow window;
  int every_days = 0;         // 0: no interval
  std::uint8_t weekdays = 0;  // bit w: weekday w (0 = mon)
  int day = -1;               // one-off day; -1: none

  static Cadence every_day(DayWindow w = {}) { return {w, 1}; }
  static Cadence every(int days, DayWindow w = {}) { return {w, days}; }
  static Cadence weekly(int weekday, DayWindow w = {}) { return {w, 0, std::uint8_t(1u << weekday)}; }
  static Cadence once(int d) { return {{}, 0, 0, d}; }

  bool on(int d) const {
    if (!window.contains(d)) return false;
    return d == day || window.due(d, every_days) || ((weekdays >> (d % 7)) & 1);
  }
  // Fires every day of its window, so members come to expect it.
  bool daily() const { return every_days == 1 || weekdays == kEveryWeekday; }
  // The first day it fires, -1 if it never does (whatever the horizon).
  int first() const;
  // The last day on or before `d` it fired, -1 if none.
  int latest(int d) const;
};

// "" or weekday names separated by commas ("mon,wed,fri"); sets `mask`.
// Returns "" or what is wrong.
std::string parse_weekdays(const std::string& text, std::uint8_t& mask);
std::string weekday_list(std::uint8_t mask);  // "mon,wed,fri"
// A weekdays key's or field's check (parse_weekdays' message) and its
// reading once checked.
std::string check_weekdays(const ParamValue& value);
std::uint8_t weekday_mask(const std::string& text);
// "" if the cadence fires on some day, else why not, for an error message.
std::string never_fires_reason(const Cadence& cadence);

// Which parts of a lever's cadence are scenario keys, all `<prefix><part>`
// ("incentives.lottery_" + "every_days"); the rest are fixed by the lever.
struct CadenceKeys {
  std::string prefix = {};  // "meetups.", "incentives.lottery_"
  std::string what = {};    // the lever, in help and messages: "the meetups"
  // One occurrence ("meetup"): the window keys' help then says which
  // occurrences fall in it; "": the window is a campaign's span.
  std::string event = {};
  // <prefix>every_days (0: the lever is off): None, the lever's interval is
  // fixed.every_days; Key, declared here with every_help and range [0,
  // every_max]; Lever, the lever declares it itself, earlier (pruning, to
  // keep its keys' order).
  enum class Every { None, Key, Lever } every = Every::None;
  std::string every_help = {};
  std::int64_t every_max = kMaxDays;
  bool window = true;  // <prefix>start_day, <prefix>end_day; false: fixed.window
  Cadence fixed = Cadence::every_day();  // what is not a key (awards: Sundays)
  std::string switch_key = {};  // a flag that turns the lever on; "": none
};

// Declares the keys (every_days, then start_day and end_day) and their
// checks: a window that ends before it starts, and a lever that is on but
// whose cadence can never fire, are refused naming the keys. `keys.prefix`
// and `keys.switch_key` are full keys here.
void declare_cadence(ParamRegistry& p, const CadenceKeys& keys);
Cadence read_cadence(const ParameterSet& p, const CadenceKeys& keys);
// <prefix>every_days alone (every_help, [0, every_max]): for a lever that
// declares it before its other keys (CadenceKeys::Every::Lever).
void declare_cadence_interval(ParamRegistry& p, const CadenceKeys& keys);

// "" or what is wrong with a window: its end (not -1) before its start.
std::string window_order_problem(const DayWindow& window);

// A lever's cadence keys in its settings binding (sim/settings_binding.hpp),
// read into a Cadence field: `keys.prefix` is relative to the binding's
// section ("lottery_" in "incentives"), and `on`, if given, is the flag
// that switches the lever on (keys.switch_key is its key).
//   SettingsBinding<LotterySettings>("incentives")
//       .custom(cadence_keys(&LotterySettings::draws, kDraws))
template <typename S>
typename SettingsBinding<S>::Custom cadence_keys(Cadence S::*field, CadenceKeys keys, bool S::*on = nullptr) {
  const auto full = [keys, on](const SettingsBinding<S>& binding) {
    CadenceKeys k = keys;
    k.prefix = binding.prefix() + keys.prefix;
    if (on) k.switch_key = binding.key(on);
    return k;
  };
  return {[full](ParamRegistry& p, const SettingsBinding<S>& b) { declare_cadence(p, full(b)); },
          [full, field](const ParameterSet& p, const SettingsBinding<S>& b, S& s) {
            s.*field = read_cadence(p, full(b));
          }};
}

// The interval key of a lever whose window keys come later in its binding
// (keys.every is CadenceKeys::Every::Lever): declared here, read with the
// window by cadence_keys.
template <typename S>
typename SettingsBinding<S>::Custom cadence_interval_key(CadenceKeys keys) {
  return {[keys](ParamRegistry& p, const SettingsBinding<S>& b) {
            CadenceKeys k = keys;
            k.prefix = b.prefix() + keys.prefix;
            declare_cadence_interval(p, k);
          },
          [](const ParameterSet&, const SettingsBinding<S>&, S&) {}};
}

}  // namespace commsim::models
