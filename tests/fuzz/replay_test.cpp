// Every fuzz seed and every crash the fuzzers ever found, through the same
// checks as the fuzzers, in the normal (GCC) suite: a fixed finding stays fixed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_checks.hpp"

namespace commsim::fuzz {
namespace {

namespace fs = std::filesystem;

// The inputs under the given directories of the source tree, recursively;
// dot files (.gitkeep) are not inputs.
std::vector<fs::path> inputs(const std::vector<std::string>& dirs) {
  std::vector<fs::path> files;
  for (const std::string& dir : dirs) {
    const fs::path root = fs::path(COMMSIM_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.')
        files.push_back(entry.path());
  }
  return files;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replay(void (*check)(std::string_view), const std::vector<fs::path>& files) {
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    try {
      check(read(file));
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

TEST(FuzzReplay, ScenarioCorpusAndRegressions) {
  replay(check_scenario_text,
         inputs({"scenarios", "tests/fuzz/corpus/scenario", "tests/fuzz/regressions/scenario"}));
}

TEST(FuzzReplay, SweepCorpusAndRegressions) {
  replay(check_sweep_text,
         inputs({"scenarios/sweeps", "tests/fuzz/corpus/sweep", "tests/fuzz/regressions/sweep"}));
}

TEST(FuzzReplay, EdgeListCorpusAndRegressions) {
  replay(check_edge_list_text,
         inputs({"tests/fuzz/corpus/edge_list", "tests/fuzz/regressions/edge_list"}));
}

}  // namespace
}  // namespace commsim::fuzz
