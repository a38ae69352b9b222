#include "models/incentives/lottery.hpp"

#include "models/ledger.hpp"

namespace commsim::models {
namespace {

const CadenceKeys kDraws{.prefix = "incentives.lottery_", .what = "the lotteries",
                         .every = CadenceKeys::Every::Key,
                         .every_help = "A lottery in every group every this many days from "
                                       "lottery_start_day; 0: no lotteries."};

}  // namespace

void Lottery::declare(ParamRegistry& p) {
  declare_cadence(p, kDraws);
  p.real("incentives.lottery_prize", 100.0, 0.0, 1e9, "yuan", "Prize of one lottery in one group.");
  p.real("incentives.lottery_spike", 0.1, 0.0, 1.0, "probability",
         "Extra visit probability on a lottery day.");
}

Lottery::Lottery(const ParameterSet& p)
    : cadence_(read_cadence(p, kDraws)),
      prize_fen_(to_fen(p.real("incentives.lottery_prize"))),
      spike_(float(p.real("incentives.lottery_spike"))) {}

}  // namespace commsim::models
