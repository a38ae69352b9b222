#include "output/build_info.hpp"

#include <hdf5.h>
#include <oneapi/tbb/version.h>

#include <boost/version.hpp>

#include "commsim/build_config.hpp"
#include "commsim/version_info.hpp"

namespace commsim::output {
namespace {

std::string hdf5_runtime_version() {
  unsigned major = 0, minor = 0, release = 0;
  if (H5get_libversion(&major, &minor, &release) < 0) return H5_VERS_INFO;
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

std::string boost_version() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
         "." + std::to_string(BOOST_VERSION % 100);
}

}  // namespace

const BuildInfo& build_info() {
  static const BuildInfo info{
      version_info::kVersion,
      version_info::kGitCommit,
      build_config::kBuildType,
      build_config::kCompiler,
      build_config::kCompilerFlags,
      {{"HDF5", hdf5_runtime_version()},
       {"oneTBB", TBB_runtime_version()},
       {"Boost", boost_version()},
       {"yaml-cpp", build_config::kYamlCppVersion},
       {"Random123", build_config::kRandom123Version}},
  };
  return info;
}

std::string version_text() {
  const BuildInfo& info = build_info();
  std::string text = "commsim " + info.version + "\n";
  text += "commit:     " + info.git_commit + "\n";
  text += "build type: " + info.build_type + "\n";
  text += "compiler:   " + info.compiler + "\n";
  text += "flags:      " + info.compiler_flags + "\n";
  for (const auto& [name, version] : info.libraries) {
    std::string label = name + ":";
    label.resize(12, ' ');
    text += label + version + "\n";
  }
  return text;
}

}  // namespace commsim::output
