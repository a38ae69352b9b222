#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "sim/input_error.hpp"

namespace commsim::output {
namespace {

namespace fs = std::filesystem;

void sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string() + " to sync it: " + std::strerror(errno));
  int status = ::fsync(fd);
  int error = errno;
  // A close can report a write error that fsync did not (NFS): check it too.
  if (::close(fd) != 0 && status == 0) {
    status = -1;
    error = errno;
  }
  if (status != 0) throw std::runtime_error("cannot sync " + path.string() + ": " + std::strerror(error));
}

fs::path directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

void check_output_path(const std::string& path, bool replace, const std::vector<std::string>& inputs) {
  std::error_code error;
  const fs::file_status link = fs::symlink_status(path, error);
  // The rename at the end would replace the link itself, not what it names:
  // refuse rather than surprise (a link to /dev/null would become a file).
  if (fs::is_symlink(link)) throw InputError(path + ": output is a symbolic link; name the file itself");
  if (fs::is_directory(link)) throw InputError(path + ": output is a directory");
  if (!fs::exists(link)) return;
  if (!fs::is_regular_file(link))
    throw InputError(path + ": output is not a regular file (a device, FIFO or socket)");
  for (const std::string& input : inputs)
    if (fs::equivalent(path, input, error))
      throw InputError(path + ": output would replace an input of this command");
  if (!replace) throw InputError(path + ": output exists (use --force to replace it)");
}

std::string temporary_path_for(const std::string& path) {
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  return path + ".tmp." + std::to_string(::getpid());
}

void publish(const std::string& temporary, const std::string& path, bool replace) {
  try {
    // The data and the temporary's name are on disk before the rename, and
    // the rename is after it: a crash leaves the old file or the new one.
    sync_path(temporary, O_RDONLY);
    sync_path(directory_of(path), O_RDONLY | O_DIRECTORY);
    if (replace) {
      if (::rename(temporary.c_str(), path.c_str()) != 0)
        throw std::runtime_error("cannot rename " + temporary + " to " + path + ": " + std::strerror(errno));
    } else {
      if (::link(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        if (error == EEXIST) throw InputError(path + ": output exists (use --force to replace it)");
        throw std::runtime_error("cannot create " + path + ": " + std::strerror(error));
      }
      fs::remove(temporary);
    }
    sync_path(directory_of(path), O_RDONLY | O_DIRECTORY);
  } catch (...) {
    discard(temporary);
    throw;
  }
}

void discard(const std::string& temporary) {
  std::error_code ignored;
  fs::remove(temporary, ignored);
}

}  // namespace commsim::output
