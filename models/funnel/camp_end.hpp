#pragma once
// A trial member's camp is over: the full product is offered, and the
// camp's experience sells it (camp_quality^quality_exponent); who does not
// buy lapses.
#include "models/funnel/purchase_terms.hpp"
#include "models/funnel/sales_day.hpp"
#include "models/funnel/stages.hpp"

namespace commsim::models {

inline constexpr Purpose kCampDraw{701};  // product offered at camp end

class CampEnd {
 public:
  CampEnd(const FunnelSettings& s, const PurchaseTerms& terms, const StageChanges& stages);
  // Acts on the day the member's camp ends only.
  void update(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, const SalesDay& today,
              DayTally& tally, MoveBuffer* moves) const;

 private:
  const PurchaseTerms& terms_;
  const StageChanges& stages_;
  CampSchedule schedule_;
  bool offer_product_;
  double camp_conversion_, camp_quality_term_;
};

}  // namespace commsim::models
