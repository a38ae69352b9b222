#pragma once
// Money, ratios, means and differences, computed from the day's exact
// tallies after every module's end of day (sim/model_layout.hpp: Derivation).
#include <span>

#include "sim/day_tally.hpp"
#include "sim/model_layout.hpp"

namespace commsim {

// `row` holds today's metrics, counted ones already set; this writes the
// derived ones, in declaration order (a derived metric may use an earlier one).
inline void derive_metrics(const ModelLayout& layout, const DayTally& today, std::span<double> row) {
  const std::vector<MetricSpec>& metrics = layout.metrics();
  for (MetricId m = 0; m < metrics.size(); ++m) {
    const MetricSpec& spec = metrics[m];
    switch (spec.derivation) {
      case Derivation::Count: break;
      case Derivation::Money: row[m] = double(today.metric(m)) / 100.0; break;
      case Derivation::Mean: {
        const std::int64_t count = today.mean_count({m, spec.denominator});
        row[m] = count ? double(today.metric(m)) / spec.scale / double(count) : spec.if_empty;
        break;
      }
      case Derivation::Ratio:
        row[m] = row[spec.denominator] != 0 ? row[spec.numerator] / row[spec.denominator] : spec.if_empty;
        break;
      case Derivation::Difference: row[m] = row[spec.numerator] - row[spec.denominator]; break;
    }
  }
}

}  // namespace commsim
