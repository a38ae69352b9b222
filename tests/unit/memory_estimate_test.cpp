// The memory guard's estimate follows its documented formula, and a run is
// refused on one side of the limit and allowed on the other.
#include <gtest/gtest.h>

#include "sim/input_error.hpp"
#include "sim/memory_estimate.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(MemoryEstimate, FollowsTheFormula) {
  const Scenario s = scenario_from(
      "run: {days: 100, replicates: 6}\n"
      "community: {initial_members: 1000, initial_groups: 2, prospects: 500}\n"
      "acquisition: {daily_ads_reach: 200, join_probability: 0.05, traffic_pool: 1000000}\n"
      "invites: {invite_probability: 0.1, graph_mean_degree: 10}\n");
  const MemoryEstimate e = estimate_memory(standard(), {&s.params}, 4);
  EXPECT_EQ(e.in_flight, 4u);  // min(threads, replicates)
  // 1000 + 500 people, and 200 x 0.05 x 100 = 1000 joiners from the ads.
  EXPECT_DOUBLE_EQ(e.people_per_replicate, 2500);
  EXPECT_DOUBLE_EQ(e.people_bytes, 4 * e.bytes_per_person * 2500);
  // The graph over the 1500 people at day 0: 4 x (8 + 4 x 10) bytes each
  // while the parallel generator builds it (3.5 x with holme_kim's).
  EXPECT_DOUBLE_EQ(e.shared_bytes, 4.0 * 1500 * (8 + 4 * 10));
  const double metrics = double(standard().layout().metrics().size());
  EXPECT_DOUBLE_EQ(e.series_bytes, metrics * 6 * 100 * 8 + 4 * metrics * 100 * 8);
  EXPECT_DOUBLE_EQ(e.total(), e.people_bytes + e.shared_bytes + e.series_bytes + e.process_bytes);
  // One thread keeps one replicate in memory.
  EXPECT_EQ(estimate_memory(standard(), {&s.params}, 1).in_flight, 1u);
}

TEST(MemoryEstimate, CountsEveryReplicatesJoinersFriendships) {
  // The same run with 8 friends per ads joiner: each replicate adds, at
  // most, 3 x (8 bytes per person on the graph + 16 per friendship x 8
  // friends per joiner), counted for each of the 6 replicates.
  const std::string yaml =
      "run: {days: 100, replicates: 6}\n"
      "community: {initial_members: 1000, initial_groups: 2, prospects: 500}\n"
      "acquisition: {daily_ads_reach: 200, join_probability: 0.05, traffic_pool: 1000000}\n"
      "invites: {invite_probability: 0.1, graph_mean_degree: 10";
  const Scenario without = scenario_from(yaml + "}\n");
  const Scenario with = scenario_from(yaml + ", joiner_friends: 8}\n");
  const MemoryEstimate a = estimate_memory(standard(), {&without.params}, 4);
  const MemoryEstimate b = estimate_memory(standard(), {&with.params}, 4);
  EXPECT_DOUBLE_EQ(b.people_per_replicate, a.people_per_replicate);
  EXPECT_DOUBLE_EQ(b.shared_bytes - a.shared_bytes, 6 * 3.0 * (8.0 * 2500 + 16.0 * 8 * 1000));
}

TEST(MemoryEstimate, LimitIsCheckedOnBothSides) {
  const Scenario s = scenario_from("run: {days: 50, replicates: 2}\n");
  const MemoryEstimate e = estimate_memory(standard(), {&s.params}, 2);
  EXPECT_THROW(check_memory(e, std::uint64_t(e.total()) - 1, "test"), InputError);
  EXPECT_NO_THROW(check_memory(e, std::uint64_t(e.total()) + 1, "test"));
  EXPECT_GT(physical_memory_bytes(), std::uint64_t{1} << 30);
}

TEST(MemoryEstimate, SizesParse) {
  EXPECT_EQ(parse_memory_size("512M", "--max-memory"), 512ull << 20);
  EXPECT_EQ(parse_memory_size("8G", "--max-memory"), 8ull << 30);
  EXPECT_EQ(parse_memory_size("1.5k", "--max-memory"), 1536u);
  EXPECT_EQ(parse_memory_size("1000", "--max-memory"), 1000u);
  for (const char* bad : {"", "lots", "-1G", "0", "8X", "1e30T", "G"})
    EXPECT_THROW(parse_memory_size(bad, "--max-memory"), InputError) << bad;
}

}  // namespace
}  // namespace commsim
