#pragma once
// Pieces every simulating command shares (run, sweep).
#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "sim/ensemble.hpp"

namespace commsim::cli {

// Member-days (one member simulated for one day, the unit of work) of a run.
double member_days(const std::vector<EnsembleResult>& results, MetricId members_metric);

// The machine-readable 'profile:' lines of --profile.
void print_profile(const std::vector<EnsembleResult>& results, unsigned threads, double simulate_s,
                   double write_s, MetricId members_metric,
                   std::size_t bytes_per_member);

// Refuses, before anything is allocated, a run whose estimated memory does
// not fit --max-memory (in `vm`) or the machine's physical memory.
void guard_memory(const Model& model, const std::vector<const ParameterSet*>& params,
                  const boost::program_options::variables_map& vm, unsigned threads);

// --graph-cache DIR (run, sweep): where generated social graphs are kept
// for later runs and other processes (models/network/graph_cache.hpp).
void add_graph_cache_option(boost::program_options::options_description& options);

// What the modules get from `command`'s command line: --graph-cache's
// directory, and their warnings printed as "commsim COMMAND: warning: ...".
// Throws InputError for an empty --graph-cache.
ModuleResources module_resources(const std::string& command, const boost::program_options::variables_map& vm);

// The command line as the file's `history` records it, arguments with
// spaces or quotes single-quoted as a shell would need them.
std::string command_line(const std::string& command, const std::vector<std::string>& args);

// The command that finishes an interrupted one: the same, with --resume
// (which implies replacing the file, so --force is dropped).
std::string resume_command(const std::string& command, const std::vector<std::string>& args);

// Exit status of a command stopped by `signal`: 130 for SIGINT, 143 for SIGTERM.
inline int interrupted_status(int signal) { return 128 + signal; }

}  // namespace commsim::cli
