// `commsim sweep`: a sweep file's points x replicates, in one process, over
// MPI ranks, or as one shard of a Slurm array; one schema-2 file out.
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include "models/all_modules.hpp"
#include "output/results_reader.hpp"
#include "output/results_writer.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/distributed_runs.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/resume.hpp"
#include "sim/cli/run_support.hpp"
#include "sim/cli/sweep_estimate.hpp"
#include "sim/cli/sweep_files.hpp"
#include "sim/cli/text_format.hpp"
#include "sim/memory_estimate.hpp"
#include "sim/sweep.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

namespace {

// --shard I/N, or --shard alone: the Slurm array task's place in its array.
Shard parse_shard(const po::variables_map& vm) {
  if (!vm.count("shard")) return {};
  std::string text = vm["shard"].as<std::string>();
  if (text == "slurm") {
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
    if (!id || !count)
      throw InputError("--shard: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set (not in a Slurm array "
                       "job); give --shard I/N");
    const std::string given = std::string("SLURM_ARRAY_TASK_ID=") + id + ", SLURM_ARRAY_TASK_MIN=" +
                              (min ? min : "(unset)") + ", SLURM_ARRAY_TASK_COUNT=" + count;
    long long index = 0, total = 0;
    try {
      index = std::stoll(id) - (min ? std::stoll(min) : 0);
      total = std::stoll(count);
    } catch (const std::exception&) {
      throw InputError("--shard: " + given + " are not numbers");
    }
    if (index < 0 || index >= total)
      throw InputError("--shard: " + given + " give shard " + std::to_string(index) + " of " + std::to_string(total) +
                       ": the array must be consecutive (--array=0-N or 1-N, no step); give --shard I/N");
    text = std::to_string(index) + "/" + count;
  }
  const std::size_t slash = text.find('/');
  Shard shard;
  try {
    std::size_t used_index = 0, used_count = 0;
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    const long long index = std::stoll(text.substr(0, slash), &used_index);
    const long long count = std::stoll(text.substr(slash + 1), &used_count);
    if (used_index != slash || used_count != text.size() - slash - 1 || count < 1 || index < 0 || index >= count)
      throw std::invalid_argument("range");
    shard = {std::uint64_t(index), std::uint64_t(count)};
  } catch (const std::exception&) {
    throw InputError("--shard " + vm["shard"].as<std::string>() +
                     ": expected I/N with 0 <= I < N (shard I of N), or --shard alone in a Slurm array job");
  }
  return shard;
}

std::string duration_text(double seconds) {
  char text[64];
  if (seconds < 90) std::snprintf(text, sizeof text, "%.0f s", std::max(1.0, seconds));
  else if (seconds < 5400) std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
  else std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
  return text;
}

// The plan printed before running: runs, file size, time.
void print_plan(const Sweep& sweep, const Model& model, const Shard& shard, const ReplicateMask& skip,
                std::uint64_t runs_todo, bool daily, unsigned threads, int ranks) {
  const ParameterSet& first = sweep.points.front().params;
  const double replicates = double(first.integer("run.replicates"));
  const SweepEstimate e = estimate_sweep(model, sweep, skip, daily, shard.count, threads * unsigned(ranks));
  const std::string time =
      runs_todo == 0 ? "nothing to run"
                     : "time about " + duration_text(e.low_seconds) +
                           (duration_text(e.high_seconds) != duration_text(e.low_seconds)
                                ? " to " + duration_text(e.high_seconds)
                                : "") +
                           " (from a pilot of the largest point; the progress line refines it)";
  std::fprintf(stderr,
               "commsim sweep: %s: %s design, %zu points x %.0f replicates = %.0f runs%s; %llu to run on %d "
               "rank%s x %u threads; file about %s%s; %s\n",
               sweep.name.c_str(), design_name(sweep.design), sweep.points.size(), replicates,
               double(sweep.points.size()) * replicates,
               shard.count > 1 ? (" (shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count) + ")").c_str() : "",
               static_cast<unsigned long long>(runs_todo), ranks, ranks == 1 ? "" : "s", threads,
               gibibytes(e.file_bytes).c_str(), daily ? "" : " (summaries only)", time.c_str());
}

// The design as CSV: point, then each swept key.
void print_design(const Sweep& sweep) {
  std::string line = "point";
  for (const SweptParameter& p : sweep.parameters) line += "," + p.key;
  std::printf("%s\n", line.c_str());
  for (const Scenario& point : sweep.points) {
    line = point.name();
    for (const SweptParameter& p : sweep.parameters) {
      line += "," + format_value(point.params.value(p.key));
    }
    std::printf("%s\n", line.c_str());
  }
}

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  std::string file, output, progress = "auto";
  std::vector<std::string> sets;
  constexpr std::int64_t kMaxThreads = 1024, kMaxGrain = std::int64_t{1} << 30;
  po::options_description options("options"), hidden;
  options.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&output)->value_name("OUT.h5"),
       "HDF5 file to write (default out/<sweep name>.h5; a shard: out/<name>.part-I-of-N.h5)")
      ("force", "replace the output file if it exists (atomically)")
      ("resume", "finish the interrupted sweep in OUT.h5: run only what it is missing")
      ("shard", po::value<std::string>()->implicit_value("slurm")->value_name("I/N"),
       "run shard I of N (points p with p mod N = I); alone: from SLURM_ARRAY_TASK_ID/_MIN/_COUNT")
      ("summaries-only", "keep per-point statistics and final values, not every daily series")
      ("checkpoint-minutes", po::value<double>()->default_value(10, "10")->value_name("M"),
       "write the runs done so far to OUT.h5 every M minutes (and at most a tenth of the time), "
       "so that a killed job keeps them; 0: never")
      ("dry-run", "print the plan (runs, file size, time) and exit")
      ("print-design", "with --dry-run: print the design as CSV on stdout")
      ("set", po::value(&sets)->composing()->value_name("KEY=VALUE"),
       "override a key of the base scenario (repeatable; not a swept key)")
      ("threads", po::value<std::int64_t>()->value_name("N"),
       "worker threads per process, 1 to 1024 (default: the cores, shared by the MPI ranks of a node)")
      ("grain", po::value<std::int64_t>()->value_name("N"), "members per parallel task, 1 to 2^30 (default 4096)")
      ("progress", po::value(&progress)->value_name("WHEN"), "progress on stderr: auto (default), always, never")
      ("quiet,q", "print nothing but errors (implies --progress never)")
      ("max-memory", po::value<std::string>()->value_name("SIZE"),
       "refuse to start when the estimated memory exceeds SIZE (default: physical memory)");
  add_graph_cache_option(options);
  hidden.add_options()("sweep", po::value(&file)->required(), "sweep file");
  po::positional_options_description positional;
  positional.add("sweep", 1);
  po::variables_map vm;
  if (!parse_options(args, "commsim sweep SWEEP.yaml [options]", options, hidden, positional, vm)) return 0;

  MpiWorld world;
  InterruptWatch interrupt;
  const Model model = models::standard_model();
  // Every rank reads and checks the sweep; rank 0 alone checks the output
  // and reports; the others follow its verdict (no rank waits for a peer
  // that has given up).
  std::optional<Sweep> loaded;
  std::optional<InputError> failure;
  const bool daily = vm.count("summaries-only") == 0;
  const bool resume = vm.count("resume") > 0, force = vm.count("force") > 0 || resume;
  Shard shard;
  std::vector<std::vector<std::uint8_t>> skip;
  SweepResume stored;
  try {
    loaded.emplace(load_sweep_file(file, model.parameters(), sets));
    std::set<std::vector<std::string>> checked;  // module sets whose dataflow is known good
    for (const Scenario& point : loaded->points)
      if (checked.insert(model.enabled_module_names(point.params)).second)
        model.check_dataflow(point.params, point.source);
    shard = parse_shard(vm);
    if (world.root() && !vm.count("dry-run")) {
      if (output.empty())
        output = "out/" + loaded->name +
                 (shard.count > 1 ? ".part-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) : "") +
                 ".h5";
      output::check_output_path(output, force, {file});
      if (resume) stored = resumable_sweep(output, *loaded, shard, daily);
    }
  } catch (const InputError& e) {
    failure.emplace(e);
  }
  if (!world.all(!failure)) {
    if (failure && world.root()) throw *failure;
    return 2;
  }
  const Sweep& sweep = *loaded;
  if (world.all(!stored.already_complete) == false) {
    if (world.root() && !vm.count("quiet"))
      std::printf("%s: already complete, nothing to resume\n", output.c_str());
    return 0;
  }
  skip = runs_to_skip(sweep, shard, stored);
  std::uint64_t todo = 0;
  for (const auto& point : skip) todo += std::uint64_t(std::count(point.begin(), point.end(), 0));

  const unsigned cores = unsigned(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
  const unsigned threads = unsigned(checked_option(vm, "threads", std::max(1, int(cores) / world.local_size()), 1,
                                                   kMaxThreads));
  std::vector<const ParameterSet*> parameters;
  for (const Scenario& point : sweep.points) parameters.push_back(&point.params);
  if (world.root() && !vm.count("quiet")) print_plan(sweep, model, shard, skip, todo, daily, threads, world.size());
  if (vm.count("dry-run")) {
    if (vm.count("print-design") && world.root()) print_design(sweep);
    return 0;
  }
  // Points run in batches: a summaries-only sweep reduces each batch and
  // frees its series (memory holds one batch's), and between batches the
  // file is checkpointed. Runs of a batch are scheduled together; the idle
  // moments at a batch's end cost about one run per thread per batch.
  const std::size_t batch = std::max<std::size_t>(16, 8 * std::size_t(threads) * std::size_t(world.size()));
  // Rank 0's last checks, again with a verdict every rank follows.
  failure.reset();
  try {
    if (world.root()) {
      std::vector<const ParameterSet*> held = parameters;
      if (!daily && held.size() > batch) {
        // The largest points are the worst case for a batch.
        std::vector<std::pair<double, const ParameterSet*>> largest;
        for (const ParameterSet* p : parameters)
          largest.emplace_back(estimate_memory(model, {p}, 1).people_per_replicate, p);
        std::partial_sort(largest.begin(), largest.begin() + std::ptrdiff_t(batch), largest.end(),
                          [](const auto& a, const auto& b) { return a.first > b.first; });
        held.clear();
        for (std::size_t i = 0; i < batch; ++i) held.push_back(largest[i].second);
      }
      guard_memory(model, held, vm, threads);
      parse_progress_mode(progress);
    }
  } catch (const InputError& e) {
    failure.emplace(e);
  }
  if (!world.all(!failure)) {
    if (failure && world.root()) throw *failure;
    return 2;
  }
  const double checkpoint_minutes = vm["checkpoint-minutes"].as<double>();
  if (!(checkpoint_minutes >= 0))
    throw InputError("--checkpoint-minutes " + std::to_string(checkpoint_minutes) + ": must be 0 (never) or more");

  RunSettings settings;
  settings.grain = std::uint32_t(checked_option(vm, "grain", RunSettings{}.grain, 1, kMaxGrain));
  settings.stop = interrupt.stop_flag();
  settings.resources = module_resources("sweep", vm);
  const ProgressMode mode = vm.count("quiet") || !world.root() ? ProgressMode::Never : parse_progress_mode(progress);
  const std::uint64_t days = std::uint64_t(sweep.points.front().params.integer("run.days"));
  ProgressReporter progress_line(mode, todo * days, todo, "commsim sweep");
  settings.days_done = progress_line.counter();

  const auto start = std::chrono::steady_clock::now();
  // Points [first, last): on every rank at once, or on this process's pool.
  const auto simulate = [&](std::size_t first, std::size_t last) {
    const std::vector<const ParameterSet*> some(parameters.begin() + std::ptrdiff_t(first),
                                                parameters.begin() + std::ptrdiff_t(last));
    const ReplicateMask some_skip(skip.begin() + std::ptrdiff_t(first), skip.begin() + std::ptrdiff_t(last));
    if (world.distributed()) return run_ensembles_distributed(world, model, some, settings, some_skip, threads);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run_ensembles(model, some, settings, some_skip);
  };
  // Every point's result, the resumed file's runs first; a summaries-only
  // sweep keeps only the shape and completion of each.
  std::vector<EnsembleResult> results;
  std::vector<std::optional<output::ScenarioReduction>> reduced(sweep.points.size());
  if (world.root()) {
    for (const ParameterSet* p : parameters) {
      results.push_back(empty_ensemble_result(model, run_settings(*p)));
      if (!daily) results.back().values = {};
    }
    restore_stored(output, stored, results);
  }
  // The file as it stands: for the checkpoints and the end.
  const auto record = [&] {
    output::ExperimentRecord experiment;
    experiment.command_line = command_line("sweep", args);
    for (std::size_t p = 0; p < sweep.points.size(); ++p)
      experiment.runs.push_back({sweep.points[p], results[p], reduced[p] ? &*reduced[p] : stored.reduction(p)});
    experiment.daily_series = daily;
    experiment.owned = owned_runs(sweep, shard);
    experiment.attributes = sweep_attributes(sweep, shard);
    experiment.should_stop = [&interrupt, seen = interrupt.count()] { return interrupt.count() > seen; };
    return experiment;
  };
  const MetricId members_metric = model.engine_metrics().members;
  double work = 0;  // member-days simulated
  bool replace = force;
  auto last_write = start;
  double write_seconds = 0;
  for (std::size_t first = 0; first < sweep.points.size(); first += batch) {
    const std::size_t last = std::min(sweep.points.size(), first + batch);
    std::vector<EnsembleResult> some = simulate(first, last);
    if (!world.root()) continue;
    work += member_days(some, members_metric);
    for (std::size_t i = 0; i < some.size(); ++i) {
      EnsembleResult& into = results[first + i];
      if (!daily) {
        if (some[i].completed() == some[i].replicates) {
          reduced[first + i] = output::reduce(some[i]);
          into.complete = some[i].complete;
        }
        continue;
      }
      copy_completed(some[i], into);
    }
    // A checkpoint, so that a job killed outright (SIGKILL, a lost node)
    // keeps what is done: every --checkpoint-minutes, and never more than a
    // tenth of the time on writing.
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_write).count();
    if (checkpoint_minutes > 0 && last < sweep.points.size() && !interrupt.signal() &&
        since >= std::max(60 * checkpoint_minutes, 10 * write_seconds)) {
      try {
        output::write_experiment(output, record(), replace);
        replace = true;  // the file is this sweep's own now
      } catch (const output::WriteAbandoned&) {
      } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "commsim sweep: warning: checkpoint not written: %s\n", e.what());
      }
      last_write = std::chrono::steady_clock::now();
      write_seconds = std::chrono::duration<double>(last_write - now).count();
    }
  }
  const int signal = interrupt.signal();
  if (signal) progress_line.clear();
  else progress_line.finish();
  if (!world.root()) return signal ? interrupted_status(signal) : 0;
  const double simulate_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const output::ExperimentRecord experiment = record();
  std::uint64_t completed = 0, expected = 0;
  for (std::size_t p = 0; p < results.size(); ++p) {
    if (!experiment.owned[p].front()) continue;  // another shard's point
    completed += daily || results[p].completed() == results[p].replicates ? results[p].completed() : 0;
    expected += results[p].replicates;
  }
  const std::string tally = std::to_string(completed) + " of " + std::to_string(expected) + " runs complete";
  if (signal && completed == 0) {
    std::fprintf(stderr, "commsim sweep: interrupted by %s: %s, nothing written\n", signal_name(signal).c_str(),
                 tally.c_str());
    return interrupted_status(signal);
  }
  try {
    output::write_experiment(output, experiment, replace);
  } catch (const output::WriteAbandoned&) {
    std::fprintf(stderr, "commsim sweep: interrupted by %s while writing %s: nothing written\n",
                 signal_name(interrupt.signal()).c_str(), output.c_str());
    return interrupted_status(interrupt.signal());
  }
  if (signal) {
    std::fprintf(stderr, "commsim sweep: interrupted by %s: %s, kept in %s (%s finishes it)\n",
                 signal_name(signal).c_str(), tally.c_str(), output.c_str(), resume_command("sweep", args).c_str());
    return interrupted_status(signal);
  }
  if (!vm.count("quiet")) {
    std::printf("%s: %zu points x %u replicates%s, %s: simulated %.3g member-days in %.2f s (%.3g member-days/s): %s\n",
                sweep.name.c_str(), sweep.points.size(), results.front().replicates,
                shard.count > 1 ? (" (shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count) + ")").c_str() : "",
                tally.c_str(), work, simulate_s, work / simulate_s, output.c_str());
  }
  return 0;
}

}  // namespace commsim::cli
