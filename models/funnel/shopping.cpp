#include "models/funnel/shopping.hpp"

namespace commsim::models {

Shopping::Shopping(const FunnelSettings& s, const PurchaseTerms& terms, const StageChanges& stages)
    : terms_(terms),
      stages_(stages),
      offer_product_(s.offer_product),
      bait_conversion_(s.bait_conversion),
      direct_conversion_(s.direct_conversion),
      bait_price_(s.bait_price),
      product_price_(s.product_price) {}

void Shopping::shop(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                    const SalesDay& today, DayTally& tally, MoveBuffer* moves) const {
  const std::uint32_t i = m.id;
  const double willing = terms_.trust(f.trust[i]) * today.proof[m.group] * today.promotion;
  RandomStream stream(ctx.key, i, kPurchaseDraw);
  if (today.bait_open &&
      stream.bernoulli(bait_conversion_ * willing * terms_.price(f.price_sensitivity[i], bait_price_))) {
    stages_.buy_bait(ctx, f, m, tally, moves);
    return;
  }
  if (offer_product_ &&
      stream.bernoulli(direct_conversion_ * willing * terms_.price(f.price_sensitivity[i], product_price_)))
    stages_.buy_product(ctx, f, m, tally, moves);
}

}  // namespace commsim::models
