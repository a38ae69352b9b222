#include "output/comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "sim/ensemble.hpp"

namespace commsim::output {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The two-sided interval's upper quantile: 0.975 for 95%.
constexpr double kUpper = 1 - (1 - kConfidence) / 2;

bool pair_observed(double a, double b) { return !std::isnan(a) && !std::isnan(b); }

}  // namespace

Direction direction_of(const std::string& better) {
  if (better == "higher") return Direction::Higher;
  if (better == "lower") return Direction::Lower;
  return Direction::Neither;
}

const char* direction_name(Direction direction) {
  switch (direction) {
    case Direction::Higher: return "higher";
    case Direction::Lower: return "lower";
    case Direction::Neither: return "neither";
  }
  return "?";
}

int sign_of(const Interval& interval) {
  if (interval.low > 0) return 1;
  if (interval.high < 0) return -1;
  return 0;
}

double t_quantile(double probability, double degrees_of_freedom) {
  return boost::math::quantile(boost::math::students_t(degrees_of_freedom), probability);
}

Spread spread_of(std::span<const double> values) {
  std::vector<double> sorted;
  for (double x : values)
    if (!std::isnan(x)) sorted.push_back(x);
  std::sort(sorted.begin(), sorted.end());
  return {quantile_of_sorted(sorted, 0.05), quantile_of_sorted(sorted, 0.5), quantile_of_sorted(sorted, 0.95)};
}

PairedDifference paired_difference(std::span<const double> variant, std::span<const double> baseline) {
  std::vector<double> differences;
  for (std::size_t r = 0; r < std::min(variant.size(), baseline.size()); ++r)
    if (pair_observed(variant[r], baseline[r])) differences.push_back(variant[r] - baseline[r]);
  PairedDifference result;
  result.pairs = differences.size();
  if (differences.empty()) return result;
  const double n = double(differences.size());
  double sum = 0;
  for (double d : differences) sum += d;
  const double mean = sum / n;
  result.mean = mean;
  if (differences.size() < 2) return result;
  double squares = 0;  // two passes: no cancellation when the differences are large and close
  for (double d : differences) squares += (d - mean) * (d - mean);
  const double sd = std::sqrt(squares / (n - 1));
  result.sd = sd;
  const double half_width = t_quantile(kUpper, n - 1) * sd / std::sqrt(n);
  result.interval = Interval{mean - half_width, mean + half_width};
  return result;
}

std::optional<double> probability_better(std::span<const double> variant, std::span<const double> baseline,
                                         Direction direction) {
  if (direction == Direction::Neither) return std::nullopt;
  double wins = 0;
  std::size_t pairs = 0;
  for (std::size_t r = 0; r < std::min(variant.size(), baseline.size()); ++r) {
    if (!pair_observed(variant[r], baseline[r])) continue;
    ++pairs;
    const double ahead = direction == Direction::Higher ? variant[r] - baseline[r] : baseline[r] - variant[r];
    wins += ahead > 0 ? 1.0 : ahead == 0 ? 0.5 : 0.0;
  }
  if (pairs == 0) return std::nullopt;
  return wins / double(pairs);
}

std::optional<std::uint64_t> replicates_needed(double mean, double sd) {
  if (mean == 0 || sd == 0 || !std::isfinite(mean) || !std::isfinite(sd)) return std::nullopt;
  const double target = std::abs(mean);
  // t > z, so n > (z sd / |mean|)^2 is necessary: start there, the answer is a few above.
  const double z = boost::math::quantile(boost::math::normal(), kUpper);
  const double lower_bound = std::pow(z * sd / target, 2);
  if (!(lower_bound < 1e15)) return std::nullopt;
  std::uint64_t n = std::max<std::uint64_t>(2, std::uint64_t(std::floor(lower_bound)));
  while (!(t_quantile(kUpper, double(n - 1)) * sd / std::sqrt(double(n)) < target)) ++n;
  return n;
}

std::optional<std::uint64_t> first_resolved_day(std::span<const std::optional<Interval>> per_day) {
  if (per_day.empty() || !per_day.back()) return std::nullopt;
  const int sign = sign_of(*per_day.back());
  if (sign == 0) return std::nullopt;
  std::size_t first = per_day.size() - 1;
  while (first > 0 && per_day[first - 1] && sign_of(*per_day[first - 1]) == sign) --first;
  return first;
}

bool zero_throughout(std::span<const SeriesData> scenarios) {
  for (const SeriesData& series : scenarios)
    for (double x : series.values)
      if (x != 0 && !std::isnan(x)) return false;
  return true;
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::VariantBetter: return "variant_better";
    case Verdict::BaselineBetter: return "baseline_better";
    case Verdict::NotResolved: return "not_resolved";
    case Verdict::ZeroEverywhere: return "zero_everywhere";
    case Verdict::NoDirection: return "no_direction";
  }
  return "?";
}

MetricComparison compare_metric(const MetricInfo& metric, const SeriesData& variant, const SeriesData& baseline,
                                std::uint64_t day, bool cumulative, bool zero_everywhere) {
  MetricComparison result;
  result.metric = metric.name;
  result.kind = metric.kind;
  result.units = metric.units;
  result.direction = direction_of(metric.better);
  result.cumulative = cumulative && metric.kind == "flow";
  result.day = day;

  // Every day's interval up to `day`, for the first resolved day; the
  // running sums make cumulative flows linear in the days.
  const std::uint64_t replicates = std::min(variant.replicates, baseline.replicates);
  std::vector<double> v(replicates, 0.0), b(replicates, 0.0);
  std::vector<std::optional<Interval>> intervals;
  for (std::uint64_t d = 0; d <= day; ++d) {
    for (std::uint64_t r = 0; r < replicates; ++r) {
      v[r] = result.cumulative ? v[r] + variant.at(r, d) : variant.at(r, d);
      b[r] = result.cumulative ? b[r] + baseline.at(r, d) : baseline.at(r, d);
    }
    intervals.push_back(paired_difference(v, b).interval);
  }
  result.variant = spread_of(v);
  result.baseline = spread_of(b);
  result.difference = paired_difference(v, b);

  if (zero_everywhere) {
    result.verdict = Verdict::ZeroEverywhere;
    return result;
  }
  result.probability_better = probability_better(v, b, result.direction);
  result.first_resolved_day = first_resolved_day(intervals);
  const int sign = result.difference.interval ? sign_of(*result.difference.interval) : 0;
  if (sign == 0 && result.difference.sd)
    result.replicates_needed = replicates_needed(*result.difference.mean, *result.difference.sd);
  if (result.direction == Direction::Neither)
    result.verdict = Verdict::NoDirection;
  else if (sign == 0)
    result.verdict = Verdict::NotResolved;
  else
    result.verdict = (sign > 0) == (result.direction == Direction::Higher) ? Verdict::VariantBetter
                                                                           : Verdict::BaselineBetter;
  return result;
}

std::optional<std::size_t> best_variant(std::span<const MetricComparison> same_metric) {
  std::optional<std::size_t> best;
  double best_gain = 0;
  for (std::size_t i = 0; i < same_metric.size(); ++i) {
    const MetricComparison& c = same_metric[i];
    if (c.verdict != Verdict::VariantBetter) continue;
    const double gain = c.direction == Direction::Lower ? -*c.difference.mean : *c.difference.mean;
    if (!best || gain > best_gain) best = i, best_gain = gain;
  }
  return best;
}

}  // namespace commsim::output
