#pragma once
// Red packets, a lever of the incentives module: rounds of packets the
// operator sends to its groups (the list incentives.red_packets), each a
// one-day attention spike that saturates with the money sent.
#include <cstdint>
#include <vector>

#include "models/schedule.hpp"
#include "sim/parameters.hpp"
#include "sim/population.hpp"

namespace commsim::models {

struct RedPacketRound {
  double amount = 0;         // yuan per packet
  std::int64_t packets = 0;  // per group
  Cadence when;
  int segment = -1;  // -1: every group
};

class RedPackets {
 public:
  // incentives.red_packets, red_packet_spike, red_packet_scale.
  static void declare(ParamRegistry& p);
  explicit RedPackets(const ParameterSet& p);

  // Today's rounds; none when the budget is spent.
  void begin_day(int day, bool funded);
  // Adds today's rounds for a group of `segment` to its spike, and their
  // money to `fen`.
  void add(Segment segment, float& spike, std::int64_t& fen) const {
    for (const Round& r : today_)
      if (r.segment < 0 || r.segment == int(segment)) {
        spike += r.spike;
        fen += r.fen;
      }
  }

 private:
  struct Round {
    float spike;
    std::int64_t fen;  // per group
    int segment;
  };
  std::vector<RedPacketRound> rounds_;
  double spike_, scale_;
  std::vector<Round> today_;
};

}  // namespace commsim::models
