#pragma once
// Paired comparison of an experiment's scenarios, replicate by replicate,
// for `commsim compare` (docs/command-line.md). Pure functions over the
// reader's data: nothing here reads files or prints.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "output/results_reader.hpp"

namespace commsim::output {

// The 95% of every interval, and of the replicates-needed estimate.
inline constexpr double kConfidence = 0.95;

// Which way a metric should move (the file's `better` attribute).
enum class Direction { Higher, Lower, Neither };
// "higher", "lower", "neither"; anything else (a file written before the
// attribute existed) is Neither, so nothing is ranked on a guess.
Direction direction_of(const std::string& better);
const char* direction_name(Direction direction);

struct Interval {
  double low = 0, high = 0;
};
// +1 when the interval lies above zero, -1 below, 0 when it touches or holds zero.
int sign_of(const Interval& interval);

// The Student t quantile (Boost.Math).
double t_quantile(double probability, double degrees_of_freedom);

struct Spread {
  double p05, p50, p95;  // across replicates, NaN left out; NaN when none has a value
};
Spread spread_of(std::span<const double> values);

// variant_r - baseline_r over the replicates where both are observed.
struct PairedDifference {
  std::size_t pairs = 0;
  std::optional<double> mean;        // none without pairs
  std::optional<double> sd;          // sample standard deviation; none with fewer than 2 pairs
  std::optional<Interval> interval;  // Student t, kConfidence; none with fewer than 2 pairs
};
PairedDifference paired_difference(std::span<const double> variant, std::span<const double> baseline);

// Fraction of the pairs where the variant is better, ties counting half;
// none without pairs or a direction.
std::optional<double> probability_better(std::span<const double> variant, std::span<const double> baseline,
                                         Direction direction);

// Smallest n >= 2 with t_{0.975, n-1} * sd / sqrt(n) < |mean|; none when
// mean or sd is 0 (or not finite).
std::optional<std::uint64_t> replicates_needed(double mean, double sd);

// per_day[d] is day d's interval (none: too few pairs). The first day d such
// that every interval from d to the last excludes zero with the last one's
// sign; none when the last does not exclude zero.
std::optional<std::uint64_t> first_resolved_day(std::span<const std::optional<Interval>> per_day);

// Zero (or unobserved) on every day of every replicate of every series.
bool zero_throughout(std::span<const SeriesData> scenarios);

enum class Verdict { VariantBetter, BaselineBetter, NotResolved, ZeroEverywhere, NoDirection };
// variant_better, baseline_better, not_resolved, zero_everywhere, no_direction
const char* verdict_name(Verdict verdict);

struct MetricComparison {
  std::string metric, kind, units;
  Direction direction = Direction::Neither;
  bool cumulative = false;  // the values are flows summed from day 0
  std::uint64_t day = 0;
  Spread baseline{}, variant{};
  PairedDifference difference;
  std::optional<double> probability_better;
  std::optional<std::uint64_t> first_resolved_day;
  std::optional<std::uint64_t> replicates_needed;  // only while the sign is not resolved
  Verdict verdict = Verdict::NotResolved;
};

// One metric of one variant against the baseline on `day`. `cumulative`
// applies to flows only. `zero_everywhere`: the metric is zero in every
// scenario of the file (then it is flagged, not ranked).
MetricComparison compare_metric(const MetricInfo& metric, const SeriesData& variant, const SeriesData& baseline,
                                std::uint64_t day, bool cumulative, bool zero_everywhere);

// Of several variants' comparisons on one metric, the one that beats the
// baseline with a resolved sign by the most (mean difference in the metric's
// direction); none when no variant does.
std::optional<std::size_t> best_variant(std::span<const MetricComparison> same_metric);

}  // namespace commsim::output
