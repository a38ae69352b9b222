#include "models/schedule.hpp"

#include <stdexcept>

namespace commsim::models {
namespace {

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

Cadence read_schedule(const ListView& list, std::size_t row) {
  Cadence c;
  c.day = int(list.integer(row, "day"));
  c.every_days = int(list.integer(row, "every_days"));
  parse_weekdays(list.text(row, "weekdays"), c.weekdays);
  c.window = {int(list.integer(row, "start_day")), int(list.integer(row, "end_day"))};
  return c;
}

}  // namespace commsim::models
