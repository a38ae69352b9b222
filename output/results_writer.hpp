#pragma once
// Writes a run's results to HDF5 (layout in docs/output-format.md).
#include <string>

#include "sim/ensemble.hpp"
#include "sim/scenario.hpp"

namespace commsim::output {

inline constexpr int kSchemaVersion = 1;

struct RunRecord {
  const Scenario& scenario;
  const RunSettings& settings;
  const EnsembleResult& result;
};

// Writes to a temporary name beside `path` and renames it into place when
// complete, so `path` never holds a half-written file; creates missing
// parent directories.
void write_results(const std::string& path, const RunRecord& run);

}  // namespace commsim::output
