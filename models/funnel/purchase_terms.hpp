#pragma once
// How trust and price scale every purchase chance of the funnel: "no
// trust, no deal" (trust^trust_exponent, tabulated) and a price term that
// puts a member of price sensitivity s off by s/2 at price_scale.
#include <cmath>

#include "models/funnel/settings.hpp"

namespace commsim::models {

class PurchaseTerms {
 public:
  explicit PurchaseTerms(const FunnelSettings& s) : price_scale_(s.price_scale) {
    for (int k = 0; k <= kSteps; ++k) trust_term_[k] = std::pow(double(k) / kSteps, s.trust_exponent);
  }

  double trust(float trust) const { return trust_term_[int(trust * kSteps + 0.5f)]; }
  double price(float sensitivity, double price) const {
    return 1.0 - sensitivity * price / (price + price_scale_);
  }

 private:
  static constexpr int kSteps = 1024;
  double price_scale_;
  double trust_term_[kSteps + 1];
};

}  // namespace commsim::models
