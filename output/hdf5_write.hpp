#pragma once
// Writing primitives over the HDF5 C API: groups, attributes, datasets and
// the dimension scales (H5DS) that make a file readable as netCDF-4. Every
// call's failure becomes an h5::Error naming what was being done.
#include <cstdint>
#include <string>
#include <vector>

#include "output/hdf5_handle.hpp"

namespace commsim::h5 {

// No modification times in objects (identical runs give identical files);
// creation order tracked. `cls`: H5P_FILE_CREATE, _GROUP_CREATE or _DATASET_CREATE.
PropertyList untimed_create_list(hid_t cls);
Group make_group(hid_t parent, const std::string& name);

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::int32_t value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::int8_t>& values);

// A variable-length UTF-8 string type (netCDF-4's NC_STRING).
Datatype utf8_string_type();

// Creates a dataset of `file_type` and `shape`. Datasets of at least 1024
// elements are chunked by `chunk` (default: the whole shape) and compressed
// with shuffle + deflate. `fill` sets the HDF5 fill value (netCDF's
// _FillValue) for float64 datasets.
Dataset create_dataset(hid_t parent, const std::string& name, hid_t file_type,
                       const std::vector<hsize_t>& shape, std::vector<hsize_t> chunk = {},
                       const double* fill = nullptr);

// One-shot writes of a whole 1-D dataset.
Dataset write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values);
Dataset write_int32s(hid_t parent, const std::string& name, const std::vector<std::int32_t>& values);
Dataset write_int64s(hid_t parent, const std::string& name, const std::vector<std::int64_t>& values);
Dataset write_int8s(hid_t parent, const std::string& name, const std::vector<std::int8_t>& values);
Dataset write_doubles(hid_t parent, const std::string& name, const std::vector<double>& values);

// A whole 2-D int8 dataset, row-major.
Dataset write_int8_matrix(hid_t parent, const std::string& name, hsize_t rows, hsize_t columns,
                          const std::vector<std::int8_t>& values);

// Writes `values` (row-major, `count` long in each dimension) at `offset`.
void write_block(hid_t dataset, const std::vector<hsize_t>& offset,
                 const std::vector<hsize_t>& count, const double* values);

// Makes `dataset` the dimension scale (netCDF: coordinate variable) `name`,
// and attaches a scale to dimension `axis` of a variable.
void make_dimension_scale(hid_t dataset, const std::string& name);
void attach_dimension_scale(hid_t variable, hid_t scale, unsigned axis);

}  // namespace commsim::h5
