#pragma once
// The incentives' shared budget (incentives.budget): every lever stops once
// the operator has spent it. The day that reaches it is paid in full; from
// the next day nothing is funded.
#include <cstdint>

#include "models/ledger.hpp"
#include "sim/parameters.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

class IncentiveBudget {
 public:
  static void declare(ParamRegistry& p) { keys().declare(p); }
  explicit IncentiveBudget(const ParameterSet& p) : budget_fen_(to_fen(keys().read(p).budget)) {}

  // Whether today's incentives are paid for.
  bool funded() const { return budget_fen_ == 0 || spent_fen_ < budget_fen_; }
  void spend(std::int64_t fen) { spent_fen_ += fen; }

 private:
  struct Settings {
    double budget;
  };
  static const SettingsBinding<Settings>& keys() {
    static const auto keys = SettingsBinding<Settings>("incentives").real(
        &Settings::budget, "budget", 0.0, 0.0, 1e12, "yuan",
        "Total the operator will spend on incentives over the run; 0: no limit. The "
        "day that reaches it is paid in full, then every incentive stops.");
    return keys;
  }

  std::int64_t budget_fen_;  // 0: no budget
  std::int64_t spent_fen_ = 0;
};

}  // namespace commsim::models
