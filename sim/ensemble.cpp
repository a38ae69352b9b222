#include "sim/ensemble.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace commsim {

EnsembleResult run_ensemble(const Model& model, const ParameterSet& params,
                            const RunSettings& settings) {
  EnsembleResult result;
  result.metrics = model.layout().metrics();
  result.replicates = settings.replicates;
  result.days = settings.days;
  const std::size_t metric_count = result.metrics.size();
  result.values.assign(metric_count * settings.replicates * settings.days, 0.0);

  std::vector<RunProfile> profiles(settings.replicates);
  tbb::parallel_for(std::uint32_t{0}, settings.replicates, [&](std::uint32_t replicate) {
    std::vector<double> rows(std::size_t{settings.days} * metric_count);  // [day][metric]
    simulate_replicate(model, params, settings, replicate, rows,
                       settings.profile ? &profiles[replicate] : nullptr);
    for (std::size_t m = 0; m < metric_count; ++m)
      for (std::uint32_t d = 0; d < settings.days; ++d)
        result.values[(m * settings.replicates + replicate) * settings.days + d] =
            rows[d * metric_count + m];
  });
  for (const RunProfile& p : profiles) result.profile.merge(p);
  return result;
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
