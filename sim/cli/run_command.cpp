// `commsim run` and `commsim validate`: scenario in, HDF5 out.
#include <oneapi/tbb/global_control.h>

#include <sys/resource.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <optional>

#include "models/all_modules.hpp"
#include "output/results_writer.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/ensemble.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

namespace {

struct ScenarioOptions {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::int64_t> days, replicates, seed;
};

// The options every scenario command shares; the scenario file is
// positional, so hidden from --help.
void add_scenario_options(po::options_description& options, po::options_description& hidden,
                          ScenarioOptions& out) {
  options.add_options()
      ("help,h", "show this help")
      ("set", po::value(&out.sets)->composing()->value_name("KEY=VALUE"),
       "override a scenario key: key.path=value (repeatable)")
      ("days", po::value<std::int64_t>()->value_name("N"), "shortcut for --set run.days=N")
      ("replicates", po::value<std::int64_t>()->value_name("N"), "shortcut for --set run.replicates=N")
      ("seed", po::value<std::int64_t>()->value_name("N"), "shortcut for --set run.seed=N");
  hidden.add_options()("scenario", po::value(&out.file)->required(), "scenario file");
}

// Parses a scenario command's options; false after printing --help.
bool parse_scenario_command(const std::vector<std::string>& args, const std::string& usage,
                            const po::options_description& options,
                            const po::options_description& hidden, po::variables_map& vm) {
  po::positional_options_description positional;
  positional.add("scenario", 1);
  return parse_options(args, usage, options, hidden, positional, vm);
}

// Loads the file, then applies --set and the shortcuts in that order; a
// shortcut's errors name it as typed ("--days 0").
Scenario load(const ScenarioOptions& options, const po::variables_map& vm, const Model& model) {
  Scenario scenario = load_scenario_file(options.file, model.parameters());
  for (const std::string& assignment : options.sets) apply_override(scenario, assignment);
  for (const std::string shortcut : {"days", "replicates", "seed"})
    if (vm.count(shortcut)) {
      const std::string value = std::to_string(vm[shortcut].as<std::int64_t>());
      apply_override(scenario, "run." + shortcut + "=" + value, "--" + shortcut + " " + value);
    }
  check_engine_constraints(scenario.params, scenario.source);
  return scenario;
}

// One line each: totals, the day phases' shares of the run, and each
// module's share of the member phase.
void print_profile(const EnsembleResult& result, unsigned threads, double simulate_s,
                   double write_s, MetricId members_metric) {
  const auto members = result.metric_block(members_metric);
  const double member_days = std::accumulate(members.begin(), members.end(), 0.0);
  const double peak_members = members.empty() ? 0.0 : *std::max_element(members.begin(), members.end());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_rss_mib = double(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  const unsigned used_threads =
      threads ? threads : unsigned(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  const double total = simulate_s + write_s;
  std::printf("profile: threads=%u replicates=%u days=%u wall_s=%.3f simulate_s=%.3f write_s=%.3f "
              "member_days=%.4g member_days_per_s=%.4g peak_rss_mib=%.1f peak_members=%.0f "
              "rss_bytes_per_member=%.1f soa_bytes_per_member=%zu\n",
              used_threads, result.replicates, result.days, total, simulate_s, write_s, member_days,
              member_days / simulate_s, peak_rss_mib, peak_members,
              peak_members > 0 ? peak_rss_mib * 1048576.0 / (peak_members * result.replicates) : 0.0,
              Population::kBytesPerMember);
  // Phase times are summed over replicates that ran in parallel: shares of
  // their sum are the honest split of the simulation time.
  const RunProfile& p = result.profile;
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

}  // namespace

int run_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  std::string output;
  unsigned threads = 0;
  std::uint32_t grain = RunSettings{}.grain;
  std::string progress = "auto";
  po::options_description options("options"), hidden;
  options.add_options()
      ("output,o", po::value(&output)->value_name("OUT.h5"),
       "HDF5 file to write (default out/<scenario name>.h5)")
      ("threads", po::value(&threads)->value_name("N"),
       "worker threads (default: all cores); never changes results")
      ("grain", po::value(&grain)->value_name("N"), "members per parallel task; never changes results")
      ("progress", po::value(&progress)->value_name("WHEN"),
       "progress on stderr: auto (default), always, never; never changes results")
      ("quiet,q", "print nothing but errors (implies --progress never)")
      ("profile", "print where the time went (machine-readable 'profile:' lines)");
  add_scenario_options(options, hidden, scenario_options);
  po::variables_map vm;
  if (!parse_scenario_command(args, "commsim run SCENARIO.yaml [options]", options, hidden, vm)) return 0;
  const ProgressMode progress_mode =
      vm.count("quiet") ? ProgressMode::Never : parse_progress_mode(progress);
  const Model model = models::standard_model();
  const Scenario scenario = load(scenario_options, vm, model);
  if (output.empty()) output = "out/" + scenario.name() + ".h5";
  if (grain == 0) throw InputError("--grain: must be at least 1");

  std::optional<tbb::global_control> thread_limit;
  if (threads > 0) thread_limit.emplace(tbb::global_control::max_allowed_parallelism, threads);

  RunSettings settings = run_settings(scenario.params);
  settings.grain = grain;
  settings.profile = vm.count("profile") > 0;
  // Total work in replicate-days: a sum over scenarios once run takes several.
  ProgressReporter progress_line(progress_mode, std::uint64_t{settings.replicates} * settings.days,
                                 settings.replicates, "commsim run");
  settings.days_done = progress_line.counter();
  const auto start = std::chrono::steady_clock::now();
  const EnsembleResult result = run_ensemble(model, scenario.params, settings);
  progress_line.finish();
  const auto simulated = std::chrono::steady_clock::now();
  output::write_results(output, {scenario, settings, result});
  const auto written = std::chrono::steady_clock::now();

  if (settings.profile)
    print_profile(result, threads, std::chrono::duration<double>(simulated - start).count(),
                  std::chrono::duration<double>(written - simulated).count(),
                  model.engine_metrics().members);
  if (!vm.count("quiet")) {
    const auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    const MetricSummary members = summarize(result, model.engine_metrics().members);
    std::printf("%s: %u replicates x %u days, seed %llu\n", scenario.name().c_str(),
                settings.replicates, settings.days,
                static_cast<unsigned long long>(settings.seed));
    std::printf("members on the last day: median %.0f (p05 %.0f, p95 %.0f)\n",
                members.quantiles[2].back(), members.quantiles[0].back(),
                members.quantiles[4].back());
    // Member-days: one member simulated for one day, the unit of work.
    const auto member_block = result.metric_block(model.engine_metrics().members);
    const double member_days = std::accumulate(member_block.begin(), member_block.end(), 0.0);
    std::printf("simulated %.3g member-days in %.2f s (%.3g member-days/s), written in %.2f s: %s\n",
                member_days, seconds(start, simulated), member_days / seconds(start, simulated),
                seconds(simulated, written), output.c_str());
  }
  return 0;
}

int validate_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  po::options_description options("options"), hidden;
  options.add_options()("print", "print the resolved parameters as YAML");
  add_scenario_options(options, hidden, scenario_options);
  po::variables_map vm;
  if (!parse_scenario_command(args, "commsim validate SCENARIO.yaml [options]", options, hidden, vm))
    return 0;
  const Model model = models::standard_model();
  const Scenario scenario = load(scenario_options, vm, model);
  if (vm.count("print"))
    std::cout << scenario.params.to_yaml();
  else
    std::cout << scenario_options.file << ": ok (scenario '" << scenario.name() << "')\n";
  return 0;
}

}  // namespace commsim::cli
