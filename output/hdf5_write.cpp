#include "output/hdf5_write.hpp"

#include <hdf5_hl.h>

#include <algorithm>

namespace commsim::h5 {
namespace {

template <typename T>
void write_scalar_attribute(hid_t object, const std::string& name, hid_t file_type,
                            hid_t memory_type, const T& value) {
  Dataspace space(check(H5Screate(H5S_SCALAR), "create scalar space"));
  Attribute attr(check(H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                  H5P_DEFAULT),
                       "create attribute " + name));
  check(H5Awrite(attr.get(), memory_type, &value), "write attribute " + name);
}

template <typename T>
Dataset write_vector(hid_t parent, const std::string& name, hid_t file_type, hid_t memory_type,
                     const std::vector<T>& values) {
  Dataset dataset = create_dataset(parent, name, file_type, {hsize_t(values.size())});
  if (!values.empty())
    check(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write dataset " + name);
  return dataset;
}

// Keeps the innermost description, and the errno text a file driver puts in
// its ("..., errno = 28, error message = 'No space left on device', ...").
herr_t note_error(unsigned depth, const H5E_error2_t* error, void* data) {
  auto& found = *static_cast<std::pair<std::string, std::string>*>(data);
  const std::string text = error->desc ? error->desc : "";
  if (depth == 0) found.first = text;
  const std::string marker = "error message = '";
  const std::size_t at = text.find(marker);
  if (found.second.empty() && at != std::string::npos) {
    const std::size_t begin = at + marker.size(), end = text.find('\'', begin);
    found.second = text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  }
  return 0;
}

}  // namespace

std::string failure_cause() {
  std::pair<std::string, std::string> found;  // innermost description, errno text
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, note_error, &found);
  return found.second.empty() ? found.first : found.second;
}

PropertyList untimed_create_list(hid_t cls) {
  PropertyList list(check(H5Pcreate(cls), "create property list"));
  check(H5Pset_obj_track_times(list.get(), false), "disable time tracking");
  // Creation order, as netCDF-4 keeps it: tools list variables and
  // attributes in the order written (coordinates first, long_name first).
  const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  check(H5Pset_attr_creation_order(list.get(), order), "track attribute order");
  if (cls == H5P_GROUP_CREATE || cls == H5P_FILE_CREATE)
    check(H5Pset_link_creation_order(list.get(), order), "track link order");
  return list;
}

Group make_group(hid_t parent, const std::string& name) {
  const PropertyList gcpl = untimed_create_list(H5P_GROUP_CREATE);
  return Group(check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                     "create group " + name));
}

Datatype utf8_string_type() {
  Datatype type(check(H5Tcopy(H5T_C_S1), "copy string type"));
  check(H5Tset_size(type.get(), H5T_VARIABLE), "set string size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string charset");
  return type;
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  const Datatype type = utf8_string_type();
  const char* data = value.c_str();
  write_scalar_attribute(object, name, type.get(), type.get(), data);
}

void write_attribute(hid_t object, const std::string& name, std::int32_t value) {
  write_scalar_attribute(object, name, H5T_STD_I32LE, H5T_NATIVE_INT32, value);
}
void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  write_scalar_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, value);
}
void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  write_scalar_attribute(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, value);
}
void write_attribute(hid_t object, const std::string& name, double value) {
  write_scalar_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, value);
}

void write_attribute(hid_t object, const std::string& name, const std::vector<std::int8_t>& values) {
  const hsize_t size = values.size();
  Dataspace space(check(H5Screate_simple(1, &size, nullptr), "create attribute space"));
  Attribute attr(check(H5Acreate2(object, name.c_str(), H5T_STD_I8LE, space.get(), H5P_DEFAULT,
                                  H5P_DEFAULT),
                       "create attribute " + name));
  check(H5Awrite(attr.get(), H5T_NATIVE_INT8, values.data()), "write attribute " + name);
}

Dataset create_dataset(hid_t parent, const std::string& name, hid_t file_type,
                       const std::vector<hsize_t>& shape, std::vector<hsize_t> chunk,
                       const double* fill) {
  Dataspace space(check(H5Screate_simple(int(shape.size()), shape.data(), nullptr),
                        "create dataspace for " + name));
  PropertyList dcpl = untimed_create_list(H5P_DATASET_CREATE);
  hsize_t elements = 1;
  for (hsize_t extent : shape) elements *= extent;
  if (elements >= 1024) {
    if (chunk.empty()) chunk = shape;
    check(H5Pset_chunk(dcpl.get(), int(chunk.size()), chunk.data()), "set chunking of " + name);
    check(H5Pset_shuffle(dcpl.get()), "set shuffle filter");
    check(H5Pset_deflate(dcpl.get(), 4), "set deflate filter");
  }
  if (fill) check(H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, fill), "set fill value");
  return Dataset(check(H5Dcreate2(parent, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                  dcpl.get(), H5P_DEFAULT),
                       "create dataset " + name));
}

Dataset write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values) {
  const Datatype type = utf8_string_type();
  std::vector<const char*> pointers;
  for (const std::string& value : values) pointers.push_back(value.c_str());
  return write_vector(parent, name, type.get(), type.get(), pointers);
}

Dataset write_int32s(hid_t parent, const std::string& name, const std::vector<std::int32_t>& values) {
  return write_vector(parent, name, H5T_STD_I32LE, H5T_NATIVE_INT32, values);
}
Dataset write_int64s(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values) {
  return write_vector(parent, name, H5T_STD_I64LE, H5T_NATIVE_INT64, values);
}
Dataset write_int8s(hid_t parent, const std::string& name, const std::vector<std::int8_t>& values) {
  return write_vector(parent, name, H5T_STD_I8LE, H5T_NATIVE_INT8, values);
}
Dataset write_doubles(hid_t parent, const std::string& name, const std::vector<double>& values) {
  return write_vector(parent, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values);
}

void write_block(hid_t dataset, const std::vector<hsize_t>& offset,
                 const std::vector<hsize_t>& count, const double* values) {
  Dataspace file_space(check(H5Dget_space(dataset), "get dataspace"));
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset.data(), nullptr, count.data(),
                            nullptr),
        "select block");
  Dataspace memory_space(check(H5Screate_simple(int(count.size()), count.data(), nullptr),
                               "create memory space"));
  check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(), H5P_DEFAULT,
                 values),
        "write block");
}

Dataset write_int8_matrix(hid_t parent, const std::string& name, hsize_t rows, hsize_t columns,
                       const std::vector<std::int8_t>& values) {
  Dataset dataset = create_dataset(parent, name, H5T_STD_I8LE, {rows, columns});
  if (!values.empty())
    check(H5Dwrite(dataset.get(), H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write dataset " + name);
  return dataset;
}

void make_dimension_scale(hid_t dataset, const std::string& name) {
  check(H5DSset_scale(dataset, name.c_str()), "make dimension scale " + name);
}

void attach_dimension_scale(hid_t variable, hid_t scale, unsigned axis) {
  check(H5DSattach_scale(variable, scale, axis), "attach dimension scale");
}

}  // namespace commsim::h5
