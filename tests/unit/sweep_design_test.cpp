// The sweep designs in the unit cube: their defining properties, and that
// they are pure functions of the seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/sweep_design.hpp"

namespace commsim {
namespace {

TEST(SweepDesign, GridIsTheProductWithTheFirstDimensionSlowest) {
  const auto grid = grid_design({2, 3});
  const std::vector<std::vector<std::size_t>> expected = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}};
  EXPECT_EQ(grid, expected);
  EXPECT_EQ(grid_design({4, 1, 5}).size(), 20u);
}

TEST(SweepDesign, LatinHypercubePutsOnePointInEveryStratumOfEveryDimension) {
  const std::uint64_t n = 257;
  const DesignMatrix design = latin_hypercube_design(n, 3, 42);
  ASSERT_EQ(design.size(), n);
  for (std::size_t d = 0; d < 3; ++d) {
    std::set<std::uint64_t> strata;
    for (const auto& point : design) {
      ASSERT_GE(point[d], 0.0);
      ASSERT_LT(point[d], 1.0);
      strata.insert(std::uint64_t(point[d] * double(n)));
    }
    EXPECT_EQ(strata.size(), n) << "dimension " << d;
  }
}

TEST(SweepDesign, DesignsArePureFunctionsOfTheSeed) {
  EXPECT_EQ(latin_hypercube_design(50, 2, 7), latin_hypercube_design(50, 2, 7));
  EXPECT_NE(latin_hypercube_design(50, 2, 7), latin_hypercube_design(50, 2, 8));
  EXPECT_EQ(saltelli_design(20, 3, 1), saltelli_design(20, 3, 1));
  // A random design's points depend on their index only: more points keep the first ones.
  const DesignMatrix small = random_design(10, 4, 3), large = random_design(100, 4, 3);
  EXPECT_TRUE(std::equal(small.begin(), small.end(), large.begin()));
}

// n uniforms have a mean within 4 standard errors (sqrt(1/12n)) of 1/2.
TEST(SweepDesign, RandomDesignIsUniform) {
  const std::uint64_t n = 4000;
  const DesignMatrix design = random_design(n, 2, 11);
  for (std::size_t d = 0; d < 2; ++d) {
    double sum = 0;
    std::size_t below_quarter = 0;
    for (const auto& point : design) {
      sum += point[d];
      below_quarter += point[d] < 0.25;
    }
    EXPECT_NEAR(sum / double(n), 0.5, 4 * std::sqrt(1.0 / 12.0 / double(n)));
    EXPECT_NEAR(double(below_quarter) / double(n), 0.25, 4 * std::sqrt(0.25 * 0.75 / double(n)));
  }
}

// Blocks A, B, then A with column i from B; A and B independent
// (correlation within 4 / sqrt(n) of 0).
TEST(SweepDesign, SaltelliDesignHasTheBlocksTheEstimatorsNeed) {
  const std::uint64_t n = 2000;
  const std::size_t k = 3;
  const DesignMatrix design = saltelli_design(n, k, 5);
  ASSERT_EQ(design.size(), n * (k + 2));
  for (std::size_t i = 0; i < k; ++i)
    for (std::uint64_t j = 0; j < n; ++j) {
      const auto& mixed = design[(2 + i) * n + j];
      for (std::size_t d = 0; d < k; ++d)
        ASSERT_EQ(mixed[d], d == i ? design[n + j][d] : design[j][d]) << "block " << i << " row " << j;
    }
  for (std::size_t d = 0; d < k; ++d) {
    double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
    for (std::uint64_t j = 0; j < n; ++j) {
      const double a = design[j][d] - 0.5, b = design[n + j][d] - 0.5;
      sa += a;
      sb += b;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    const double r = (sab - sa * sb / double(n)) /
                     std::sqrt((saa - sa * sa / double(n)) * (sbb - sb * sb / double(n)));
    EXPECT_LT(std::abs(r), 4 / std::sqrt(double(n))) << "dimension " << d;
  }
}

}  // namespace
}  // namespace commsim
