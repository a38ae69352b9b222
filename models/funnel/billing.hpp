#pragma once
// A paid member's bills: it may ask for a refund within refund_window_days
// of buying (a daily hazard that adds up to refund_probability x (1 -
// product_quality)), then renews or lapses at every period end.
#include "models/funnel/purchase_terms.hpp"
#include "models/funnel/stages.hpp"

namespace commsim::models {

inline constexpr Purpose kRenewalDraw{702};
inline constexpr Purpose kRefundDraw{703};

class Billing {
 public:
  Billing(const FunnelSettings& s, const PurchaseTerms& terms, const StageChanges& stages);
  void bill(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, DayTally& tally,
            MoveBuffer* moves) const;

 private:
  const PurchaseTerms& terms_;
  const StageChanges& stages_;
  int refund_window_days_, renewal_days_;
  double refund_hazard_, renewal_probability_;
};

}  // namespace commsim::models
