#include "models/incentives/red_packets.hpp"

#include "models/ledger.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct RedPacketSettings {
  std::vector<RedPacketRound> rounds;
  double red_packet_spike, red_packet_scale;
};

const SettingsBinding<RedPacketSettings>& red_packet_keys() {
  using S = RedPacketSettings;
  static const auto keys = [] {
    const auto record =
        RecordBinding<RedPacketRound>()
            .fields(schedule_part(&RedPacketRound::when, "is sent"))
            .real(&RedPacketRound::amount, "amount", 5.0, 0.0, 1e6, "yuan", "Money in each packet.")
            .integer(&RedPacketRound::packets, "packets", 10, 0, 100000, "packets", "Packets sent to each group.")
            .integer(&RedPacketRound::segment, "segment", -1, -1, kSegmentCount - 1, "",
                     "Only groups of this segment (0 fish pond, 1 new users, 2 "
                     "training camp, 3 paid); -1: every group.");
    return SettingsBinding<S>("incentives")
        .list(&S::rounds, "red_packets", record,
              "Red-packet rounds: on a round's day every matching group with members gets amount x "
              "packets yuan of packets, a one-day attention spike. A round is sent on its one-off day, "
              "every every_days from start_day, and on its weekdays, within [start_day, end_day]. "
              "Empty: no red packets.",
              schedule_check(record.specs(), "is never sent"))
        .real(&S::red_packet_spike, "red_packet_spike", 0.3, 0.0, 1.0, "probability",
              "Most extra visit probability a red-packet round gives on its day.")
        .real(&S::red_packet_scale, "red_packet_scale", 100.0, 0.01, 1e9, "yuan",
              "Money per group at which a round gives half the most spike.");
  }();
  return keys;
}

}  // namespace

void RedPackets::declare(ParamRegistry& p) { red_packet_keys().declare(p); }

RedPackets::RedPackets(const ParameterSet& p) {
  RedPacketSettings s = red_packet_keys().read(p);
  rounds_ = std::move(s.rounds);
  spike_ = s.red_packet_spike;
  scale_ = s.red_packet_scale;
}

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
