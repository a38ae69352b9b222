#pragma once
// Per-group values the operator phase sets and the member phase reads the
// same day (FLAME-style messages from the operator to the members of a
// group). Rebuilt every day: all zero before the operator phase.
#include <cstdint>
#include <vector>

#include "sim/model_layout.hpp"

namespace commsim {

class GroupSignals {
 public:
  void reset(std::size_t signals, std::uint32_t groups) {
    signals_ = signals;
    values_.assign(signals * groups, 0.0f);
  }
  void grow(std::uint32_t groups) { values_.resize(signals_ * groups, 0.0f); }

  // Zero for a group opened after the reset.
  float get(SignalId signal, std::uint32_t group) const {
    const std::size_t at = std::size_t{group} * signals_ + signal;
    return at < values_.size() ? values_[at] : 0.0f;
  }
  void add(SignalId signal, std::uint32_t group, float value) {
    const std::size_t at = std::size_t{group} * signals_ + signal;
    if (at >= values_.size()) values_.resize((std::size_t{group} + 1) * signals_, 0.0f);
    values_[at] += value;
  }

 private:
  std::size_t signals_ = 0;
  std::vector<float> values_;  // [group][signal]
};

}  // namespace commsim
