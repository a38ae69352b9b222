#include "models/schedule.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace commsim::models {
namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

std::string check_weekdays(const ParamValue& value) {
  std::uint8_t mask = 0;
  return parse_weekdays(std::get<std::string>(value), mask);
}

std::size_t index_of(const std::vector<ParamSpec>& fields, const std::string& name) {
  for (std::size_t f = 0; f < fields.size(); ++f)
    if (fields[f].key == name) return f;
  throw std::logic_error("schedule field missing: " + name);
}

}  // namespace

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

std::vector<ParamSpec> schedule_fields(const std::string& verb, const std::string& every_days_note) {
  return {
      integer_field("day", -1, -1, kMaxDays, "day", "One-off day; -1: none."),
      integer_field("every_days", 0, 0, kMaxDays, "days",
                    "It " + verb + " every this many days from start_day; 0: no interval." +
                        every_days_note),
      text_field("weekdays", "",
                 "Weekdays it " + verb + " on, e.g. \"mon,wed,fri\" (day 0 is a Monday); \"\": none.",
                 check_weekdays),
      integer_field("start_day", 0, 0, kMaxDays, "day", "First day it may happen."),
      integer_field("end_day", -1, -1, kMaxDays, "day", "Last day it may happen; -1: the horizon."),
  };
}

std::function<std::string(const ParamValue&)> schedule_check(const std::vector<ParamSpec>& fields,
                                                             const std::string& never) {
  const std::size_t day = index_of(fields, "day"), every = index_of(fields, "every_days"),
                    weekdays = index_of(fields, "weekdays"), start = index_of(fields, "start_day"),
                    end = index_of(fields, "end_day");
  return [=](const ParamValue& value) -> std::string {
    const std::vector<Scalar>& row = std::get<RecordList>(value).rows.at(0);
    const auto integer = [&](std::size_t f) { return std::get<std::int64_t>(row[f]); };
    if (integer(day) < 0 && integer(every) == 0 && std::get<std::string>(row[weekdays]).empty())
      return never + ": give a one-off day, every_days or weekdays";
    if (integer(end) >= 0 && integer(end) < integer(start))
      return "ends (end_day) before it starts (start_day)";
    return "";
  };
}

Schedule read_schedule(const ListView& list, std::size_t row) {
  Schedule s;
  s.day = int(list.integer(row, "day"));
  s.every_days = int(list.integer(row, "every_days"));
  parse_weekdays(list.text(row, "weekdays"), s.weekdays);
  s.window = {int(list.integer(row, "start_day")), int(list.integer(row, "end_day"))};
  return s;
}

}  // namespace commsim::models
