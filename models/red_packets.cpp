#include "models/red_packets.hpp"

#include <string>

#include "models/content_calendar.hpp"  // parse_weekdays: the calendar's weekday syntax
#include "sim/population.hpp"

namespace commsim::models {
namespace {

std::string check_weekdays(const ParamValue& value) {
  std::uint8_t mask = 0;
  return parse_weekdays(std::get<std::string>(value), mask);
}

// Field order of a record, as declared below.
enum Field { kDay, kEveryDays, kWeekdays, kStart, kEnd, kAmount, kPackets, kSegment };

std::int64_t integer_at(const std::vector<Scalar>& row, Field f) {
  return std::get<std::int64_t>(row[f]);
}

std::string check_round(const ParamValue& value) {
  const std::vector<Scalar>& row = std::get<RecordList>(value).rows.at(0);
  if (integer_at(row, kDay) < 0 && integer_at(row, kEveryDays) == 0 &&
      std::get<std::string>(row[kWeekdays]).empty())
    return "is never sent: give a one-off day, every_days or weekdays";
  if (integer_at(row, kEnd) >= 0 && integer_at(row, kEnd) < integer_at(row, kStart))
    return "ends (end_day) before it starts (start_day)";
  return "";
}

}  // namespace

bool RedPacketRound::sent_on(int d) const {
  if (d < start_day || (end_day >= 0 && d > end_day)) return false;
  if (d == day) return true;
  if (every_days > 0 && (d - start_day) % every_days == 0) return true;
  return (weekdays >> (d % 7)) & 1;
}

void declare_red_packet_list(ParamRegistry& registry) {
  registry.list(
      "incentives.red_packets",
      {
          integer_field("day", -1, -1, kMaxDays, "day", "One-off day; -1: none."),
          integer_field("every_days", 0, 0, kMaxDays, "days",
                        "Sent every this many days from start_day; 0: no interval."),
          text_field("weekdays", "",
                     "Weekdays it is sent on, e.g. \"mon,wed,fri\" (day 0 is a Monday); \"\": none.",
                     check_weekdays),
          integer_field("start_day", 0, 0, kMaxDays, "day", "First day it may be sent."),
          integer_field("end_day", -1, -1, kMaxDays, "day", "Last day it may be sent; -1: the horizon."),
          real_field("amount", 5.0, 0.0, 1e6, "yuan", "Money in each packet."),
          integer_field("packets", 10, 0, 100000, "packets", "Packets sent to each group."),
          integer_field("segment", -1, -1, kSegmentCount - 1, "",
                        "Only groups of this segment (0 fish pond, 1 new users, 2 training camp, "
                        "3 paid); -1: every group."),
      },
      "Red-packet rounds: on a round's day every matching group with members gets amount x "
      "packets yuan of packets, a one-day attention spike. A round is sent on its one-off day, "
      "every every_days from start_day, and on its weekdays, within [start_day, end_day]. "
      "Empty: no red packets.",
      check_round);
}

std::vector<RedPacketRound> read_red_packets(const ParameterSet& params) {
  const ListView list(params, "incentives.red_packets");
  std::vector<RedPacketRound> rounds(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    RedPacketRound& r = rounds[i];
    r.day = int(list.integer(i, "day"));
    r.every_days = int(list.integer(i, "every_days"));
    parse_weekdays(list.text(i, "weekdays"), r.weekdays);
    r.start_day = int(list.integer(i, "start_day"));
    r.end_day = int(list.integer(i, "end_day"));
    r.amount = list.real(i, "amount");
    r.packets = list.integer(i, "packets");
    r.segment = int(list.integer(i, "segment"));
  }
  return rounds;
}

}  // namespace commsim::models
