#include "models/incentives/lottery.hpp"

#include "models/ledger.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct LotterySettings {
  Cadence draws;
  double lottery_prize, lottery_spike;
};

const SettingsBinding<LotterySettings>& lottery_keys() {
  using S = LotterySettings;
  static const auto keys =
      SettingsBinding<S>("incentives")
          .custom(cadence_keys(&S::draws, {.prefix = "lottery_", .what = "the lotteries",
                                           .every = CadenceKeys::Every::Key,
                                           .every_help = "A lottery in every group every this many days from "
                                                         "lottery_start_day; 0: no lotteries."}))
          .real(&S::lottery_prize, "lottery_prize", 100.0, 0.0, 1e9, "yuan", "Prize of one lottery in one group.")
          .real(&S::lottery_spike, "lottery_spike", 0.1, 0.0, 1.0, "probability",
                "Extra visit probability on a lottery day.");
  return keys;
}

}  // namespace

void Lottery::declare(ParamRegistry& p) { lottery_keys().declare(p); }

Lottery::Lottery(const ParameterSet& p) {
  const LotterySettings s = lottery_keys().read(p);
  cadence_ = s.draws;
  prize_fen_ = to_fen(s.lottery_prize);
  spike_ = float(s.lottery_spike);
}

}  // namespace commsim::models
