#pragma once
// A visiting fish-pond member who has never bought: the bait class while a
// term enrols, else (or also) the full product outright.
#include "models/funnel/purchase_terms.hpp"
#include "models/funnel/sales_day.hpp"
#include "models/funnel/stages.hpp"

namespace commsim::models {

inline constexpr Purpose kPurchaseDraw{700};  // bait class or product, bought in the pond

class Shopping {
 public:
  Shopping(const FunnelSettings& s, const PurchaseTerms& terms, const StageChanges& stages);
  void shop(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, const SalesDay& today,
            DayTally& tally, MoveBuffer* moves) const;

 private:
  const PurchaseTerms& terms_;
  const StageChanges& stages_;
  bool offer_product_;
  double bait_conversion_, direct_conversion_;
};

}  // namespace commsim::models
