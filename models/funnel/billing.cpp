#include "models/funnel/billing.hpp"

#include <cmath>

namespace commsim::models {
namespace {

// The daily hazard that adds up to `chance` over `days` days.
double daily_hazard(double chance, int days) {
  return days > 0 ? 1.0 - std::pow(1.0 - chance, 1.0 / days) : 0.0;
}

}  // namespace

Billing::Billing(const FunnelSettings& s, const PurchaseTerms& terms, const StageChanges& stages)
    : terms_(terms),
      stages_(stages),
      refund_window_days_(s.refund_window_days),
      renewal_days_(s.renewal_days),
      refund_hazard_(daily_hazard(s.refund_probability * (1.0 - s.product_quality), s.refund_window_days)),
      renewal_probability_(s.renewal_probability) {}

void Billing::bill(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, DayTally& tally,
                   MoveBuffer* moves) const {
  const std::uint32_t i = m.id;
  const int held = ctx.day - f.funnel_day[i];
  if (held <= 0) return;
  if (held <= refund_window_days_) {
    RandomStream stream(ctx.key, i, kRefundDraw);
    if (stream.bernoulli(refund_hazard_)) {
      stages_.refund(ctx, f, m, tally, moves);
      return;
    }
  }
  if (held % renewal_days_ != 0) return;
  RandomStream stream(ctx.key, i, kRenewalDraw);
  if (stream.bernoulli(renewal_probability_ * terms_.trust(f.trust[i]))) stages_.renew(tally);
  else stages_.lapse(ctx, f, m, tally, moves);
}

}  // namespace commsim::models
