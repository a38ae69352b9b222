#pragma once
// Writes an experiment (scenarios x replicates x days) to one HDF5 file that
// netCDF-4 tools read as is (layout in docs/output-format.md).
#include <string>
#include <vector>

#include "output/atomic_file.hpp"
#include "sim/ensemble.hpp"
#include "sim/scenario.hpp"

namespace commsim::output {

inline constexpr int kSchemaVersion = 2;

struct ScenarioRun {
  const Scenario& scenario;
  const EnsembleResult& result;
};

struct ExperimentRecord {
  // All from one model, with the same replicates and days (check_experiment).
  std::vector<ScenarioRun> runs;
  std::string command_line;  // the global attribute `history`
};

// Throws InputError when the scenarios cannot share one file: duplicate
// names, or different run.days or run.replicates.
void check_experiment(const std::vector<const Scenario*>& scenarios);

// Writes to a temporary name beside `path` and renames it into place when
// complete, so `path` never holds a half-written file; creates missing
// parent directories. Without `replace`, an existing `path` is never
// overwritten, even one created while the run was going.
void write_experiment(const std::string& path, const ExperimentRecord& experiment, bool replace);

}  // namespace commsim::output
