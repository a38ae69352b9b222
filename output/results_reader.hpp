#pragma once
// Reads commsim HDF5 files back (for `commsim info`, tests and tools).
#include <cstdint>
#include <string>
#include <vector>

#include "output/hdf5_handle.hpp"

namespace commsim::output {

struct SeriesData {
  std::uint64_t replicates = 0;
  std::uint64_t days = 0;
  std::vector<double> values;  // [replicate][day]
  std::string units;
  std::string description;
  std::string kind;  // level, flow or ratio

  double at(std::uint64_t replicate, std::uint64_t day) const { return values[replicate * days + day]; }
};

class ResultsReader {
 public:
  explicit ResultsReader(const std::string& path);  // throws h5::Error if unreadable

  // Attributes of the object at `object_path` ("/" for the root).
  std::string text_attribute(const std::string& object_path, const std::string& name) const;
  std::int64_t integer_attribute(const std::string& object_path, const std::string& name) const;
  bool has_attribute(const std::string& object_path, const std::string& name) const;

  std::vector<std::string> children(const std::string& group_path) const;
  std::vector<std::string> scenarios() const { return children("/scenarios"); }
  std::vector<std::string> metrics(const std::string& scenario) const {
    return children("/scenarios/" + scenario + "/series");
  }

  SeriesData series(const std::string& scenario, const std::string& metric) const;
  // statistic: p05, p25, p50, p75, p95 or mean; one value per day.
  std::vector<double> summary(const std::string& scenario, const std::string& metric,
                              const std::string& statistic) const;
  std::vector<double> read_vector(const std::string& dataset_path) const;

 private:
  std::string path_;
  h5::File file_;
};

}  // namespace commsim::output
