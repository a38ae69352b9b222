#pragma once
// How a sweep maps onto results files: its shards, its identity attributes,
// resuming one, and scenarios read back from a file (merge, rerun).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "output/results_reader.hpp"
#include "output/results_writer.hpp"
#include "sim/cli/resume.hpp"
#include "sim/sweep.hpp"

namespace commsim::cli {

// Shard `index` of `count` holds the points p with p mod count == index,
// every replicate of each (a point's statistics need all its replicates).
struct Shard {
  std::uint64_t index = 0, count = 1;
};

// Per point and replicate, 1 where this shard is to run it.
ReplicateMask owned_runs(const Sweep& sweep, const Shard& shard);

// What an interrupted sweep's file already holds.
struct SweepResume {
  bool already_complete = false;  // the file is this sweep's (shard's), finished: nothing to do
  ReplicateMask done;  // [point][replicate]; empty when not resuming
  // Summaries-only files: the stored statistics of each complete point.
  std::vector<std::optional<output::ScenarioReduction>> reductions;
  const output::ScenarioReduction* reduction(std::size_t point) const {
    return point < reductions.size() && reductions[point] ? &*reductions[point] : nullptr;
  }
};

// Throws InputError unless `path` is a file of this sweep, shard and series
// mode (the message names the difference); a complete one is
// `already_complete`, so that re-running a whole Slurm array is harmless.
SweepResume resumable_sweep(const std::string& path, const Sweep& sweep, const Shard& shard, bool daily_series);

// Runs to leave out: other shards' and those already stored.
ReplicateMask runs_to_skip(const Sweep& sweep, const Shard& shard, const SweepResume& stored);

// Copies the stored runs into `results` (daily series bit for bit; for
// summaries only, marks the stored points complete).
void restore_stored(const std::string& path, const SweepResume& stored, std::vector<EnsembleResult>& results);

// The global attributes that identify a sweep (and a shard) in its files.
std::vector<output::FileAttribute> sweep_attributes(const Sweep& sweep, const Shard& shard);
// The same read back from a file, without the shard's.
std::vector<output::FileAttribute> stored_sweep_attributes(const output::ResultsReader& file);

// The file's scenarios as they were given (source, text, overrides), with
// their resolved parameters checked against this build's declarations.
std::vector<Scenario> stored_scenarios(const output::ResultsReader& file, const std::string& path,
                                       const ParamRegistry& registry);

}  // namespace commsim::cli
