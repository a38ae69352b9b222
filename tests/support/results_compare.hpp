#pragma once
// Two results files compared as data, bit for bit (NaN equal to NaN): the
// reproducibility criterion of runs, resumes, shards and ranks.
#include <gtest/gtest.h>

#include "output/results_reader.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim::testing {

// Every series of every scenario, bit for bit, on the replicates `only`
// holds complete (all when `only` is null); and every summary when asked.
inline void expect_same_data(const output::ResultsReader& a, const output::ResultsReader& b,
                      const output::ResultsReader* only, bool summaries) {
  ASSERT_EQ(a.scenarios(), b.scenarios());
  ASSERT_EQ(a.days(), b.days());
  ASSERT_EQ(a.metrics().size(), b.metrics().size());
  for (std::size_t s = 0; s < a.scenarios().size(); ++s) {
    const std::vector<std::uint8_t> keep =
        only ? only->replicate_complete(s) : std::vector<std::uint8_t>(a.replicates(), 1);
    for (const output::MetricInfo& m : a.metrics()) {
      const output::SeriesData x = a.series(s, m.name), y = b.series(s, m.name);
      for (std::uint64_t r = 0; r < a.replicates(); ++r) {
        if (!keep[r]) continue;
        const std::span<const double> xr(x.values.data() + r * x.days, x.days), yr(y.values.data() + r * y.days, y.days);
        EXPECT_TRUE(bitwise_equal(xr, yr)) << m.name << " replicate " << r;
      }
      if (!summaries) continue;
      for (const char* statistic : {"p05", "p25", "p50", "p75", "p95", "mean"})
        EXPECT_TRUE(bitwise_equal(a.summary(s, m.name, statistic), b.summary(s, m.name, statistic)))
            << m.name << " " << statistic;
    }
  }
}

// Everything two files hold as data: scenarios, varying parameters, daily
// series (when both have them), summaries, final values and totals.
inline void expect_same_results(const output::ResultsReader& a, const output::ResultsReader& b) {
  ASSERT_EQ(a.scenarios(), b.scenarios());
  ASSERT_EQ(a.replicates(), b.replicates());
  ASSERT_EQ(a.daily_series(), b.daily_series());
  const auto pa = a.varying_parameters(), pb = b.varying_parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t k = 0; k < pa.size(); ++k) {
    EXPECT_EQ(pa[k].key, pb[k].key);
    EXPECT_EQ(pa[k].values, pb[k].values) << pa[k].key;
  }
  if (a.daily_series()) expect_same_data(a, b, nullptr, true);
  for (std::size_t s = 0; s < a.scenarios().size(); ++s) {
    EXPECT_EQ(a.replicate_complete(s), b.replicate_complete(s)) << a.scenarios()[s];
    EXPECT_EQ(a.scenario_field(s, "resolved_parameters"), b.scenario_field(s, "resolved_parameters"));
    const output::ScenarioReduction x = a.reduction(s), y = b.reduction(s);
    EXPECT_TRUE(bitwise_equal(x.final, y.final)) << a.scenarios()[s];
    EXPECT_TRUE(bitwise_equal(x.total, y.total)) << a.scenarios()[s];
    EXPECT_TRUE(bitwise_equal(x.summary, y.summary)) << a.scenarios()[s];
  }
}

}  // namespace commsim::testing
