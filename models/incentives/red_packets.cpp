#include "models/incentives/red_packets.hpp"

#include "models/ledger.hpp"

namespace commsim::models {
namespace {

std::vector<RedPacketRound> read_rounds(const ParameterSet& params) {
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

}  // namespace

void RedPackets::declare(ParamRegistry& p) {
  std::vector<ParamSpec> fields = schedule_fields("is sent");
  fields.push_back(real_field("amount", 5.0, 0.0, 1e6, "yuan", "Money in each packet."));
  fields.push_back(integer_field("packets", 10, 0, 100000, "packets", "Packets sent to each group."));
  fields.push_back(integer_field("segment", -1, -1, kSegmentCount - 1, "",
                                 "Only groups of this segment (0 fish pond, 1 new users, 2 "
                                 "training camp, 3 paid); -1: every group."));
  auto check = schedule_check(fields, "is never sent");
  p.list(
      "incentives.red_packets", std::move(fields),
      "Red-packet rounds: on a round's day every matching group with members gets amount x "
      "packets yuan of packets, a one-day attention spike. A round is sent on its one-off day, "
      "every every_days from start_day, and on its weekdays, within [start_day, end_day]. "
      "Empty: no red packets.",
      std::move(check));
  p.real("incentives.red_packet_spike", 0.3, 0.0, 1.0, "probability",
         "Most extra visit probability a red-packet round gives on its day.");
  p.real("incentives.red_packet_scale", 100.0, 0.01, 1e9, "yuan",
         "Money per group at which a round gives half the most spike.");
}

RedPackets::RedPackets(const ParameterSet& p)
    : rounds_(read_rounds(p)),
      spike_(p.real("incentives.red_packet_spike")),
      scale_(p.real("incentives.red_packet_scale")) {}

void RedPackets::begin_day(int day, bool funded) {
  today_.clear();
  for (const RedPacketRound& r : rounds_)
    if (funded && r.when.on(day)) {
      // A short spike that saturates with the money sent to the group.
      const double money = r.amount * double(r.packets);
      today_.push_back({float(spike_ * money / (money + scale_)), to_fen(r.amount) * r.packets, r.segment});
    }
}

}  // namespace commsim::models
