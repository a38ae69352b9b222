#include "models/funnel/shopping.hpp"

namespace commsim::models {

Shopping::Shopping(const FunnelSettings& s, const PurchaseTerms& terms, const StageChanges& stages)
    : terms_(terms),
      stages_(stages),
      offer_product_(s.offer_product),
      bait_conversion_(s.bait_conversion),
      direct_conversion_(s.direct_conversion) {}

void Shopping::shop(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                    const SalesDay& today, DayTally& tally, MoveBuffer* moves) const {
  const std::uint32_t i = m.id;
  const double willing = terms_.trust(f.trust[i]) * today.proof[m.group] * today.promotion;
  RandomStream stream(ctx.key, i, kPurchaseDraw);
  const float sensitivity = f.price_sensitivity[i];
  if (today.bait_open &&
      stream.bernoulli(bait_conversion_ * willing *
                       terms_.price_of(Funnel::Trial, sensitivity, f.coupon_until[i], ctx.day))) {
    stages_.buy_bait(ctx, f, m, tally, moves);
    return;
  }
  if (offer_product_ &&
      stream.bernoulli(direct_conversion_ * willing *
                       terms_.price_of(Funnel::Paid, sensitivity, f.coupon_until[i], ctx.day)))
    stages_.buy_product(ctx, f, m, tally, moves);
}

}  // namespace commsim::models
