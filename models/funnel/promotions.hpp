#pragma once
// Hard-selling promotions (the list funnel.promotions): on each day of a
// campaign the fish-pond groups get intensity x tier_pressure of sales
// pressure (which engagement and trust read), and pond purchases are
// multiplied by 1 + intensity x tier_effect.
#include <array>
#include <vector>

#include "models/funnel/members.hpp"
#include "models/funnel/settings.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

class Promotions {
 public:
  Promotions(const FunnelSettings& s, const ModuleLayout& layout);
  // Operator phase: today's pressure signals; returns the purchase multiplier.
  double begin_day(const DayContext& ctx, OperatorActions& actions) const;

 private:
  std::vector<Promotion> promotions_;
  std::array<double, kCopyTiers> tier_pressure_, tier_effect_;
  SignalId sales_pressure_;
};

}  // namespace commsim::models
