#pragma once
// Writes an experiment (scenarios x replicates x days) to one HDF5 file that
// netCDF-4 tools read as is (layout in docs/output-format.md).
#include <functional>
#include <stdexcept>
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
  // Asked between datasets; true abandons the write (WriteAbandoned). Empty:
  // never. The writer knows nothing of why (a signal, in the CLI).
  std::function<bool()> should_stop;
};

// Thrown when should_stop said so; the temporary file is gone by then.
class WriteAbandoned : public std::runtime_error {
 public:
  WriteAbandoned() : std::runtime_error("write abandoned") {}
};

// Throws InputError when the scenarios cannot share one file: duplicate
// names, or different run.days or run.replicates.
void check_experiment(const std::vector<const Scenario*>& scenarios);

// Writes to a temporary name beside `path` and renames it into place when
// complete, so `path` never holds a half-written file; creates missing
// parent directories. Without `replace`, an existing `path` is never
// overwritten, even one created while the run was going. A replicate not
// complete in its result is written as NaN and marked so in
// /replicate_complete; the global attribute `complete` says whether all are.
// Failures throw std::runtime_error naming `path` and the cause.
void write_experiment(const std::string& path, const ExperimentRecord& experiment, bool replace);

}  // namespace commsim::output
