#include "models/red_packets.hpp"

#include "sim/population.hpp"

namespace commsim::models {

void declare_red_packet_list(ParamRegistry& registry) {
  std::vector<ParamSpec> fields = schedule_fields("is sent");
  fields.push_back(real_field("amount", 5.0, 0.0, 1e6, "yuan", "Money in each packet."));
  fields.push_back(integer_field("packets", 10, 0, 100000, "packets", "Packets sent to each group."));
  fields.push_back(integer_field("segment", -1, -1, kSegmentCount - 1, "",
                                 "Only groups of this segment (0 fish pond, 1 new users, 2 "
                                 "training camp, 3 paid); -1: every group."));
  auto check = schedule_check(fields, "is never sent");
  registry.list(
      "incentives.red_packets", std::move(fields),
      "Red-packet rounds: on a round's day every matching group with members gets amount x "
      "packets yuan of packets, a one-day attention spike. A round is sent on its one-off day, "
      "every every_days from start_day, and on its weekdays, within [start_day, end_day]. "
      "Empty: no red packets.",
      std::move(check));
}

std::vector<RedPacketRound> read_red_packets(const ParameterSet& params) {
  const ListView list(params, "incentives.red_packets");
  std::vector<RedPacketRound> rounds(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    RedPacketRound& r = rounds[i];
    r.when = read_schedule(list, i);
    r.amount = list.real(i, "amount");
    r.packets = list.integer(i, "packets");
    r.segment = int(list.integer(i, "segment"));
  }
  return rounds;
}

}  // namespace commsim::models
