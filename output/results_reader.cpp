#include "output/results_reader.hpp"

namespace commsim::output {

ResultsReader::ResultsReader(const std::string& path) : path_(path) {
  h5::silence_library_errors();
  file_ = h5::File(h5::check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                             "open " + path + " (not an HDF5 file?)"));
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
  h5::Datatype type(h5::check(H5Tcopy(H5T_C_S1), "copy string type"));
  h5::check(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
  h5::check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string charset");
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
  h5::check(H5Aread(attr.get(), H5T_NATIVE_INT64, &value), "read attribute");
  return value;
}

std::vector<std::string> ResultsReader::children(const std::string& group_path) const {
  h5::Group group(h5::check(H5Gopen2(file_.get(), group_path.c_str(), H5P_DEFAULT),
                            "open group " + group_path + " in " + path_));
  H5G_info_t info;
  h5::check(H5Gget_info(group.get(), &info), "get group info");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length = H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i,
                                              nullptr, 0, H5P_DEFAULT);
    if (length < 0) throw h5::Error("HDF5: cannot list " + group_path);
    std::string name(static_cast<std::size_t>(length), '\0');
    H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                       name.size() + 1, H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

std::vector<double> ResultsReader::read_vector(const std::string& dataset_path) const {
  h5::Dataset dataset(h5::check(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT),
                                "open dataset " + dataset_path + " in " + path_));
  h5::Dataspace space(h5::check(H5Dget_space(dataset.get()), "get dataspace"));
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  std::vector<double> values(static_cast<std::size_t>(count));
  h5::check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            "read dataset");
  return values;
}

SeriesData ResultsReader::series(const std::string& scenario, const std::string& metric) const {
  const std::string path = "/scenarios/" + scenario + "/series/" + metric;
  SeriesData data;
  {
    h5::Dataset dataset(h5::check(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT),
                                  "open dataset " + path + " in " + path_));
    h5::Dataspace space(h5::check(H5Dget_space(dataset.get()), "get dataspace"));
    hsize_t dims[2] = {0, 0};
    if (H5Sget_simple_extent_ndims(space.get()) != 2) throw h5::Error(path + " is not 2-D");
    H5Sget_simple_extent_dims(space.get(), dims, nullptr);
    data.replicates = dims[0];
    data.days = dims[1];
  }
  data.values = read_vector(path);
  data.units = text_attribute(path, "units");
  data.description = text_attribute(path, "description");
  data.kind = text_attribute(path, "kind");
  return data;
}

std::vector<double> ResultsReader::summary(const std::string& scenario, const std::string& metric,
                                           const std::string& statistic) const {
  return read_vector("/scenarios/" + scenario + "/summary/" + metric + "/" + statistic);
}

}  // namespace commsim::output
