// The paired statistics of `commsim compare` on hand-made data; the t
// quantiles expected here come from printed tables, not from Boost.
#include "output/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace commsim::output {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// [replicate][day] as the reader returns it.
SeriesData series_of(std::vector<std::vector<double>> rows) {
  SeriesData data{rows.size(), rows.front().size(), {}};
  for (const auto& row : rows) data.values.insert(data.values.end(), row.begin(), row.end());
  return data;
}

MetricInfo metric(const std::string& kind, const std::string& better) { return {"m", "", "people", kind, better}; }

TEST(Comparison, TQuantilesMatchTheTables) {
  EXPECT_NEAR(t_quantile(0.975, 1), 12.7062, 1e-4);
  EXPECT_NEAR(t_quantile(0.975, 4), 2.7764, 1e-4);
  EXPECT_NEAR(t_quantile(0.975, 9), 2.2622, 1e-4);
}

TEST(Comparison, PairedIntervalIsStudentT) {
  // Differences 1..5: mean 3, sd sqrt(2.5); half width 2.776445 * sqrt(2.5) / sqrt(5) = 1.963243.
  const std::vector<double> variant = {11, 12, 13, 14, 15}, baseline = {10, 10, 10, 10, 10};
  const PairedDifference d = paired_difference(variant, baseline);
  EXPECT_EQ(d.pairs, 5u);
  EXPECT_DOUBLE_EQ(*d.mean, 3);
  EXPECT_NEAR(*d.sd, 1.5811388, 1e-6);
  ASSERT_TRUE(d.interval);
  EXPECT_NEAR(d.interval->low, 3 - 1.963243, 1e-5);
  EXPECT_NEAR(d.interval->high, 3 + 1.963243, 1e-5);
  EXPECT_EQ(sign_of(*d.interval), 1);
}

TEST(Comparison, IdenticalSeriesGiveAZeroIntervalAndEvenOdds) {
  const std::vector<double> x = {3, 1, 4, 1, 5};
  const PairedDifference d = paired_difference(x, x);
  EXPECT_EQ(*d.mean, 0);
  EXPECT_EQ(*d.sd, 0);
  EXPECT_EQ(d.interval->low, 0);
  EXPECT_EQ(d.interval->high, 0);
  EXPECT_EQ(sign_of(*d.interval), 0);
  EXPECT_EQ(*probability_better(x, x, Direction::Higher), 0.5);
  EXPECT_FALSE(replicates_needed(0, 0));
}

TEST(Comparison, NaNPairsAreLeftOut) {
  // Pairs left: (1, 0) and (4, 1); differences 1 and 3, sd sqrt(2), t_{0.975,1} = 12.7062.
  const std::vector<double> variant = {1, kNaN, 3, 4}, baseline = {0, 0, kNaN, 1};
  const PairedDifference d = paired_difference(variant, baseline);
  EXPECT_EQ(d.pairs, 2u);
  EXPECT_DOUBLE_EQ(*d.mean, 2);
  EXPECT_NEAR(d.interval->low, 2 - 12.7062, 1e-4);
  EXPECT_NEAR(d.interval->high, 2 + 12.7062, 1e-4);
  EXPECT_DOUBLE_EQ(*probability_better(variant, baseline, Direction::Higher), 1.0);
}

TEST(Comparison, FewerThanTwoPairsGiveNoInterval) {
  const std::vector<double> variant = {1, kNaN}, baseline = {0, 0};
  const PairedDifference one = paired_difference(variant, baseline);
  EXPECT_EQ(one.pairs, 1u);
  EXPECT_DOUBLE_EQ(*one.mean, 1);
  EXPECT_FALSE(one.sd);
  EXPECT_FALSE(one.interval);
  const std::vector<double> none = {kNaN, kNaN};
  EXPECT_FALSE(paired_difference(none, baseline).mean);
  EXPECT_FALSE(probability_better(none, baseline, Direction::Higher));
}

TEST(Comparison, TiesCountHalfAndDirectionDecidesBetter) {
  const std::vector<double> variant = {1, 2, 3, 4, 5}, baseline = {1, 1, 4, 4, 0};
  // Higher: tie, win, loss, tie, win = 3/5; lower: tie, loss, win, tie, loss = 2/5.
  EXPECT_DOUBLE_EQ(*probability_better(variant, baseline, Direction::Higher), 0.6);
  EXPECT_DOUBLE_EQ(*probability_better(variant, baseline, Direction::Lower), 0.4);
  EXPECT_FALSE(probability_better(variant, baseline, Direction::Neither));
}

TEST(Comparison, ReplicatesNeededIsTheSmallestNThatResolves) {
  // sd = |mean|: n = 6 gives t_5 / sqrt(6) = 2.570582 / 2.449490 > 1, n = 7 gives 2.446912 / 2.645751 < 1.
  EXPECT_EQ(replicates_needed(1, 1), 7u);
  EXPECT_EQ(replicates_needed(-1, 1), 7u);
  // sd = 2 |mean|: n = 17 gives 2 * 2.119905 / sqrt(17) = 1.0283, n = 18 gives 2 * 2.109816 / sqrt(18) = 0.9946.
  EXPECT_EQ(replicates_needed(0.5, 1), 18u);
  EXPECT_FALSE(replicates_needed(0, 1));
  EXPECT_FALSE(replicates_needed(1, 0));
}

TEST(Comparison, FirstResolvedDayIsTheStartOfTheLastRunOfOneSign) {
  using I = std::optional<Interval>;
  const std::vector<I> days = {Interval{-1, 1}, Interval{1, 2}, Interval{-2, -1}, Interval{0.5, 1}, Interval{1, 3}};
  EXPECT_EQ(first_resolved_day(days), 3u);
  const std::vector<I> always = {Interval{1, 2}, Interval{1, 2}};
  EXPECT_EQ(first_resolved_day(always), 0u);
  const std::vector<I> negative = {Interval{1, 2}, Interval{-3, -1}};
  EXPECT_EQ(first_resolved_day(negative), 1u);
  const std::vector<I> open = {Interval{1, 2}, Interval{-1, 1}};
  EXPECT_FALSE(first_resolved_day(open));
  const std::vector<I> gap = {Interval{1, 2}, std::nullopt, Interval{1, 2}};
  EXPECT_EQ(first_resolved_day(gap), 2u);
  const std::vector<I> touching = {Interval{0, 2}};  // zero is not excluded
  EXPECT_FALSE(first_resolved_day(touching));
}

TEST(Comparison, ZeroThroughoutIgnoresNaN) {
  const std::vector<SeriesData> zero = {series_of({{0, kNaN}, {0, 0}}), series_of({{0, 0}, {kNaN, 0}})};
  EXPECT_TRUE(zero_throughout(zero));
  const std::vector<SeriesData> some = {series_of({{0, 0}, {0, 0}}), series_of({{0, 0}, {0, 1e-9}})};
  EXPECT_FALSE(zero_throughout(some));
}

TEST(Comparison, ZeroEverywhereIsFlaggedNotRanked) {
  const SeriesData zero = series_of({{0, 0}, {0, 0}, {0, 0}});
  const MetricComparison c = compare_metric(metric("flow", "higher"), zero, zero, 1, false, true);
  EXPECT_EQ(c.verdict, Verdict::ZeroEverywhere);
  EXPECT_FALSE(c.probability_better);
  EXPECT_FALSE(c.first_resolved_day);
  EXPECT_FALSE(c.replicates_needed);
}

TEST(Comparison, CumulativeSumsFlowsButNotLevels) {
  // Three replicates, three days; day 2's cumulative differences are 3, 4 and 5.
  const SeriesData variant = series_of({{1, 2, 3}, {2, 2, 3}, {1, 4, 3}});
  const SeriesData baseline = series_of({{1, 1, 1}, {1, 1, 1}, {1, 1, 1}});
  const MetricComparison flow = compare_metric(metric("flow", "higher"), variant, baseline, 2, true, false);
  EXPECT_TRUE(flow.cumulative);
  EXPECT_DOUBLE_EQ(*flow.difference.mean, 4);
  EXPECT_DOUBLE_EQ(flow.variant.p50, 7);
  EXPECT_DOUBLE_EQ(flow.baseline.p50, 3);
  EXPECT_EQ(flow.verdict, Verdict::VariantBetter);
  EXPECT_DOUBLE_EQ(*flow.probability_better, 1);
  // Cumulative differences by day: {0,1,0}, {1,2,3}, {3,4,5}: day 0 holds zero, day 1's t interval
  // 2 +- 4.303 * 1 / sqrt(3) = [-0.48, 4.48] holds zero too, day 2's [1.52, 6.48] does not.
  EXPECT_EQ(flow.first_resolved_day, 2u);
  const MetricComparison level = compare_metric(metric("level", "lower"), variant, baseline, 2, true, false);
  EXPECT_FALSE(level.cumulative);
  EXPECT_DOUBLE_EQ(*level.difference.mean, 2);
  EXPECT_EQ(level.verdict, Verdict::BaselineBetter);  // lower is better: the baseline's 1 beats 3
  EXPECT_DOUBLE_EQ(*level.probability_better, 0);
}

TEST(Comparison, UnresolvedSignsSayHowManyReplicatesWouldResolveIt) {
  // Differences 1, -1, 2, 0: mean 0.5, sd 1.290994.
  const SeriesData variant = series_of({{1}, {-1}, {2}, {0}});
  const SeriesData baseline = series_of({{0}, {0}, {0}, {0}});
  const MetricComparison c = compare_metric(metric("level", "higher"), variant, baseline, 0, false, false);
  EXPECT_EQ(c.verdict, Verdict::NotResolved);
  EXPECT_FALSE(c.first_resolved_day);
  EXPECT_EQ(c.replicates_needed, replicates_needed(0.5, std::sqrt(5.0 / 3)));
  EXPECT_GT(*c.replicates_needed, 4u);
  const MetricComparison undirected = compare_metric(metric("level", "neither"), variant, baseline, 0, false, false);
  EXPECT_EQ(undirected.verdict, Verdict::NoDirection);
  EXPECT_FALSE(undirected.probability_better);
  EXPECT_EQ(direction_of(""), Direction::Neither);  // a file written before `better` existed
}

TEST(Comparison, BestVariantBeatsTheBaselineByTheMost) {
  MetricComparison small, large, unresolved;
  small.verdict = large.verdict = Verdict::VariantBetter;
  unresolved.verdict = Verdict::NotResolved;
  small.direction = large.direction = unresolved.direction = Direction::Lower;
  small.difference.mean = -1;
  large.difference.mean = -5;
  unresolved.difference.mean = -9;
  const std::vector<MetricComparison> all = {small, unresolved, large};
  EXPECT_EQ(best_variant(all), 2u);
  const std::vector<MetricComparison> none = {unresolved};
  EXPECT_FALSE(best_variant(none));
}

}  // namespace
}  // namespace commsim::output
