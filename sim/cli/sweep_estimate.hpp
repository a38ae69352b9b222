#pragma once
// The plan a sweep prints before it runs: its file size and a time range.
#include <cstdint>
#include <vector>

#include "sim/model.hpp"
#include "sim/sweep.hpp"

namespace commsim::cli {

struct SweepEstimate {
  double file_bytes = 0;
  // The time of the runs to do, on `workers` threads in all: a set-up per
  // run plus a cost per member-day, both measured by two short pilots of the
  // largest point on one thread (1 and 14 days), times each run's
  // member-days, which lie
  // between its initial members for every day (nobody joins) and initial
  // members plus half of everyone it can take in (joins spread evenly, no
  // one leaves).
  double low_seconds = 0, high_seconds = 0;
  double pilot_seconds = 0;  // what the pilot cost
};

// `skip[p][r]`: runs not to do. The pilots simulate at most 15 days of one
// replicate, and are left out (the time then from a fixed cost per
// member-day) for a point of more than a million people, whose set-up alone
// takes seconds.
SweepEstimate estimate_sweep(const Model& model, const Sweep& sweep, const std::vector<std::vector<std::uint8_t>>& skip,
                             bool daily_series, std::uint64_t shards, unsigned workers);

}  // namespace commsim::cli
