// The commsim command: the one place that wires engine, models and output.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "output/build_info.hpp"
#include "output/hdf5_handle.hpp"
#include "sim/cli/commands.hpp"
#include "sim/input_error.hpp"

namespace {

constexpr const char* kUsage =
    "usage: commsim COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml [-o OUT.h5]   simulate a scenario and write HDF5\n"
    "  validate SCENARIO.yaml          check a scenario (and --set overrides)\n"
    "  info FILE.h5                    summarise a results file\n"
    "  export FILE.h5                  a results file as a tidy CSV table\n"
    "  docs scenario-format            print docs/scenario-format.md\n"
    "\n"
    "'commsim COMMAND --help' lists a command's options.\n";

constexpr int kInputErrorStatus = 2;
constexpr int kFailureStatus = 1;

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kInputErrorStatus;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "run") return commsim::cli::run_command(args);
    if (command == "validate") return commsim::cli::validate_command(args);
    if (command == "info") return commsim::cli::info_command(args);
    if (command == "docs") return commsim::cli::docs_command(args);
    if (command == "export") return commsim::cli::export_command(args);
    if (command == "--version" || command == "-V") {
      std::fputs(commsim::output::version_text().c_str(), stdout);
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    std::fprintf(stderr, "commsim: unknown command '%s'\n%s", command.c_str(), kUsage);
    return kInputErrorStatus;
  } catch (const commsim::InputError& e) {
    std::fprintf(stderr, "commsim: error: %s\n", e.what());
    return kInputErrorStatus;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "commsim: failed: %s\n", e.what());
    return kFailureStatus;
  }
}
