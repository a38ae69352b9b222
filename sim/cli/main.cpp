// The commsim command: the one place that wires engine, models and output.
#include <hdf5.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "output/build_info.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input_error.hpp"

namespace {

using Handler = int (*)(const std::vector<std::string>&);

// One row per command: the usage text and the dispatch are both made from
// this table. A null handler is listed but not built in yet.
struct Command {
  const char* name;
  const char* synopsis;
  const char* summary;
  Handler handler;
};

constexpr Command kCommands[] = {
    {"run", "run SCENARIO.yaml... [-o OUT.h5]", "simulate scenarios and write one HDF5 experiment file",
     commsim::cli::run_command},
    {"validate", "validate SCENARIO.yaml...", "check a scenario and --set overrides without running",
     commsim::cli::validate_command},
    {"sweep", "sweep SWEEP.yaml [-o OUT.h5]", "run a parameter sweep (also under mpirun, or one --shard)",
     commsim::cli::sweep_command},
    {"merge", "merge PART.h5... -o OUT.h5", "join a sweep's shards into one file", commsim::cli::merge_command},
    {"rerun", "rerun OUT.h5 --point P -o ONE.h5", "re-run one point of a sweep exactly",
     commsim::cli::rerun_command},
    {"info", "info FILE.h5", "what a results file holds", commsim::cli::info_command},
    {"export", "export FILE.h5", "a results file as a tidy CSV table", commsim::cli::export_command},
    {"compare", "compare FILE.h5", "each scenario against the baseline, paired by replicate",
     commsim::cli::compare_command},
    {"docs", "docs scenario-format|dataflow", "print docs/scenario-format.md or docs/dataflow.md",
     commsim::cli::docs_command},
};

constexpr int kInputErrorStatus = 2;
constexpr int kFailureStatus = 1;

std::string usage_text() {
  std::string text = "usage: commsim COMMAND [options]\n\ncommands:\n";
  const auto row = [&](const std::string& left, const std::string& right) {
    text += "  " + left + std::string(left.size() < 34 ? 34 - left.size() : 1, ' ') + right + "\n";
  };
  for (const Command& command : kCommands) row(command.synopsis, command.summary);
  row("--version, -V", "version, commit and build of this binary");
  row("--help, -h, help", "this list");
  text += "\n'commsim COMMAND --help' lists a command's options; docs/command-line.md has them all.\n";
  return text;
}

int dispatch(const std::string& name, std::vector<std::string> args) {
  if (name == "--version" || name == "-V") {
    std::fputs(commsim::output::version_text().c_str(), stdout);
    return 0;
  }
  if (name == "--help" || name == "-h" || name == "help") {
    // `commsim help run` is `commsim run --help`.
    if (!args.empty() && args[0] != "--help" && args[0] != "-h") return dispatch(args[0], {"--help"});
    std::fputs(usage_text().c_str(), stdout);
    return 0;
  }
  for (const Command& command : kCommands) {
    if (name != command.name) continue;
    if (!command.handler) {
      std::fprintf(stderr, "commsim %s: not available in this build yet\n", command.name);
      return kFailureStatus;
    }
    return command.handler(args);
  }
  std::fprintf(stderr, "commsim: unknown command '%s'\n\n%s", name.c_str(), usage_text().c_str());
  return kInputErrorStatus;
}

}  // namespace

int main(int argc, char** argv) {
  // HDF5 1.10 crashes in its exit-time clean-up after a file's close has
  // failed (a full disk): every file is closed explicitly, so skip it.
  H5dont_atexit();
  if (argc < 2) {
    std::fprintf(stderr, "commsim: missing the command\n\n%s", usage_text().c_str());
    return kInputErrorStatus;
  }
  int status = 0;
  try {
    status = dispatch(argv[1], std::vector<std::string>(argv + 2, argv + argc));
  } catch (const commsim::cli::UsageError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kInputErrorStatus;
  } catch (const commsim::InputError& e) {
    std::fprintf(stderr, "commsim: error: %s\n", e.what());
    return kInputErrorStatus;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "commsim: failed: %s\n", e.what());
    return kFailureStatus;
  } catch (...) {
    std::fprintf(stderr, "commsim: failed: unknown error\n");
    return kFailureStatus;
  }
  // Results that did not reach stdout (a full disk, a closed pipe) are a
  // failure, not a success.
  std::cout.flush();
  if (status == 0 && (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout))) {
    std::fprintf(stderr, "commsim: failed: cannot write the output to stdout\n");
    return kFailureStatus;
  }
  return status;
}
