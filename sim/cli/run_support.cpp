// Pieces every simulating command shares (run, sweep): work totals, the
// profile lines, the memory guard, the modules' resources (--graph-cache),
// the command line as recorded.
#include "sim/cli/run_support.hpp"

#include <oneapi/tbb/global_control.h>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "sim/input_error.hpp"
#include "sim/memory_estimate.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

// Member-days (one member simulated for one day, the unit of work) of a run.
double member_days(const std::vector<EnsembleResult>& results, MetricId members_metric) {
  double total = 0;
  for (const EnsembleResult& result : results) {
    const auto block = result.metric_block(members_metric);
    for (double x : block)
      if (!std::isnan(x)) total += x;  // runs not simulated are NaN
  }
  return total;
}

// One line each: totals, the day phases' shares of the run, and each
// module's share of the member phase.
void print_profile(const std::vector<EnsembleResult>& results, unsigned threads, double simulate_s,
                   double write_s, MetricId members_metric, std::size_t bytes_per_member) {
  RunProfile p;
  double peak_members = 0;
  std::uint32_t replicates = 0;
  for (const EnsembleResult& result : results) {
    p.merge(result.profile);
    const auto members = result.metric_block(members_metric);
    if (!members.empty()) peak_members = std::max(peak_members, *std::max_element(members.begin(), members.end()));
    replicates += result.replicates;
  }
  const double work = member_days(results, members_metric);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_rss_mib = double(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  const unsigned used_threads =
      threads ? threads : unsigned(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  const double total = simulate_s + write_s;
  std::printf("profile: threads=%u replicates=%u days=%u wall_s=%.3f simulate_s=%.3f write_s=%.3f "
              "member_days=%.4g member_days_per_s=%.4g peak_rss_mib=%.1f peak_members=%.0f "
              "rss_bytes_per_member=%.1f soa_bytes_per_member=%zu\n",
              used_threads, replicates, results.front().days, total, simulate_s, write_s, work,
              work / simulate_s, peak_rss_mib, peak_members,
              peak_members > 0 ? peak_rss_mib * 1048576.0 / (peak_members * replicates) : 0.0,
              bytes_per_member);
  // Phase times are summed over replicates that ran in parallel: shares of
  // their sum are the honest split of the simulation time.
  const double phases =
      p.setup_s + p.operator_s + p.members_s + p.reduction_s + p.joins_s + p.end_day_s;
  const auto share = [&](double s) { return phases > 0 ? 100.0 * s / phases * simulate_s / total : 0.0; };
  std::printf("profile: phase_pct setup=%.2f operator=%.2f members=%.2f reduction=%.2f joins=%.2f "
              "end_day=%.2f output=%.2f\n",
              share(p.setup_s), share(p.operator_s), share(p.members_s), share(p.reduction_s), share(p.joins_s),
              share(p.end_day_s), total > 0 ? 100.0 * write_s / total : 0.0);
  double module_total = 0;
  for (double s : p.module_member_s) module_total += s;
  std::printf("profile: member_phase_pct");
  for (std::size_t m = 0; m < p.module_names.size(); ++m)
    std::printf(" %s=%.2f", p.module_names[m].c_str(),
                module_total > 0 ? 100.0 * p.module_member_s[m] / module_total : 0.0);
  std::printf("\n");
}

// Refuses, before anything is allocated, a run whose estimated memory does
// not fit the limit: --max-memory, or the machine's physical memory.
void guard_memory(const Model& model, const std::vector<const ParameterSet*>& params,
                  const po::variables_map& vm, unsigned threads) {
  const unsigned workers =
      threads ? threads : unsigned(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  const MemoryEstimate estimate = estimate_memory(model, params, workers);
  if (vm.count("max-memory")) {
    const std::string text = vm["max-memory"].as<std::string>();
    check_memory(estimate, parse_memory_size(text, "--max-memory"), "--max-memory " + text);
  } else {
    check_memory(estimate, physical_memory_bytes(), "the machine's physical memory; set another with --max-memory");
  }
}

void add_graph_cache_option(po::options_description& options) {
  options.add_options()("graph-cache", po::value<std::string>()->value_name("DIR"),
                        "keep the generated social graph in DIR (created if missing) and load it from there "
                        "when a later run needs the same graph; never changes results");
}

ModuleResources module_resources(const std::string& command, const po::variables_map& vm) {
  ModuleResources resources;
  if (vm.count("graph-cache")) {
    resources.cache_dir = vm["graph-cache"].as<std::string>();
    if (resources.cache_dir.empty()) throw InputError("--graph-cache: the directory is empty");
  }
  resources.warn = [command](const std::string& message) {
    std::fprintf(stderr, "commsim %s: warning: %s\n", command.c_str(), message.c_str());
  };
  return resources;
}

// The command line as the file's `history` records it, arguments with
// spaces or quotes single-quoted as a shell would need them.
std::string command_line(const std::string& command, const std::vector<std::string>& args) {
  std::string line = "commsim " + command;
  for (const std::string& arg : args) {
    const bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos;
    if (plain) {
      line += " " + arg;
      continue;
    }
    line += " '";
    for (char c : arg) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += "'";
  }
  return line;
}


// The command that finishes an interrupted run: this one, with --resume
// (which implies replacing the file, so --force is dropped).
std::string resume_command(const std::string& command, const std::vector<std::string>& args) {
  std::vector<std::string> kept;
  bool resuming = false;
  for (const std::string& arg : args) {
    resuming |= arg == "--resume";
    if (arg != "--force") kept.push_back(arg);
  }
  return command_line(command, kept) + (resuming ? "" : " --resume");
}

}  // namespace commsim::cli
