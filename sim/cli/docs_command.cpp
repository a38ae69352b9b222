// `commsim docs scenario-format|dataflow`: documentation generated from declarations.
#include <iostream>

#include "models/all_modules.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/dataflow_docs.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/scenario_docs.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

int docs_command(const std::vector<std::string>& args) {
  constexpr const char* kUsage = "commsim docs scenario-format|dataflow";
  std::string topic;
  po::options_description options("options"), hidden;
  options.add_options()("help,h", "show this help");
  hidden.add_options()("topic", po::value(&topic)->required(), "topic");
  po::positional_options_description positional;
  positional.add("topic", 1);
  po::variables_map vm;
  if (!parse_options(args, kUsage, options, hidden, positional, vm)) return 0;
  if (topic == "scenario-format") std::cout << scenario_format_markdown(models::standard_model());
  else if (topic == "dataflow") std::cout << dataflow_markdown(models::standard_model());
  else throw UsageError("commsim docs: unknown topic '" + topic + "' (usage: " + kUsage + ")");
  return 0;
}

}  // namespace commsim::cli
