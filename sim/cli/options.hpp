#pragma once
// Command-line parsing shared by the subcommands.
#include <boost/program_options.hpp>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "sim/input_error.hpp"

namespace commsim::cli {

// A command used wrongly (a missing argument, an unknown topic): the message
// is complete, "commsim run: missing ... (usage: ...)", and printed as is.
class UsageError : public InputError {
 public:
  using InputError::InputError;
};

// The names of the positional arguments, each once (a repeatable one fills
// every later position, up to an "unlimited" count).
inline std::set<std::string> positional_names(
    const boost::program_options::positional_options_description& positional) {
  std::set<std::string> names;
  for (unsigned i = 0; i < positional.max_total_count(); ++i)
    if (!names.insert(positional.name_for_position(i)).second) break;
  return names;
}

// Parses `args` into `vm`. `usage` is the synopsis ("commsim run
// SCENARIO.yaml [options]"); `visible` holds the options --help lists,
// `hidden` the ones it does not (the positional arguments: a required one
// that is absent is reported as "missing the <its description>"). Returns
// false after printing help on stdout; throws InputError for bad options.
inline bool parse_options(const std::vector<std::string>& args, const std::string& usage,
                          const boost::program_options::options_description& visible,
                          const boost::program_options::options_description& hidden,
                          const boost::program_options::positional_options_description& positional,
                          boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add(hidden);
  const std::string command = usage.substr(0, usage.find(' ', usage.find(' ') + 1));  // "commsim run"
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << visible;
      return false;
    }
    for (const std::string& name : positional_names(positional)) {
      const po::option_description* option = all.find_nothrow(name, false);
      if (option && option->semantic()->is_required() && !vm.count(name))
        throw UsageError(command + ": missing the " + option->description() + " (usage: " + usage + ")");
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(std::string("command line: ") + e.what() + " ('" + command +
                     " --help' lists the options)");
  }
  return true;
}

}  // namespace commsim::cli
