#pragma once
#include "models/funnel/settings.hpp"
#include "models/member_fields.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

// Coupons: on coupon days the operator hands each visiting member who has
// not bought the coupon's offer (bait class or product) a coupon worth
// `value` yuan off it, valid for `valid_days`. The funnel prices the offer
// at its price less the discount for a holder (it reads the coupon column);
// a purchase of the offer while the coupon is valid redeems it, and the
// discount is booked as cost. Off by default (every_days 0).
// docs/model.md (Coupons) has the equations.
ModuleDefinition coupons_module();

// What a held coupon does to the funnel's prices: the offer it is for
// (Funnel::Trial, the bait class; Funnel::Paid, the full product) and the
// yuan it takes off that offer's list price, min(coupons.value, price).
struct CouponTerms {
  Funnel offer = Funnel::Trial;
  double discount = 0.0;
};
// The coupons' terms at the funnel's prices; no discount when the model has
// no coupons module.
CouponTerms coupon_terms(const ParameterSet& params, const FunnelSettings& funnel);

// Whether a member whose coupon column reads `until` holds a valid coupon
// on `day` (kNever: none).
inline bool holds_coupon(Day until, int day) { return until != kNever && day <= int(until); }

}  // namespace commsim::models
