#pragma once
// The red-packet schedule of the incentives module: rounds of packets the
// operator sends to its groups, as a list parameter.
#include <cstdint>
#include <vector>

#include "models/schedule.hpp"
#include "sim/parameters.hpp"

namespace commsim::models {

struct RedPacketRound {
  double amount = 0;    // yuan per packet
  std::int64_t packets = 0;  // per group
  Schedule when;
  int segment = -1;     // -1: every group

  bool sent_on(int d) const { return when.on(d); }
};

// Declares the list key incentives.red_packets.
void declare_red_packet_list(ParamRegistry& registry);
std::vector<RedPacketRound> read_red_packets(const ParameterSet& params);

}  // namespace commsim::models
