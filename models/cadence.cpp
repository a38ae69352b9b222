#include "models/cadence.hpp"

#include <algorithm>
#include <cctype>

namespace commsim::models {
namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

bool weekday_of(std::uint8_t mask, int d) { return (mask >> (d % 7)) & 1; }

// A cadence's keys, named here only.
struct KeyNames {
  std::string every, start, end;
};
KeyNames key_names(const std::string& prefix) {
  return {prefix + "every_days", prefix + "start_day", prefix + "end_day"};
}

// The window check (start <= end unless end is -1), naming both keys.
void require_ordered_window(ParamRegistry& p, const KeyNames& names) {
  // A window that ends before it starts would silently never run the lever.
  p.constraint({names.start, names.end}, [names](const ParameterSet& s) -> std::string {
    return window_order_problem({int(s.integer(names.start)), int(s.integer(names.end))});
  });
}

std::string window_text(const DayWindow& w) {
  return w.end < 0 ? "from day " + std::to_string(w.start)
                   : "days " + std::to_string(w.start) + " to " + std::to_string(w.end);
}

}  // namespace

int Cadence::first() const {
  int best = -1;
  const auto take = [&best](int d) { best = best < 0 ? d : std::min(best, d); };
  if (day >= 0 && window.contains(day)) take(day);
  if (every_days > 0 && window.contains(window.start)) take(window.start);
  for (int d = window.start; d < window.start + 7; ++d)
    if (window.contains(d) && weekday_of(weekdays, d)) {
      take(d);
      break;
    }
  return best;
}

int Cadence::latest(int d) const {
  const int top = window.end < 0 ? d : std::min(d, window.end);
  if (top < window.start) return -1;
  int best = -1;
  if (day >= window.start && day <= top) best = day;
  if (every_days > 0) best = std::max(best, window.start + (top - window.start) / every_days * every_days);
  for (int w = top; w >= std::max(window.start, top - 6); --w)
    if (weekday_of(weekdays, w)) {
      best = std::max(best, w);
      break;
    }
  return best;
}

std::string parse_weekdays(const std::string& text, std::uint8_t& mask) {
  mask = 0;
  if (trimmed(text).empty()) return "";
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = text.find(',', from);
    std::string name = trimmed(text.substr(from, comma == std::string::npos ? comma : comma - from));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    const auto it = std::find(kWeekdayNames.begin(), kWeekdayNames.end(), name);
    if (it == kWeekdayNames.end())
      return "must list weekdays mon, tue, wed, thu, fri, sat, sun separated by commas ('" + name +
             "' is not one)";
    mask |= std::uint8_t(1u << (it - kWeekdayNames.begin()));
    if (comma == std::string::npos) return "";
    from = comma + 1;
  }
}

std::string check_weekdays(const ParamValue& value) {
  std::uint8_t mask = 0;
  return parse_weekdays(std::get<std::string>(value), mask);
}

std::uint8_t weekday_mask(const std::string& text) {
  std::uint8_t mask = 0;
  parse_weekdays(text, mask);
  return mask;
}

std::string weekday_list(std::uint8_t mask) {
  std::string names;
  for (int w = 0; w < 7; ++w)
    if ((mask >> w) & 1) names += (names.empty() ? "" : ",") + std::string(kWeekdayNames[w]);
  return names;
}

std::string never_fires_reason(const Cadence& c) {
  if (c.day < 0 && c.every_days == 0 && c.weekdays == 0)
    return "give a one-off day, every_days or weekdays";
  if (c.first() >= 0) return "";
  // every_days > 0 always fires on the window's first day, so only a
  // one-off day and weekdays can miss the window.
  std::string why;
  if (c.day >= 0) why = "day " + std::to_string(c.day) + " is outside its window (" + window_text(c.window) + ")";
  if (c.weekdays != 0)
    why += (why.empty() ? "" : ", and ") + std::string("its window (") + window_text(c.window) +
           ") holds none of its weekdays (" + weekday_list(c.weekdays) + ")";
  return why;
}

std::string window_order_problem(const DayWindow& w) {
  if (w.end < 0 || w.end >= w.start) return "";
  return "the window ends (day " + std::to_string(w.end) + ") before it starts (day " + std::to_string(w.start) + ")";
}

void declare_cadence_interval(ParamRegistry& p, const CadenceKeys& k) {
  p.integer(key_names(k.prefix).every, 0, 0, k.every_max, "days", k.every_help);
}

void declare_cadence(ParamRegistry& p, const CadenceKeys& k) {
  const KeyNames names = key_names(k.prefix);
  const std::string &start = names.start, &end = names.end;
  if (k.every == CadenceKeys::Every::Key) declare_cadence_interval(p, k);
  if (k.window) {
    if (k.event.empty()) {
      p.integer(start, 0, 0, kMaxDays, "day", "First day of " + k.what + ".");
      p.integer(end, -1, -1, kMaxDays, "day", "Last day of " + k.what + "; -1: the horizon.");
    } else {
      p.integer(start, 0, 0, kMaxDays, "day",
                "Day of the first " + k.event + "; the next follow every every_days days.");
      p.integer(end, -1, -1, kMaxDays, "day",
                "Last day a " + k.event + " may fall on (inclusive); none after it. -1: the horizon.");
    }
    require_ordered_window(p, names);
  }
  // An interval fires on the window's first day (every_days 0 is off), so
  // only a fixed one-off day or fixed weekdays can miss a window.
  if (k.every != CadenceKeys::Every::None || k.fixed.every_days > 0 || !k.window) return;
  std::vector<std::string> named = {start, end};
  if (!k.switch_key.empty()) named.insert(named.begin(), k.switch_key);
  p.constraint(named, [k](const ParameterSet& s) -> std::string {
    if (!k.switch_key.empty() && !s.flag(k.switch_key)) return "";
    const Cadence c = read_cadence(s, k);
    if (c.window.end >= 0 && c.window.end < c.window.start) return "";  // the window check says why
    const std::string why = never_fires_reason(c);
    return why.empty() ? "" : k.what + " would never happen: " + why;
  });
}

Cadence read_cadence(const ParameterSet& p, const CadenceKeys& k) {
  const KeyNames names = key_names(k.prefix);
  Cadence c = k.fixed;
  if (k.every != CadenceKeys::Every::None) c.every_days = int(p.integer(names.every));
  if (k.window) c.window = {int(p.integer(names.start)), int(p.integer(names.end))};
  return c;
}

}  // namespace commsim::models
