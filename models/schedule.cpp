#include "models/schedule.hpp"

#include <stdexcept>

namespace commsim::models {
namespace {

// The fields' names, in the order schedule_fields declares them.
constexpr const char* kDay = "day";
constexpr const char* kEveryDays = "every_days";
constexpr const char* kWeekdays = "weekdays";
constexpr const char* kStartDay = "start_day";
constexpr const char* kEndDay = "end_day";

std::size_t index_of(const std::vector<ParamSpec>& fields, const std::string& name) {
  for (std::size_t f = 0; f < fields.size(); ++f)
    if (fields[f].key == name) return f;
  throw std::logic_error("schedule field missing: " + name);
}

}  // namespace

std::vector<ParamSpec> schedule_fields(const std::string& verb, const std::string& every_days_note) {
  return {
      integer_field(kDay, -1, -1, kMaxDays, "day", "One-off day; -1: none."),
      integer_field(kEveryDays, 0, 0, kMaxDays, "days",
                    "It " + verb + " every this many days from start_day; 0: no interval." +
                        every_days_note),
      text_field(kWeekdays, "",
                 "Weekdays it " + verb + " on, e.g. \"mon,wed,fri\" (day 0 is a Monday); \"\": none.",
                 check_weekdays),
      integer_field(kStartDay, 0, 0, kMaxDays, "day", "First day it may happen."),
      integer_field(kEndDay, -1, -1, kMaxDays, "day", "Last day it may happen; -1: the horizon."),
  };
}

std::function<std::string(const ParamValue&)> schedule_check(const std::vector<ParamSpec>& fields,
                                                             const std::string& never) {
  const std::size_t day = index_of(fields, kDay), every = index_of(fields, kEveryDays),
                    weekdays = index_of(fields, kWeekdays), start = index_of(fields, kStartDay),
                    end = index_of(fields, kEndDay);
  return [=](const ParamValue& value) -> std::string {
    const std::vector<Scalar>& row = std::get<RecordList>(value).rows.at(0);
    const auto integer = [&](std::size_t f) { return int(std::get<std::int64_t>(row[f])); };
    Cadence c{{integer(start), integer(end)}, integer(every), 0, integer(day)};
    if (!parse_weekdays(std::get<std::string>(row[weekdays]), c.weekdays).empty())
      return "";  // the weekdays field's own check says what is wrong
    if (c.day < 0 && c.every_days == 0 && c.weekdays == 0)
      return never + ": " + never_fires_reason(c);
    if (c.window.end >= 0 && c.window.end < c.window.start)
      return "ends (end_day) before it starts (start_day)";
    const std::string why = never_fires_reason(c);
    return why.empty() ? "" : never + ": " + why;
  };
}

Cadence schedule_of(std::span<const Scalar> values) {
  const auto integer = [&](std::size_t f) { return int(std::get<std::int64_t>(values[f])); };
  Cadence c;
  c.day = integer(0);
  c.every_days = integer(1);
  c.weekdays = weekday_mask(std::get<std::string>(values[2]));
  c.window = {integer(3), integer(4)};
  return c;
}

}  // namespace commsim::models
