// `commsim docs scenario-format`: documentation generated from declarations.
#include <iostream>

#include "models/all_modules.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/scenario_docs.hpp"
#include "sim/input_error.hpp"

namespace commsim::cli {

int docs_command(const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0] != "scenario-format")
    throw InputError("usage: commsim docs scenario-format");
  std::cout << scenario_format_markdown(models::standard_model());
  return 0;
}

}  // namespace commsim::cli
