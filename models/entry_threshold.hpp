#pragma once
// The operator's entry threshold (section `entry`, declared by the
// onboarding module): an entry fee and a selectivity (invite codes,
// conditions). Free groups are "a jumble of fish and dragons"; a threshold
// raises member quality and commitment but slows growth. Every way people
// join (ads, invites) asks this class who still joins and what the joiner
// becomes.
#include <algorithm>
#include <cmath>

#include "sim/parameters.hpp"

namespace commsim::models {

// The section `entry` and its keys (onboarding's declare_parameters).
void declare_entry_threshold(ParamRegistry& p);

class EntryThreshold {
 public:
  // No threshold when onboarding is switched off or not in the model.
  explicit EntryThreshold(const ParameterSet& p);

  // Share of would-be joiners who still join:
  //   (1 - selectivity x selectivity_rejection) x exp(-fee / fee_scale)
  // 1 exactly without a threshold, so free scenarios keep their draws.
  double pass_rate() const {
    if (fee_ == 0.0 && selectivity_ == 0.0) return 1.0;
    return (1.0 - selectivity_ * rejection_) * std::exp(-fee_ / fee_scale_);
  }

  // Who passes is keener: interest' = 1 - (1 - interest)^(1 + k), with
  // k = selectivity_interest_shift x selectivity + fee_interest_shift x fee / (fee + fee_scale).
  float filtered_interest(float interest) const {
    if (interest_shift_ == 0.0) return interest;
    return float(1.0 - std::pow(1.0 - double(interest), 1.0 + interest_shift_));
  }

  // Attachment a paying joiner gains: fee_attachment x fee / (fee + fee_scale).
  float paid_attachment() const { return float(fee_attachment_ * fee_share()); }

  double fee() const { return fee_; }  // yuan, paid at join
  bool active() const { return fee_ > 0.0 || selectivity_ > 0.0; }

 private:
  double fee_share() const { return fee_ > 0.0 ? fee_ / (fee_ + fee_scale_) : 0.0; }

  double fee_ = 0, selectivity_ = 0, fee_scale_ = 1, rejection_ = 0, fee_attachment_ = 0,
         interest_shift_ = 0;
};

}  // namespace commsim::models
