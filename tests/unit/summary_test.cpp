#include <gtest/gtest.h>

#include "sim/ensemble.hpp"

namespace commsim {
namespace {

TEST(Quantiles, LinearInterpolationLikeNumpy) {
  const std::vector<double> x = {1, 2, 3, 4, 10};
  // numpy.percentile([1,2,3,4,10], [5,25,50,75,95]) = 1.2, 2, 3, 4, 8.8
  EXPECT_DOUBLE_EQ(quantile_of_sorted(x, 0.05), 1.2);
  EXPECT_DOUBLE_EQ(quantile_of_sorted(x, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(quantile_of_sorted(x, 0.50), 3.0);
  EXPECT_DOUBLE_EQ(quantile_of_sorted(x, 0.75), 4.0);
  EXPECT_DOUBLE_EQ(quantile_of_sorted(x, 0.95), 8.8);
  EXPECT_DOUBLE_EQ(quantile_of_sorted(std::vector<double>{5}, 0.95), 5.0);
}

TEST(Summaries, PerDayAcrossReplicates) {
  EnsembleResult r;
  MetricSpec m;
  m.name = "m";
  m.units = "u";
  r.metrics = {m};
  r.replicates = 4;
  r.days = 2;
  r.values = {4, 10, 1, 20, 3, 30, 2, 40};  // [replicate][day]
  const MetricSummary s = summarize(r, 0);
  EXPECT_DOUBLE_EQ(s.mean[0], 2.5);
  EXPECT_DOUBLE_EQ(s.mean[1], 25.0);
  EXPECT_DOUBLE_EQ(s.quantiles[2][0], 2.5);
  EXPECT_DOUBLE_EQ(s.quantiles[0][1], 10 + 0.15 * 10);
}

}  // namespace
}  // namespace commsim
