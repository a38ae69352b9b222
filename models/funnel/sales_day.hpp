#pragma once
// Today's selling conditions, set in the operator phase and read by the
// member-phase parts that sell.
#include <span>

namespace commsim::models {

struct SalesDay {
  double promotion = 1.0;        // promotions' multiplier of pond purchases
  bool bait_open = false;        // a term enrols today
  std::span<const double> proof;  // by group: the social-proof multiplier
};

}  // namespace commsim::models
