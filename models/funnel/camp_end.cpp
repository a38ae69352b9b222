#include "models/funnel/camp_end.hpp"

#include <cmath>

namespace commsim::models {

CampEnd::CampEnd(const FunnelSettings& s, const PurchaseTerms& terms, const StageChanges& stages)
    : terms_(terms),
      stages_(stages),
      schedule_(s.schedule),
      offer_product_(s.offer_product),
      camp_conversion_(s.camp_conversion),
      camp_quality_term_(std::pow(s.camp_quality, s.quality_exponent)) {}

void CampEnd::update(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                     const SalesDay& today, DayTally& tally, MoveBuffer* moves) const {
  const std::uint32_t i = m.id;
  if (ctx.day != schedule_.camp_end(f.funnel_day[i])) return;
  RandomStream stream(ctx.key, i, kCampDraw);
  if (offer_product_ &&
      stream.bernoulli(camp_conversion_ * camp_quality_term_ * terms_.trust(f.trust[i]) *
                       today.proof[m.group] *
                       terms_.price_of(Funnel::Paid, f.price_sensitivity[i], f.coupon_until[i], ctx.day))) {
    stages_.buy_product(ctx, f, m, tally, moves);
    return;
  }
  stages_.leave(ctx, f, m, Funnel::Lapsed, moves);
}

}  // namespace commsim::models
