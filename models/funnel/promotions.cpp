#include "models/funnel/promotions.hpp"

namespace commsim::models {

Promotions::Promotions(const FunnelSettings& s, const ModuleLayout& layout)
    : promotions_(s.promotions),
      tier_pressure_(s.tier_pressure),
      tier_effect_(s.tier_effect),
      sales_pressure_(layout.group_signal("sales_pressure")) {}

double Promotions::begin_day(const DayContext& ctx, OperatorActions& actions) const {
  double pressure = 0.0, effect = 0.0;
  for (const Promotion& promo : promotions_)
    if (promo.days.contains(ctx.day)) {
      pressure += promo.intensity * tier_pressure_[int(promo.tier)];
      effect += promo.intensity * tier_effect_[int(promo.tier)];
    }
  if (pressure > 0.0)
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g)
      if (is_pond(ctx.groups.segment[g])) actions.add_signal(sales_pressure_, g, float(pressure));
  return 1.0 + effect;
}

}  // namespace commsim::models
