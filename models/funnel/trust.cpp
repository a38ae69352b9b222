#include "models/funnel/trust.hpp"

#include <algorithm>

namespace commsim::models {

TrustUpdate::TrustUpdate(const FunnelSettings& s, const ModuleLayout& layout)
    : gain_(s.trust_gain),
      decay_(s.trust_decay),
      hard_sell_loss_(s.hard_sell_trust_loss),
      sales_trust_threshold_(s.sales_trust_threshold),
      camp_quality_(s.camp_quality),
      product_quality_(s.product_quality),
      schedule_(s.schedule),
      content_value_(layout.group_signal("content_value")),
      sales_pressure_(layout.group_signal("sales_pressure")) {}

// What today's visit was worth: the operator's content, what the member
// got from the group (its engagement), and the camp or product it paid for.
void TrustUpdate::update(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m) const {
  float& trust = f.trust[m.id];
  if (const double sales = ctx.signals.get(sales_pressure_, m.group); sales > 0.0) {
    const double distrust = std::max(0.0, 1.0 - trust / sales_trust_threshold_);
    trust -= float(std::min(1.0, hard_sell_loss_ * sales * distrust)) * trust;
  }
  if (!m.visited) {
    trust -= float(decay_) * trust;
    return;
  }
  double experience = 0.0;
  if (f.funnel[m.id] == Funnel::Paid) experience = product_quality_;
  else if (f.in_camp(m.id, ctx.day, schedule_)) experience = camp_quality_;
  const double value = ctx.signals.get(content_value_, m.group) + f.engagement[m.id] + experience;
  trust += float(std::min(1.0, gain_ * value)) * (1.0f - trust);
}

}  // namespace commsim::models
