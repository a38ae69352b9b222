#pragma once
// RAII ownership of HDF5 identifiers, and the error check every call goes
// through. HDF5's own error printing is silenced: failures become exceptions
// that name what was being done.
#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace commsim::h5 {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The system's reason for the failure on HDF5's error stack, when a file
// driver recorded one ("No space left on device"); otherwise the innermost
// description, or "" when the stack is empty.
std::string failure_cause();

// HDF5 calls return a negative identifier or status on failure.
template <typename Result>
Result check(Result result, const std::string& what) {
  if (result < 0) {
    const std::string cause = failure_cause();
    throw Error("HDF5: cannot " + what + (cause.empty() ? "" : ": " + cause));
  }
  return result;
}

// Call once before using HDF5.
inline void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, -1);
    }
    return *this;
  }
  ~Handle() { reset(); }
  hid_t get() const { return id_; }
  // Gives up ownership, for a close whose status must be checked.
  hid_t release() { return std::exchange(id_, -1); }
  void reset() {
    if (id_ >= 0) Close(id_);
    id_ = -1;
  }

 private:
  hid_t id_ = -1;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropertyList = Handle<H5Pclose>;

}  // namespace commsim::h5
