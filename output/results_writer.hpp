#pragma once
// Writes an experiment (scenarios x replicates x days) to one HDF5 file that
// netCDF-4 tools read as is (layout in docs/output-format.md).
#include <string>
#include <vector>

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

// Throws InputError, before any work is done, when `path` may not be
// written: it exists and `replace` is false, it is a directory, or it is one
// of the command's `inputs`.
void check_output_path(const std::string& path, bool replace,
                       const std::vector<std::string>& inputs);

// Writes to a temporary name beside `path` and renames it into place when
// complete, so `path` never holds a half-written file; creates missing
// parent directories. Without `replace`, an existing `path` is never
// overwritten, even one created while the run was going.
void write_experiment(const std::string& path, const ExperimentRecord& experiment, bool replace);

}  // namespace commsim::output
