#include "output/results_reader.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "output/hdf5_write.hpp"
#include "output/results_writer.hpp"
#include "sim/input_error.hpp"

namespace commsim::output {
namespace {

std::vector<hsize_t> extent(hid_t dataset) {
  h5::Dataspace space(h5::check(H5Dget_space(dataset), "get dataspace"));
  const int rank = h5::check(H5Sget_simple_extent_ndims(space.get()), "get rank");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

std::string shortest(double x) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return error == std::errc() ? std::string(buffer, end) : "nan";
}

}  // namespace

ResultsReader::ResultsReader(const std::string& path) : path_(path) {
  h5::silence_library_errors();
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) throw InputError(path + ": no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": not an HDF5 file");
  file_ = h5::File(h5::check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + path));
  if (!has_attribute("/", "schema_version"))
    throw InputError(path + ": not a commsim results file (no schema_version attribute)");
  const std::int64_t version = integer_attribute("/", "schema_version");
  if (version != kSchemaVersion)
    throw InputError(path + ": results file of schema version " + std::to_string(version) +
                     "; this commsim reads schema version " + std::to_string(kSchemaVersion) +
                     (version < kSchemaVersion ? " (re-run the scenario with this commsim)" : " (a newer commsim wrote it)"));
  scenarios_ = read_strings("/scenario");
  replicates_ = extent(h5::Dataset(h5::check(H5Dopen2(file_.get(), "/replicate", H5P_DEFAULT), "open /replicate")).get())[0];
  days_ = extent(h5::Dataset(h5::check(H5Dopen2(file_.get(), "/day", H5P_DEFAULT), "open /day")).get())[0];

  // Metrics: the variables of /summary (every file has them, daily series
  // or not), in creation order (name order for a file rewritten by a tool
  // that does not track it).
  if (H5Lexists(file_.get(), "summary", H5P_DEFAULT) <= 0)
    throw InputError(path + ": not a commsim results file (no /summary group)");
  h5::Group summary(h5::check(H5Gopen2(file_.get(), "/summary", H5P_DEFAULT), "open /summary in " + path));
  H5G_info_t info;
  h5::check(H5Gget_info(summary.get(), &info), "get /summary group info");
  const H5_index_t order =
      info.nlinks == 0 || H5Lget_name_by_idx(summary.get(), ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, 0, nullptr, 0,
                                             H5P_DEFAULT) >= 0
          ? H5_INDEX_CRT_ORDER
          : H5_INDEX_NAME;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length = H5Lget_name_by_idx(summary.get(), ".", order, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) throw h5::Error("HDF5: cannot list /summary of " + path);
    std::string name(static_cast<std::size_t>(length), '\0');
    H5Lget_name_by_idx(summary.get(), ".", order, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
    const std::string object = "/summary/" + name;
    if (!has_attribute(object, "kind")) continue;
    metrics_.push_back({name, text_attribute(object, "long_name"), text_attribute(object, "units"),
                        text_attribute(object, "kind"),
                        has_attribute(object, "better") ? text_attribute(object, "better") : ""});
  }
}

bool ResultsReader::daily_series() const {
  return !has_attribute("/", "series") || text_attribute("/", "series") == "daily";
}

bool ResultsReader::has_attribute(const std::string& object_path, const std::string& name) const {
  return H5Aexists_by_name(file_.get(), object_path.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::string ResultsReader::text_attribute(const std::string& object_path,
                                          const std::string& name) const {
  h5::Attribute attr(h5::check(
      H5Aopen_by_name(file_.get(), object_path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
      "open attribute " + object_path + "@" + name + " in " + path_));
  h5::Datatype stored(h5::check(H5Aget_type(attr.get()), "get attribute type"));
  if (H5Tis_variable_str(stored.get()) <= 0) throw h5::Error("attribute " + name + " is not a string");
  const h5::Datatype type = h5::utf8_string_type();
  char* data = nullptr;
  h5::check(H5Aread(attr.get(), type.get(), &data), "read attribute");
  std::string value = data ? data : "";
  H5free_memory(data);
  return value;
}

std::int64_t ResultsReader::integer_attribute(const std::string& object_path,
                                              const std::string& name) const {
  h5::Attribute attr(h5::check(
      H5Aopen_by_name(file_.get(), object_path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
      "open attribute " + object_path + "@" + name + " in " + path_));
  std::int64_t value = 0;
  h5::check(H5Aread(attr.get(), H5T_NATIVE_INT64, &value), "read attribute " + name);
  return value;
}

bool ResultsReader::complete() const {
  return !has_attribute("/", "complete") || integer_attribute("/", "complete") != 0;
}

std::vector<std::uint8_t> ResultsReader::replicate_complete(std::size_t scenario) const {
  std::vector<std::uint8_t> flags(replicates_, 1);
  if (H5Lexists(file_.get(), "replicate_complete", H5P_DEFAULT) <= 0) return flags;
  h5::Dataset dataset(h5::check(H5Dopen2(file_.get(), "/replicate_complete", H5P_DEFAULT),
                                "open /replicate_complete in " + path_));
  const std::vector<hsize_t> dims = extent(dataset.get());
  if (dims.size() != 2 || dims[0] != scenarios_.size() || dims[1] != replicates_)
    throw h5::Error(path_ + ": /replicate_complete is not (scenario, replicate)");
  std::vector<std::int8_t> all(dims[0] * dims[1]);
  if (!all.empty())
    h5::check(H5Dread(dataset.get(), H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, all.data()),
              "read /replicate_complete in " + path_);
  for (std::uint64_t r = 0; r < replicates_; ++r) flags[r] = all[scenario * replicates_ + r] != 0;
  return flags;
}

std::uint64_t ResultsReader::completed_replicates() const {
  std::uint64_t n = 0;
  for (std::size_t s = 0; s < scenarios_.size(); ++s)
    for (std::uint8_t c : replicate_complete(s)) n += c;
  return n;
}

std::size_t ResultsReader::scenario_index(const std::string& name) const {
  for (std::size_t s = 0; s < scenarios_.size(); ++s)
    if (scenarios_[s] == name) return s;
  std::string names;
  for (const std::string& s : scenarios_) names += (names.empty() ? "" : ", ") + s;
  throw InputError(path_ + ": no scenario '" + name + "' (the file has: " + names + ")");
}

const MetricInfo& ResultsReader::metric(const std::string& name) const {
  for (const MetricInfo& m : metrics_)
    if (m.name == name) return m;
  throw InputError(path_ + ": no metric '" + name + "' (commsim info --all lists them)");
}

std::vector<double> ResultsReader::read_block(const std::string& dataset_path,
                                              std::uint64_t scenario) const {
  h5::Dataset dataset(h5::check(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT),
                                "open dataset " + dataset_path + " in " + path_));
  const std::vector<hsize_t> dims = extent(dataset.get());
  if (dims.size() != 3 || scenario >= dims[0]) throw h5::Error(dataset_path + " is not (scenario, *, day)");
  const std::vector<hsize_t> offset = {scenario, 0, 0}, count = {1, dims[1], dims[2]};
  h5::Dataspace file_space(h5::check(H5Dget_space(dataset.get()), "get dataspace"));
  h5::check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr),
            "select scenario");
  h5::Dataspace memory(h5::check(H5Screate_simple(3, count.data(), nullptr), "create memory space"));
  std::vector<double> values(dims[1] * dims[2]);
  h5::check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT, values.data()),
            "read " + dataset_path + " in " + path_);
  return values;
}

SeriesData ResultsReader::series(std::size_t scenario, const std::string& metric_name) const {
  metric(metric_name);
  if (!daily_series())
    throw InputError(path_ + ": holds summaries only (a sweep run with --summaries-only): no daily series of '" +
                     metric_name + "'; /summary, /final and /total have the statistics");
  return {replicates_, days_, read_block("/" + metric_name, scenario)};
}

std::vector<double> ResultsReader::summary(std::size_t scenario, const std::string& metric_name,
                                           const std::string& statistic) const {
  metric(metric_name);
  const std::vector<std::string> statistics = read_strings("/summary/statistic");
  std::size_t q = 0;
  while (q < statistics.size() && statistics[q] != statistic) ++q;
  if (q == statistics.size()) throw InputError(path_ + ": no summary statistic '" + statistic + "'");
  const std::vector<double> block = read_block("/summary/" + metric_name, scenario);
  return {block.begin() + std::ptrdiff_t(q * days_), block.begin() + std::ptrdiff_t((q + 1) * days_)};
}

std::vector<double> ResultsReader::read_row(const std::string& dataset_path, std::uint64_t scenario) const {
  h5::Dataset dataset(h5::check(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT),
                                "open dataset " + dataset_path + " in " + path_));
  const std::vector<hsize_t> dims = extent(dataset.get());
  if (dims.size() != 2 || scenario >= dims[0]) throw h5::Error(dataset_path + " is not (scenario, replicate)");
  const std::vector<hsize_t> offset = {scenario, 0}, count = {1, dims[1]};
  h5::Dataspace file_space(h5::check(H5Dget_space(dataset.get()), "get dataspace"));
  h5::check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr),
            "select scenario");
  h5::Dataspace memory(h5::check(H5Screate_simple(2, count.data(), nullptr), "create memory space"));
  std::vector<double> values(dims[1]);
  h5::check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT, values.data()),
            "read " + dataset_path + " in " + path_);
  return values;
}

std::vector<double> ResultsReader::per_replicate(const std::string& group, std::size_t scenario,
                                                 const std::string& metric_name) const {
  if (group == "total" && metric(metric_name).kind != "flow")
    throw InputError(path_ + ": '" + metric_name + "' is not a flow: it has no /total");
  return read_row("/" + group + "/" + metric_name, scenario);
}

ScenarioReduction ResultsReader::reduction(std::size_t scenario) const {
  ScenarioReduction out;
  for (const MetricInfo& m : metrics_) {
    const std::vector<double> final = per_replicate("final", scenario, m.name);
    out.final.insert(out.final.end(), final.begin(), final.end());
    if (m.kind == "flow") {
      const std::vector<double> total = per_replicate("total", scenario, m.name);
      out.total.insert(out.total.end(), total.begin(), total.end());
    } else {
      out.total.insert(out.total.end(), replicates_, std::nan(""));
    }
    const std::vector<double> summary = read_block("/summary/" + m.name, scenario);
    out.summary.insert(out.summary.end(), summary.begin(), summary.end());
  }
  return out;
}

std::vector<std::string> ResultsReader::read_strings(const std::string& dataset_path) const {
  h5::Dataset dataset(h5::check(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT),
                                "open dataset " + dataset_path + " in " + path_));
  const std::vector<hsize_t> dims = extent(dataset.get());
  if (dims.size() != 1) throw h5::Error(dataset_path + " is not 1-D");
  const h5::Datatype type = h5::utf8_string_type();
  std::vector<char*> data(dims[0], nullptr);
  std::vector<std::string> values;
  if (data.empty()) return values;
  h5::check(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
            "read " + dataset_path + " in " + path_);
  for (char* s : data) {
    values.emplace_back(s ? s : "");
    H5free_memory(s);
  }
  return values;
}

std::vector<std::string> ResultsReader::read_as_text(const std::string& dataset_path) const {
  h5::Dataset dataset(h5::check(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT),
                                "open dataset " + dataset_path + " in " + path_));
  h5::Datatype type(h5::check(H5Dget_type(dataset.get()), "get type"));
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class == H5T_STRING) return read_strings(dataset_path);
  const std::vector<hsize_t> dims = extent(dataset.get());
  if (dims.size() != 1) throw h5::Error(dataset_path + " is not 1-D");
  std::vector<std::string> values;
  if (type_class == H5T_FLOAT) {
    std::vector<double> numbers(dims[0]);
    h5::check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()), "read " + dataset_path);
    for (double x : numbers) values.push_back(shortest(x));
    return values;
  }
  if (type_class != H5T_INTEGER) throw h5::Error(dataset_path + " is neither text nor a number");
  std::vector<std::int64_t> numbers(dims[0]);
  h5::check(H5Dread(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()), "read " + dataset_path);
  const bool flag = has_attribute(dataset_path, "flag_meanings");
  for (std::int64_t x : numbers) values.push_back(flag ? (x ? "true" : "false") : std::to_string(x));
  return values;
}

std::vector<ParameterColumn> ResultsReader::varying_parameters() const {
  std::vector<ParameterColumn> columns;
  const std::string first = metrics_.empty() ? "" : "/summary/" + metrics_.front().name;
  if (metrics_.empty() || !has_attribute(first, "coordinates")) return columns;
  std::istringstream keys(text_attribute(first, "coordinates"));
  for (std::string key; keys >> key;) columns.push_back({key, read_as_text("/" + key)});
  return columns;
}

std::string ResultsReader::scenario_field(std::size_t scenario, const std::string& field) const {
  return read_strings("/scenarios/" + field).at(scenario);
}

}  // namespace commsim::output
