#pragma once
// How trust and price scale every purchase chance of the funnel: "no
// trust, no deal" (trust^trust_exponent, tabulated) and a price term that
// puts a member of price sensitivity s off by s/2 at price_scale. The price
// is the offer's list price, less a held coupon's discount for it.
#include <cmath>

#include "models/coupons.hpp"
#include "models/funnel/settings.hpp"

namespace commsim::models {

class PurchaseTerms {
 public:
  PurchaseTerms(const FunnelSettings& s, const CouponTerms& coupon)
      : price_scale_(s.price_scale), bait_price_(s.bait_price), product_price_(s.product_price), coupon_(coupon) {
    for (int k = 0; k <= kSteps; ++k) trust_term_[k] = std::pow(double(k) / kSteps, s.trust_exponent);
  }

  double trust(float trust) const { return trust_term_[int(trust * kSteps + 0.5f)]; }
  // 1 - s x price / (price + price_scale).
  double price(float sensitivity, double price) const {
    return 1.0 - sensitivity * price / (price + price_scale_);
  }
  // The price term of an offer (Funnel::Trial: the bait class, Funnel::Paid:
  // the product) for a member whose coupon column reads `coupon_until`: at
  // the list price, or at the list price less the coupon's discount if the
  // member holds a valid coupon for this offer on `day`.
  double price_of(Funnel offer, float sensitivity, Day coupon_until, int day) const {
    double paid = offer == Funnel::Paid ? product_price_ : bait_price_;
    if (offer == coupon_.offer && holds_coupon(coupon_until, day)) paid -= coupon_.discount;
    return price(sensitivity, paid);
  }

 private:
  static constexpr int kSteps = 1024;
  double price_scale_, bait_price_, product_price_;
  CouponTerms coupon_;
  double trust_term_[kSteps + 1];
};

}  // namespace commsim::models
