#pragma once
// Reads commsim results files (schema 2, docs/output-format.md) back, for
// `commsim info`, `commsim export`, tests and tools.
#include <cstdint>
#include <string>
#include <vector>

#include "output/hdf5_handle.hpp"
#include "output/results_writer.hpp"

namespace commsim::output {

struct MetricInfo {
  std::string name;
  std::string long_name;
  std::string units;
  std::string kind;  // level, flow or ratio
  std::string better;  // higher, lower or neither; empty in files written before it existed
};

// One scenario's series of one metric.
struct SeriesData {
  std::uint64_t replicates = 0;
  std::uint64_t days = 0;
  std::vector<double> values;  // [replicate][day]

  double at(std::uint64_t replicate, std::uint64_t day) const { return values[replicate * days + day]; }
};

// A parameter that differs between the file's scenarios, as text.
struct ParameterColumn {
  std::string key;
  std::vector<std::string> values;  // one per scenario
};

class ResultsReader {
 public:
  // Throws InputError when `path` is missing, not HDF5, not a commsim file
  // or of another schema version; h5::Error when reading fails.
  explicit ResultsReader(const std::string& path);

  // Attributes of the object at `object_path` ("/" for the root).
  std::string text_attribute(const std::string& object_path, const std::string& name) const;
  std::int64_t integer_attribute(const std::string& object_path, const std::string& name) const;
  bool has_attribute(const std::string& object_path, const std::string& name) const;

  const std::vector<std::string>& scenarios() const { return scenarios_; }
  std::size_t scenario_index(const std::string& name) const;  // throws InputError if absent
  std::uint64_t replicates() const { return replicates_; }
  std::uint64_t days() const { return days_; }

  // False for a run stopped early (global attribute complete = 0); files
  // written before the attribute existed are complete.
  bool complete() const;
  // /replicate_complete of one scenario: 1 per replicate simulated to the
  // end (all 1 when the variable is absent).
  std::vector<std::uint8_t> replicate_complete(std::size_t scenario) const;
  // Complete (scenario, replicate) pairs, over every scenario.
  std::uint64_t completed_replicates() const;

  // The metrics in the order written.
  const std::vector<MetricInfo>& metrics() const { return metrics_; }
  const MetricInfo& metric(const std::string& name) const;  // throws InputError if absent

  // False for a summaries-only file (global attribute series = summaries).
  bool daily_series() const;
  // Throws InputError for a summaries-only file.
  SeriesData series(std::size_t scenario, const std::string& metric) const;
  // /final/<metric> (group "final") or /total/<metric> ("total", flows
  // only) of one scenario: one value per replicate.
  std::vector<double> per_replicate(const std::string& group, std::size_t scenario, const std::string& metric) const;
  // /final, /total and /summary of one scenario, as the writer takes them.
  ScenarioReduction reduction(std::size_t scenario) const;
  // statistic: p05, p25, p50, p75, p95 or mean; one value per day.
  std::vector<double> summary(std::size_t scenario, const std::string& metric,
                              const std::string& statistic) const;

  std::vector<ParameterColumn> varying_parameters() const;
  // A field of /scenarios (description, source, text, overrides, resolved_parameters).
  std::string scenario_field(std::size_t scenario, const std::string& field) const;
  // Any 1-D variable as text, one entry per element (numbers in shortest
  // round-trip form, booleans as true/false).
  std::vector<std::string> read_as_text(const std::string& dataset_path) const;
  std::vector<std::string> read_strings(const std::string& dataset_path) const;

 private:
  std::vector<double> read_row(const std::string& dataset_path, std::uint64_t scenario) const;
  std::vector<double> read_block(const std::string& dataset_path, std::uint64_t scenario) const;

  std::string path_;
  h5::File file_;
  std::vector<std::string> scenarios_;
  std::uint64_t replicates_ = 0, days_ = 0;
  std::vector<MetricInfo> metrics_;
};

}  // namespace commsim::output
