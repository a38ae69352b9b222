#pragma once
// Runs the replicates of a scenario in parallel and gathers their series.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/replicate.hpp"

namespace commsim {

struct EnsembleResult {
  std::vector<MetricSpec> metrics;
  std::uint32_t replicates = 0;
  std::uint32_t days = 0;
  std::vector<double> values;  // [metric][replicate][day]; NaN for a replicate not complete
  std::vector<std::uint8_t> complete;  // [replicate]: 1 when simulated to the last day
  RunProfile profile;          // filled when RunSettings::profile is set

  std::uint32_t completed() const {
    std::uint32_t n = 0;
    for (std::uint8_t c : complete) n += c;
    return n;
  }

  std::span<const double> series(MetricId metric, std::uint32_t replicate) const {
    return {values.data() + (std::size_t{metric} * replicates + replicate) * days, days};
  }
  // All replicates of one metric, [replicate][day] row-major.
  std::span<const double> metric_block(MetricId metric) const {
    return {values.data() + std::size_t{metric} * replicates * days, std::size_t{replicates} * days};
  }
};

// A scenario's own seed, days and replicates with the grain, profiling,
// progress counter, stop flag and module resources of `shared`.
RunSettings scenario_settings(const ParameterSet& params, const RunSettings& shared);

// Copies the replicates complete in `from` into `into` (same scenario and
// shape), series and flags; the others of `into` are left as they are.
void copy_completed(const EnsembleResult& from, EnsembleResult& into);

// An all-NaN result of the settings' shape (days, replicates), none complete.
EnsembleResult empty_ensemble_result(const Model& model, const RunSettings& settings);
// Stores one replicate's rows ([day][metric], as simulate_replicate writes
// them) and marks it complete.
void store_replicate(EnsembleResult& result, std::uint32_t replicate, std::span<const double> rows);

// Replicates and the members within each run on oneTBB's pool (limit it with
// tbb::global_control); the result is the same for any thread count.
EnsembleResult run_ensemble(const Model& model, const ParameterSet& params,
                            const RunSettings& settings);

// Several scenarios of one model at once: every (scenario, replicate) pair is
// one task on the pool, so both cores stay busy to the end. Each scenario's
// seed, days and replicates come from its own parameters; grain, profiling,
// the progress counter and module resources from `shared`. Each result equals run_ensemble's.
// With shared.stop set, replicates not yet started are skipped and running
// ones end at their next day: both are left NaN and not `complete`.
// `skip[s][r]` nonzero leaves replicate r of scenario s out in the same way
// (for resuming a run whose other replicates are known); empty: none.
std::vector<EnsembleResult> run_ensembles(const Model& model,
                                          const std::vector<const ParameterSet*>& scenarios,
                                          const RunSettings& shared,
                                          const std::vector<std::vector<std::uint8_t>>& skip = {});

// Quantiles taken across replicates for each day.
inline constexpr std::array<double, 5> kSummaryQuantiles = {0.05, 0.25, 0.50, 0.75, 0.95};
inline constexpr std::array<const char*, 5> kSummaryQuantileNames = {"p05", "p25", "p50", "p75",
                                                                     "p95"};

struct MetricSummary {
  std::array<std::vector<double>, kSummaryQuantiles.size()> quantiles;  // each [day]
  std::vector<double> mean;                                            // [day]
};

// Quantiles by linear interpolation between order statistics (numpy's
// default, Hyndman and Fan type 7), over the replicates whose value is not
// NaN; NaN when none is.
MetricSummary summarize(const EnsembleResult& result, MetricId metric);
double quantile_of_sorted(std::span<const double> sorted, double p);

}  // namespace commsim
