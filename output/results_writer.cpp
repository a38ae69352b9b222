#include "output/results_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "output/hdf5_handle.hpp"
#include "commsim/version_info.hpp"

namespace commsim::output {
namespace {

namespace fs = std::filesystem;

// No modification times in objects: identical runs give identical files.
h5::PropertyList untimed_create_list(hid_t cls) {
  h5::PropertyList list(h5::check(H5Pcreate(cls), "create property list"));
  h5::check(H5Pset_obj_track_times(list.get(), false), "disable time tracking");
  return list;
}

h5::Group make_group(hid_t parent, const std::string& name) {
  const h5::PropertyList gcpl = untimed_create_list(H5P_GROUP_CREATE);
  return h5::Group(h5::check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                             "create group " + name));
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  h5::Datatype type(h5::check(H5Tcopy(H5T_C_S1), "copy string type"));
  h5::check(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string charset");
  h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "create scalar space"));
  h5::Attribute attr(h5::check(
      H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name));
  const char* data = value.c_str();
  h5::check(H5Awrite(attr.get(), type.get(), &data), "write attribute");
}

template <typename T>
void write_attribute(hid_t object, const std::string& name, T value, hid_t type) {
  h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "create scalar space"));
  h5::Attribute attr(h5::check(
      H5Acreate2(object, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      "create attribute " + name));
  h5::check(H5Awrite(attr.get(), type, &value), "write attribute");
}

// A float64 dataset of the given shape, chunked and compressed when large
// enough for it to matter.
h5::Dataset write_doubles(hid_t parent, const std::string& name, std::vector<hsize_t> shape,
                          const double* data) {
  h5::Dataspace space(h5::check(H5Screate_simple(int(shape.size()), shape.data(), nullptr),
                                "create dataspace for " + name));
  h5::PropertyList dcpl = untimed_create_list(H5P_DATASET_CREATE);
  hsize_t elements = 1;
  for (hsize_t extent : shape) elements *= extent;
  if (elements >= 1024) {
    // Chunks of whole series (up to 64 replicates): a reader of one
    // replicate or one quantile touches few chunks.
    std::vector<hsize_t> chunk = shape;
    if (chunk.size() == 2) chunk[0] = std::min<hsize_t>(chunk[0], 64);
    h5::check(H5Pset_chunk(dcpl.get(), int(chunk.size()), chunk.data()), "set chunking");
    h5::check(H5Pset_shuffle(dcpl.get()), "set shuffle filter");
    h5::check(H5Pset_deflate(dcpl.get(), 4), "set deflate filter");
  }
  h5::Dataset dataset(h5::check(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.get(),
                                           H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                                "create dataset " + name));
  h5::check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
            "write dataset");
  return dataset;
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

void write_file(const std::string& path, const RunRecord& run) {
  h5::silence_library_errors();
  h5::PropertyList fcpl = untimed_create_list(H5P_FILE_CREATE);
  h5::File file(h5::check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT),
                          "create file " + path));
  const hid_t root = file.get();
  write_attribute(root, "schema_version", std::int32_t{kSchemaVersion}, H5T_STD_I32LE);
  write_attribute(root, "commsim_version", std::string(version_info::kVersion));
  write_attribute(root, "git_commit", std::string(version_info::kGitCommit));
  write_attribute(root, "seed", run.settings.seed, H5T_STD_U64LE);
  write_attribute(root, "replicates", run.settings.replicates, H5T_STD_U32LE);
  write_attribute(root, "days", run.settings.days, H5T_STD_U32LE);

  const EnsembleResult& result = run.result;
  h5::Group scenarios = make_group(root, "scenarios");
  h5::Group scenario = make_group(scenarios.get(), run.scenario.name());
  write_attribute(scenario.get(), "scenario_source", run.scenario.source);
  write_attribute(scenario.get(), "scenario_text", run.scenario.text);
  write_attribute(scenario.get(), "overrides", joined_lines(run.scenario.overrides));
  write_attribute(scenario.get(), "resolved_parameters", run.scenario.params.to_yaml());

  {
    std::vector<double> day(result.days);
    for (std::uint32_t d = 0; d < result.days; ++d) day[d] = d;
    h5::Dataset days = write_doubles(scenario.get(), "day", {result.days}, day.data());
    write_attribute(days.get(), "units", std::string("day"));
    write_attribute(days.get(), "description", std::string("Day index, 0 = the first simulated day."));
  }

  h5::Group series = make_group(scenario.get(), "series");
  h5::Group summary = make_group(scenario.get(), "summary");
  for (MetricId m = 0; m < result.metrics.size(); ++m) {
    const MetricSpec& spec = result.metrics[m];
    h5::Dataset data = write_doubles(series.get(), spec.name, {result.replicates, result.days},
                                     result.metric_block(m).data());
    write_attribute(data.get(), "units", spec.units);
    write_attribute(data.get(), "description", spec.description);
    write_attribute(data.get(), "kind", std::string(kind_name(spec.kind)));

    const MetricSummary stats = summarize(result, m);
    h5::Group metric = make_group(summary.get(), spec.name);
    write_attribute(metric.get(), "units", spec.units);
    write_attribute(metric.get(), "description", spec.description);
    write_attribute(metric.get(), "kind", std::string(kind_name(spec.kind)));
    for (std::size_t q = 0; q < kSummaryQuantiles.size(); ++q)
      write_doubles(metric.get(), kSummaryQuantileNames[q], {result.days}, stats.quantiles[q].data());
    write_doubles(metric.get(), "mean", {result.days}, stats.mean.data());
  }
  h5::check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flush file");
}

}  // namespace

void write_results(const std::string& path, const RunRecord& run) {
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  try {
    write_file(temporary, run);
    fs::rename(temporary, target);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

}  // namespace commsim::output
