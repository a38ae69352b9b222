#pragma once
// Lotteries, a lever of the incentives module: every lottery_every_days from
// lottery_start_day each group gets a one-day attention spike and costs a
// prize.
#include <cstdint>

#include "models/cadence.hpp"

namespace commsim::models {

class Lottery {
 public:
  // incentives.lottery_every_days, lottery_start_day, lottery_end_day, lottery_prize, lottery_spike.
  static void declare(ParamRegistry& p);
  explicit Lottery(const ParameterSet& p);

  void begin_day(int day, bool funded) { today_ = funded && cadence_.on(day); }
  // Adds today's lottery of one group to its spike and its prize to `fen`.
  void add(float& spike, std::int64_t& fen) const {
    if (!today_) return;
    spike += spike_;
    fen += prize_fen_;
  }

 private:
  Cadence cadence_;
  std::int64_t prize_fen_;
  float spike_;
  bool today_ = false;
};

}  // namespace commsim::models
