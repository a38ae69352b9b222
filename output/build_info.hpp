#pragma once
// What built this commsim: version, commit, compiler, flags and the versions
// of the libraries it uses. Recorded in every results file (provenance) and
// printed by `commsim --version`.
#include <string>
#include <utility>
#include <vector>

namespace commsim::output {

struct BuildInfo {
  std::string version;     // commsim's own, e.g. "0.2.0"
  std::string git_commit;  // full hash, "+dirty" when built from a modified tree
  std::string build_type;  // CMake build type
  std::string compiler;
  std::string compiler_flags;
  // (library, version) in a fixed order; runtime versions where the library
  // reports one, so a file names the library that actually ran.
  std::vector<std::pair<std::string, std::string>> libraries;
};

const BuildInfo& build_info();

// The text of `commsim --version`: one fact per line.
std::string version_text();

}  // namespace commsim::output
