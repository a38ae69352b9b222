#include "sim/ensemble.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace commsim {

namespace {

}  // namespace

EnsembleResult empty_ensemble_result(const Model& model, const RunSettings& settings) {
  EnsembleResult result;
  result.metrics = model.layout().metrics();
  result.replicates = settings.replicates;
  result.days = settings.days;
  result.values.assign(result.metrics.size() * settings.replicates * settings.days, std::nan(""));
  result.complete.assign(settings.replicates, 0);
  return result;
}

RunSettings scenario_settings(const ParameterSet& params, const RunSettings& shared) {
  RunSettings own = run_settings(params);
  own.grain = shared.grain;
  own.profile = shared.profile;
  own.days_done = shared.days_done;
  own.stop = shared.stop;
  own.resources = shared.resources;
  return own;
}

void copy_completed(const EnsembleResult& from, EnsembleResult& into) {
  for (std::uint32_t r = 0; r < from.replicates; ++r) {
    if (!from.complete[r]) continue;
    for (MetricId m = 0; m < into.metrics.size(); ++m) {
      const auto series = from.series(m, r);
      std::copy(series.begin(), series.end(),
                into.values.begin() + std::ptrdiff_t((std::size_t{m} * into.replicates + r) * into.days));
    }
    into.complete[r] = 1;
  }
}

void store_replicate(EnsembleResult& result, std::uint32_t replicate, std::span<const double> rows) {
  const std::size_t metric_count = result.metrics.size();
  for (std::size_t m = 0; m < metric_count; ++m)
    for (std::uint32_t d = 0; d < result.days; ++d)
      result.values[(m * result.replicates + replicate) * result.days + d] = rows[d * metric_count + m];
  result.complete[replicate] = 1;
}

namespace {

// Simulates one replicate and stores it in `result`'s [metric][replicate][day]
// block; a replicate stopped early (or never started) stays NaN.
void run_into(const Model& model, const ParameterSet& params, const RunSettings& settings,
              std::uint32_t replicate, EnsembleResult& result, RunProfile* profile) {
  if (settings.stop && settings.stop->load(std::memory_order_relaxed)) return;
  const std::size_t metric_count = result.metrics.size();
  std::vector<double> rows(std::size_t{settings.days} * metric_count);  // [day][metric]
  if (simulate_replicate(model, params, settings, replicate, rows, profile)) store_replicate(result, replicate, rows);
}

}  // namespace

EnsembleResult run_ensemble(const Model& model, const ParameterSet& params,
                            const RunSettings& settings) {
  EnsembleResult result = empty_ensemble_result(model, settings);
  std::vector<RunProfile> profiles(settings.replicates);
  tbb::parallel_for(std::uint32_t{0}, settings.replicates, [&](std::uint32_t replicate) {
    run_into(model, params, settings, replicate, result,
             settings.profile ? &profiles[replicate] : nullptr);
  });
  for (const RunProfile& p : profiles) result.profile.merge(p);
  return result;
}

std::vector<EnsembleResult> run_ensembles(const Model& model,
                                          const std::vector<const ParameterSet*>& scenarios,
                                          const RunSettings& shared,
                                          const std::vector<std::vector<std::uint8_t>>& skip) {
  std::vector<RunSettings> settings;
  std::vector<EnsembleResult> results;
  std::vector<std::pair<std::size_t, std::uint32_t>> tasks;  // (scenario, replicate)
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const RunSettings own = scenario_settings(*scenarios[s], shared);
    settings.push_back(own);
    results.push_back(empty_ensemble_result(model, own));
    for (std::uint32_t r = 0; r < own.replicates; ++r)
      if (skip.empty() || !skip[s].at(r)) tasks.emplace_back(s, r);
  }
  std::vector<RunProfile> profiles(tasks.size());
  tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t t) {
    const auto [s, r] = tasks[t];
    run_into(model, *scenarios[s], settings[s], r, results[s], shared.profile ? &profiles[t] : nullptr);
  });
  for (std::size_t t = 0; t < tasks.size(); ++t) results[tasks[t].first].profile.merge(profiles[t]);
  return results;
}

double quantile_of_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::nan("");
  const double h = (double(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

MetricSummary summarize(const EnsembleResult& result, MetricId metric) {
  MetricSummary summary;
  for (auto& q : summary.quantiles) q.resize(result.days);
  summary.mean.resize(result.days);
  std::vector<double> column;
  column.reserve(result.replicates);
  for (std::uint32_t d = 0; d < result.days; ++d) {
    // NaN marks "not observed" (a cohort too young to measure): left out.
    double sum = 0.0;
    column.clear();
    for (std::uint32_t r = 0; r < result.replicates; ++r) {
      const double x = result.series(metric, r)[d];
      if (std::isnan(x)) continue;
      column.push_back(x);
      sum += x;  // fixed replicate order: deterministic
    }
    summary.mean[d] = column.empty() ? std::nan("") : sum / double(column.size());
    std::sort(column.begin(), column.end());
    for (std::size_t q = 0; q < kSummaryQuantiles.size(); ++q)
      summary.quantiles[q][d] = quantile_of_sorted(column, kSummaryQuantiles[q]);
  }
  return summary;
}

}  // namespace commsim
