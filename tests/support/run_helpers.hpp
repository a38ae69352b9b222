#pragma once
// Shared set-up for tests: scenarios from inline YAML, runs, series lookup.
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <span>
#include <numeric>
#include <string>
#include <vector>

#include "models/all_modules.hpp"
#include "models/member_fields.hpp"
#include "sim/ensemble.hpp"
#include "sim/scenario.hpp"

namespace commsim::testing {

inline const Model& standard() {
  static const Model model = models::standard_model();
  return model;
}

using models::Funnel;
using models::Role;

// An empty population with the standard model's columns.
inline Population population(const Model& model = standard()) { return Population(model.layout().columns()); }

// A member column by name, for tests that set or read fields directly.
template <ColumnElement T>
std::span<T> field(Population& pop, const std::string& name, const Model& model = standard()) {
  return pop.column(model.layout().column_id<T>(name));
}

// Sets a column's values in order (a test's hand-made members).
template <typename T>
void assign(std::span<T> column, std::initializer_list<T> values) {
  std::copy(values.begin(), values.end(), column.begin());
}

inline Scenario scenario_from(const std::string& yaml, const Model& model = standard()) {
  return parse_scenario(yaml, "<test>", model.parameters());
}

inline Scenario scenario_file(const std::string& relative_path, const Model& model = standard()) {
  return load_scenario_file(std::string(COMMSIM_SOURCE_DIR) + "/" + relative_path,
                            model.parameters());
}

inline EnsembleResult run(const Scenario& scenario, const Model& model = standard(),
                          std::uint32_t grain = RunSettings{}.grain) {
  RunSettings settings = run_settings(scenario.params);
  settings.grain = grain;
  return run_ensemble(model, scenario.params, settings);
}

inline std::vector<double> series(const EnsembleResult& result, const std::string& metric,
                                  std::uint32_t replicate) {
  for (MetricId m = 0; m < result.metrics.size(); ++m)
    if (result.metrics[m].name == metric) {
      const auto s = result.series(m, replicate);
      return {s.begin(), s.end()};
    }
  throw std::logic_error("no metric " + metric);
}

// Per-day median across replicates.
inline std::vector<double> median(const EnsembleResult& result, const std::string& metric) {
  for (MetricId m = 0; m < result.metrics.size(); ++m)
    if (result.metrics[m].name == metric) return summarize(result, m).quantiles[2];
  throw std::logic_error("no metric " + metric);
}

// Sum over days of one replicate's series, for each replicate.
inline std::vector<double> replicate_totals(const EnsembleResult& result, const std::string& metric) {
  std::vector<double> totals;
  for (std::uint32_t r = 0; r < result.replicates; ++r) {
    const std::vector<double> s = series(result, metric, r);
    totals.push_back(std::accumulate(s.begin(), s.end(), 0.0));
  }
  return totals;
}

// Equal bit for bit (NaN equals NaN): the reproducibility criterion.
inline bool bitwise_equal(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

inline double mean_of(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
}

inline double sample_sd(const std::vector<double>& x) {
  const double m = mean_of(x);
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / double(x.size() - 1));
}

}  // namespace commsim::testing
