#pragma once
// Writes an experiment (scenarios x replicates x days) to one HDF5 file that
// netCDF-4 tools read as is (layout in docs/output-format.md).
#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "output/atomic_file.hpp"
#include "sim/ensemble.hpp"
#include "sim/scenario.hpp"

namespace commsim::output {

inline constexpr int kSchemaVersion = 2;

// What a file keeps of a scenario besides its daily series; all a
// summaries-only file keeps.
struct ScenarioReduction {
  std::vector<double> final;    // [metric][replicate]: the value on the last day
  std::vector<double> total;    // [metric][replicate]: the sum over days (flows; NaN for others)
  std::vector<double> summary;  // [metric][statistic][day]: kSummaryStatistics across replicates
};
// The statistics of /summary: kSummaryQuantileNames, then the mean.
inline constexpr std::array<const char*, 6> kSummaryStatistics = {"p05", "p25", "p50", "p75", "p95", "mean"};

ScenarioReduction reduce(const EnsembleResult& result);

struct ScenarioRun {
  const Scenario& scenario;
  const EnsembleResult& result;
  // When set, written instead of reducing `result` (a merge or resume copies
  // what a file holds); `result` then needs its metrics, shape and flags.
  const ScenarioReduction* reduction = nullptr;
};

// A global attribute beyond the standard ones (a sweep's identity).
struct FileAttribute {
  std::string name;
  std::variant<std::string, std::int64_t> value;
};

struct ExperimentRecord {
  // All from one model, with the same replicates and days (check_experiment).
  std::vector<ScenarioRun> runs;
  std::string command_line;  // the global attribute `history`
  // Asked between datasets; true abandons the write (WriteAbandoned). Empty:
  // never. The writer knows nothing of why (a signal, in the CLI).
  std::function<bool()> should_stop;
  // False: no daily series (root metric variables), only /final, /total
  // and /summary; a scenario is then kept only when all its replicates are
  // complete (its statistics need them all). Global attribute `series`.
  bool daily_series = true;
  // [scenario][replicate]: 1 for a run this file is meant to hold (a shard
  // of a sweep holds some points; a rerun one replicate); the attribute
  // `complete` says whether all of those are. Empty: every run.
  std::vector<std::vector<std::uint8_t>> owned;
  std::vector<FileAttribute> attributes;
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
