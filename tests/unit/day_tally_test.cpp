#include "sim/day_tally.hpp"

#include <gtest/gtest.h>

namespace commsim {
namespace {

TEST(DayTally, MergesATallyResetBeforeGroupsWereOpened) {
  // The seed members' tally is reset with the initial groups; a module may
  // open groups on day 0 before it is merged into that day's totals.
  DayTally seed, today;
  seed.reset(1, 0, 2, 3);
  seed.add(0, 5);
  seed.add_group(1, 2, 7);
  today.reset(1, 0, 2, 4);
  today.add_group(1, 3, 1);
  today.merge(seed);
  EXPECT_EQ(today.metric(0), 5);
  EXPECT_EQ(today.group(1, 2), 7);
  EXPECT_EQ(today.group(1, 3), 1);
  EXPECT_EQ(today.group(0, 3), 0);
}

TEST(DayTally, KeepsAMeansCountBesideItsSum) {
  // Two chunks' partial sums and counts merge into one exact mean.
  const MeanId mean{1, 0};
  DayTally a, b;
  a.reset(2, 1, 0, 0);
  b.reset(2, 1, 0, 0);
  a.add_mean(mean, 300, 2);
  b.add_mean(mean, 100, 1);
  a.merge(b);
  EXPECT_EQ(a.metric(1), 400);
  EXPECT_EQ(a.mean_count(mean), 3);
  EXPECT_EQ(a.metric(0), 0);
}

}  // namespace
}  // namespace commsim
