#pragma once
// The red-packet schedule of the incentives module: rounds of packets the
// operator sends to its groups, as a list parameter.
#include <cstdint>
#include <vector>

#include "sim/parameters.hpp"

namespace commsim::models {

struct RedPacketRound {
  double amount = 0;    // yuan per packet
  std::int64_t packets = 0;  // per group
  int day = -1;         // one-off day, -1: none
  int every_days = 0;   // interval from start_day, 0: none
  std::uint8_t weekdays = 0;  // bit w: weekday w (day 0 is a Monday)
  int start_day = 0;
  int end_day = -1;     // -1: the horizon
  int segment = -1;     // -1: every group

  // Its one-off day, every every_days from start_day, or one of its
  // weekdays, within [start_day, end_day].
  bool sent_on(int d) const;
};

// Declares the list key incentives.red_packets.
void declare_red_packet_list(ParamRegistry& registry);
std::vector<RedPacketRound> read_red_packets(const ParameterSet& params);

}  // namespace commsim::models
