// `commsim run` and `commsim validate`: scenario in, HDF5 out.
#include <oneapi/tbb/global_control.h>

#include <sys/resource.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <optional>

#include "models/all_modules.hpp"
#include "output/results_writer.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/resume.hpp"
#include "sim/cli/run_support.hpp"
#include "sim/ensemble.hpp"
#include "sim/memory_estimate.hpp"

#include <nlohmann/json.hpp>

namespace commsim::cli {
namespace po = boost::program_options;

namespace {

struct ScenarioOptions {
  std::vector<std::string> files;
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
  hidden.add_options()("scenario", po::value(&out.files)->required(), "scenario file");
}

// Parses a scenario command's options; false after printing --help.
bool parse_scenario_command(const std::vector<std::string>& args, const std::string& usage,
                            const po::options_description& options,
                            const po::options_description& hidden, po::variables_map& vm) {
  po::positional_options_description positional;
  positional.add("scenario", -1);
  return parse_options(args, usage, options, hidden, positional, vm);
}

// Loads a file (its base and variants), then applies --set and the
// shortcuts in that order to each; a shortcut's errors name it as typed
// ("--days 0").
std::vector<Scenario> load(const std::string& file, const ScenarioOptions& options,
                           const po::variables_map& vm, const Model& model) {
  std::vector<Scenario> scenarios = load_scenario_files(file, model.parameters());
  for (Scenario& scenario : scenarios) {
    for (const std::string& assignment : options.sets) apply_override(scenario, assignment);
    for (const std::string shortcut : {"days", "replicates", "seed"})
      if (vm.count(shortcut)) {
        const std::string value = std::to_string(vm[shortcut].as<std::int64_t>());
        apply_override(scenario, "run." + shortcut + "=" + value, "--" + shortcut + " " + value);
      }
    check_engine_constraints(scenario.params, scenario.source);
    model.check_dataflow(scenario.params, scenario.source);
  }
  return scenarios;
}

// Every scenario of every file, in command-line order.
std::vector<Scenario> load_all(const ScenarioOptions& options, const po::variables_map& vm, const Model& model) {
  std::vector<Scenario> scenarios;
  for (const std::string& file : options.files)
    for (Scenario& scenario : load(file, options, vm, model)) scenarios.push_back(std::move(scenario));
  return scenarios;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  std::string output;
  // Limits: threads beyond any machine's; a grain beyond which a task is
  // the whole population anyway.
  constexpr std::int64_t kMaxThreads = 1024, kMaxGrain = std::int64_t{1} << 30;
  std::string progress = "auto";
  po::options_description options("options"), hidden;
  options.add_options()
      ("output,o", po::value(&output)->value_name("OUT.h5"),
       "HDF5 file to write (default out/<first scenario's name>.h5)")
      ("force", "replace the output file if it exists (atomically)")
      ("resume", "finish the interrupted run in OUT.h5: simulate only its missing replicates")
      ("threads", po::value<std::int64_t>()->value_name("N"),
       "worker threads, 1 to 1024 (default: all cores); never changes results")
      ("grain", po::value<std::int64_t>()->value_name("N"),
       "members per parallel task, 1 to 2^30 (default 4096); never changes results")
      ("progress", po::value(&progress)->value_name("WHEN"),
       "progress on stderr: auto (default), always, never; never changes results")
      ("quiet,q", "print nothing but errors (implies --progress never)")
      ("json", "print the run's summary as JSON on stdout")
      ("max-memory", po::value<std::string>()->value_name("SIZE"),
       "refuse to start when the estimated memory exceeds SIZE, e.g. 8G (default: physical memory)")
      ("profile", "print where the time went (machine-readable 'profile:' lines)");
  add_graph_cache_option(options);
  add_scenario_options(options, hidden, scenario_options);
  po::variables_map vm;
  if (!parse_scenario_command(args, "commsim run SCENARIO.yaml... [options]", options, hidden, vm)) return 0;
  // From here on SIGINT and SIGTERM stop the run cleanly (docs/command-line.md).
  InterruptWatch interrupt;
  const ProgressMode progress_mode =
      vm.count("quiet") ? ProgressMode::Never : parse_progress_mode(progress);
  const Model model = models::standard_model();
  const std::vector<Scenario> scenarios = load_all(scenario_options, vm, model);
  std::vector<const Scenario*> scenario_list;
  std::vector<const ParameterSet*> parameter_list;
  for (const Scenario& scenario : scenarios) {
    scenario_list.push_back(&scenario);
    parameter_list.push_back(&scenario.params);
  }
  output::check_experiment(scenario_list);
  if (output.empty()) output = "out/" + scenarios.front().name() + ".h5";
  const bool resume = vm.count("resume") > 0;
  const bool force = vm.count("force") > 0 || resume;  // resuming replaces the file
  output::check_output_path(output, force, scenario_options.files);
  ReplicateMask done;  // with --resume: the replicates the file holds
  if (resume) {
    std::error_code missing;
    if (!std::filesystem::exists(output, missing))
      throw InputError(output + ": --resume: no such file (nothing to resume)");
    done = resumable_replicates(output, scenarios);
  }
  const unsigned threads = unsigned(checked_option(vm, "threads", 0, 1, kMaxThreads));
  const std::uint32_t grain = std::uint32_t(checked_option(vm, "grain", RunSettings{}.grain, 1, kMaxGrain));
  guard_memory(model, parameter_list, vm, threads);

  std::optional<tbb::global_control> thread_limit;
  if (threads > 0) thread_limit.emplace(tbb::global_control::max_allowed_parallelism, threads);

  RunSettings settings;
  settings.grain = grain;
  settings.profile = vm.count("profile") > 0;
  settings.resources = module_resources("run", vm);
  // Total work in replicate-days over every scenario.
  // Total work in replicate-days over every scenario, but for what the
  // resumed file holds.
  std::uint64_t replicate_days = 0, replicates = 0;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const RunSettings own = run_settings(scenarios[s].params);
    const std::uint64_t todo = done.empty() ? own.replicates
                                            : std::uint64_t(std::count(done[s].begin(), done[s].end(), 0));
    replicate_days += todo * own.days;
    replicates += todo;
  }
  ProgressReporter progress_line(progress_mode, replicate_days, replicates, "commsim run");
  settings.days_done = progress_line.counter();
  settings.stop = interrupt.stop_flag();
  const auto start = std::chrono::steady_clock::now();
  std::vector<EnsembleResult> results = run_ensembles(model, parameter_list, settings, done);
  const int signal = interrupt.signal();
  if (signal)
    progress_line.clear();
  else
    progress_line.finish();
  if (resume) fill_from_file(output, done, results);
  const auto simulated = std::chrono::steady_clock::now();
  std::uint64_t completed = 0, total = 0;
  for (const EnsembleResult& result : results) {
    completed += result.completed();
    total += result.replicates;
  }
  const std::string tally = std::to_string(completed) + " of " + std::to_string(total) + " replicates complete";
  if (signal && completed == 0) {
    std::fprintf(stderr, "commsim run: interrupted by %s: %s, nothing written\n", signal_name(signal).c_str(),
                 tally.c_str());
    return interrupted_status(signal);
  }
  output::ExperimentRecord experiment;
  experiment.command_line = command_line("run", args);
  for (std::size_t s = 0; s < scenarios.size(); ++s) experiment.runs.push_back({scenarios[s], results[s]});
  // A signal that comes while writing abandons the file (a first one
  // during the simulation does not: what completed is kept).
  experiment.should_stop = [&interrupt, seen = interrupt.count()] { return interrupt.count() > seen; };
  try {
    output::write_experiment(output, experiment, force);
  } catch (const output::WriteAbandoned&) {
    std::fprintf(stderr, "commsim run: interrupted by %s while writing %s: nothing written%s\n",
                 signal_name(interrupt.signal()).c_str(), output.c_str(),
                 std::filesystem::exists(output) ? " (the existing file is untouched)" : "");
    return interrupted_status(interrupt.signal());
  }
  if (signal) {
    if (completed == total)
      std::fprintf(stderr, "commsim run: interrupted by %s after the last replicate: %s, written to %s\n",
                   signal_name(signal).c_str(), tally.c_str(), output.c_str());
    else
      std::fprintf(stderr, "commsim run: interrupted by %s: %s, kept in %s (%s finishes it)\n",
                   signal_name(signal).c_str(), tally.c_str(), output.c_str(), resume_command("run", args).c_str());
    return interrupted_status(signal);
  }
  const auto written = std::chrono::steady_clock::now();

  const auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  const MetricId members_metric = model.engine_metrics().members;
  if (settings.profile)
    print_profile(results, threads, seconds(start, simulated), seconds(simulated, written), members_metric,
                  Population::kEngineBytesPerMember + model.layout().column_bytes_per_member());
  const double work = member_days(results, members_metric);
  if (vm.count("json")) {
    nlohmann::ordered_json summary;
    summary["output"] = output;
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
      const MetricSummary members = summarize(results[s], members_metric);
      summary["scenarios"].push_back({{"name", scenarios[s].name()},
                                      {"source", scenarios[s].source},
                                      {"replicates", results[s].replicates},
                                      {"days", results[s].days},
                                      {"seed", scenarios[s].params.integer("run.seed")},
                                      {"members_last_day",
                                       {{"p05", members.quantiles[0].back()},
                                        {"p50", members.quantiles[2].back()},
                                        {"p95", members.quantiles[4].back()}}}});
    }
    summary["member_days"] = work;
    summary["simulate_s"] = seconds(start, simulated);
    summary["write_s"] = seconds(simulated, written);
    std::cout << summary.dump(2) << "\n";
  } else if (!vm.count("quiet")) {
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
      const MetricSummary members = summarize(results[s], members_metric);
      std::printf("%s: %u replicates x %u days, seed %lld; members on the last day: median %.0f "
                  "(p05 %.0f, p95 %.0f)\n",
                  scenarios[s].name().c_str(), results[s].replicates, results[s].days,
                  static_cast<long long>(scenarios[s].params.integer("run.seed")),
                  members.quantiles[2].back(), members.quantiles[0].back(), members.quantiles[4].back());
    }
    std::printf("simulated %.3g member-days in %.2f s (%.3g member-days/s), written in %.2f s: %s\n",
                work, seconds(start, simulated), work / seconds(start, simulated),
                seconds(simulated, written), output.c_str());
  }
  return 0;
}

int validate_command(const std::vector<std::string>& args) {
  ScenarioOptions scenario_options;
  po::options_description options("options"), hidden;
  options.add_options()("print", "print the resolved parameters as YAML")(
      "max-memory", po::value<std::string>()->value_name("SIZE"),
      "check the estimated memory of a run on all cores against SIZE (default: physical memory)");
  add_scenario_options(options, hidden, scenario_options);
  po::variables_map vm;
  if (!parse_scenario_command(args, "commsim validate SCENARIO.yaml... [options]", options, hidden, vm))
    return 0;
  const Model model = models::standard_model();
  // Every check run makes before simulating, then the verdict.
  const std::vector<Scenario> scenarios = load_all(scenario_options, vm, model);
  for (const Scenario& scenario : scenarios) model.check_inputs(scenario.params);  // external files
  std::vector<const Scenario*> scenario_list;
  for (const Scenario& scenario : scenarios) scenario_list.push_back(&scenario);
  output::check_experiment(scenario_list);
  std::vector<const ParameterSet*> parameter_list;
  for (const Scenario& scenario : scenarios) parameter_list.push_back(&scenario.params);
  guard_memory(model, parameter_list, vm, 0);
  for (const Scenario& scenario : scenarios) {
    if (vm.count("print"))
      std::cout << (scenarios.size() > 1 ? "# scenario " + scenario.name() + "\n" : "") << scenario.params.to_yaml();
    else
      std::cout << scenario.source << ": ok (" << (scenario.variant_of.empty() ? "scenario '" : "variant '")
                << scenario.name() << "')\n";
  }
  return 0;
}

}  // namespace commsim::cli
