#pragma once
// Command-line parsing shared by the subcommands.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "sim/input_error.hpp"

namespace commsim::cli {

// Parses `args` into `vm`. Returns false (after printing help) when --help
// was given; throws InputError for bad options.
inline bool parse_options(const std::vector<std::string>& args,
                          const boost::program_options::options_description& options,
                          const boost::program_options::positional_options_description& positional,
                          boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << options << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(std::string("command line: ") + e.what());
  }
  return true;
}

// As above, with options that --help does not list (the positional ones).
inline bool parse_options(const std::vector<std::string>& args,
                          const boost::program_options::options_description& visible,
                          const boost::program_options::options_description& hidden,
                          const boost::program_options::positional_options_description& positional,
                          boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add(hidden);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << visible << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(std::string("command line: ") + e.what());
  }
  return true;
}

}  // namespace commsim::cli
