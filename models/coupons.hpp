#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Coupons: on coupon days the operator hands each visiting member who has
// not bought the coupon's offer (bait class or product) a coupon worth
// `value` yuan off it, valid for `valid_days`. A held coupon makes the
// funnel's price term that of the discounted price; a purchase of the offer
// while the coupon is valid redeems it, and the discount is booked as cost.
// Off by default (every_days 0). docs/model.md (Coupons) has the equations.
ModuleDefinition coupons_module();

}  // namespace commsim::models
