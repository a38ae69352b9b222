#pragma once
// Command-line parsing shared by the subcommands.
#include <boost/program_options.hpp>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "sim/input_error.hpp"
#include "sim/parameters.hpp"

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

// An integer option checked against a declaration, like a scenario key, so
// that a negative number is refused rather than wrapped into a huge
// unsigned one: "--threads -1: must be in [0, 1024]".
inline std::int64_t checked_option(const boost::program_options::variables_map& vm, const std::string& name,
                                   std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (!vm.count(name)) return fallback;
  const std::int64_t value = vm[name].as<std::int64_t>();
  ParamSpec spec;
  spec.key = name;
  spec.type = ParamType::Integer;
  spec.min = double(min);
  spec.max = double(max);
  if (const std::string why = check_value(spec, ParamValue(value)); !why.empty())
    throw InputError("--" + name + " " + std::to_string(value) + ": " + why);
  return value;
}

}  // namespace commsim::cli
