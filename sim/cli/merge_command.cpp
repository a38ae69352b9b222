// `commsim merge` (a Slurm array's parts into one file) and `commsim rerun`
// (one point of a sweep file, exactly).
#include <oneapi/tbb/global_control.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <map>
#include <optional>

#include "models/all_modules.hpp"
#include "output/results_reader.hpp"
#include "output/results_writer.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/resume.hpp"
#include "sim/cli/run_support.hpp"
#include "sim/cli/sweep_files.hpp"
#include "sim/input_error.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

namespace {

struct Part {
  std::string path;
  output::ResultsReader file;
  std::int64_t index = 0, count = 1;
};

std::string text_or_none(const output::ResultsReader& file, const char* name) {
  return file.has_attribute("/", name) ? file.text_attribute("/", name) : std::string("(none)");
}

// Checks that the parts are the shards 0..N-1 of one sweep, each complete,
// from one build; returns them ordered by shard index.
std::vector<Part> check_parts(const std::vector<std::string>& paths) {
  std::vector<Part> parts;
  std::map<std::int64_t, std::string> seen;
  for (const std::string& path : paths) {
    Part part{path, output::ResultsReader(path)};
    if (!part.file.has_attribute("/", "sweep_hash"))
      throw InputError(path + ": not a sweep part (no sweep_hash attribute; written by commsim sweep --shard)");
    if (!part.file.has_attribute("/", "shard_count"))
      throw InputError(path + ": a whole sweep, not a shard: nothing to merge");
    part.index = part.file.integer_attribute("/", "shard_index");
    part.count = part.file.integer_attribute("/", "shard_count");
    if (!parts.empty()) {
      const Part& first = parts.front();
      for (const char* name : {"sweep_hash", "git_commit", "series"})
        if (text_or_none(part.file, name) != text_or_none(first.file, name))
          throw InputError(path + ": attribute " + name + " is " + text_or_none(part.file, name) + ", but " + first.path +
                           " has " + text_or_none(first.file, name) +
                           (std::string(name) == "git_commit" ? " (every part must come from the same commsim build)"
                                                              : " (parts of different sweeps)"));
      if (part.count != first.count)
        throw InputError(path + ": shard " + std::to_string(part.index) + " of " + std::to_string(part.count) + ", but " +
                         first.path + " is one of " + std::to_string(first.count));
    }
    if (const auto [it, fresh] = seen.emplace(part.index, path); !fresh)
      throw InputError(path + ": shard " + std::to_string(part.index) + "/" + std::to_string(part.count) +
                       " is given twice (also " + it->second + ")");
    if (!part.file.complete())
      throw InputError(path + ": shard " + std::to_string(part.index) + "/" + std::to_string(part.count) +
                       " is incomplete; finish it with the command in its history attribute and --resume");
    parts.push_back(std::move(part));
  }
  const std::int64_t count = parts.front().count;
  std::string missing;
  for (std::int64_t i = 0; i < count; ++i)
    if (!seen.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  if (!missing.empty())
    throw InputError("merge: shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
                     " of " + std::to_string(count) + " missing");
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.index < b.index; });
  return parts;
}

// The point's index from "12" or its name "p0012".
std::size_t point_index(const output::ResultsReader& file, const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    const std::size_t p = std::stoul(text);
    if (p >= file.scenarios().size())
      throw InputError("--point " + text + ": the file has points 0 to " + std::to_string(file.scenarios().size() - 1));
    return p;
  }
  return file.scenario_index(text);
}

}  // namespace

int merge_command(const std::vector<std::string>& args) {
  std::vector<std::string> inputs;
  std::string output;
  po::options_description options("options"), hidden;
  options.add_options()("help,h", "show this help")(
      "output,o", po::value(&output)->required()->value_name("OUT.h5"), "the merged file")(
      "force", "replace the output file if it exists (atomically)");
  hidden.add_options()("part", po::value(&inputs)->required(), "part files");
  po::positional_options_description positional;
  positional.add("part", -1);
  po::variables_map vm;
  if (!parse_options(args, "commsim merge PART.h5... -o OUT.h5", options, hidden, positional, vm)) return 0;
  const std::vector<Part> parts = check_parts(inputs);
  output::check_output_path(output, vm.count("force") > 0, inputs);
  const Model model = models::standard_model();
  const output::ResultsReader& first = parts.front().file;
  const std::vector<Scenario> points = stored_scenarios(first, parts.front().path, model.parameters());
  std::vector<EnsembleResult> results;
  std::vector<output::ScenarioReduction> reductions(points.size());
  std::vector<ReplicateMask> held(parts.size());  // per part: the runs it holds, as --resume reads them
  for (std::size_t p = 0; p < points.size(); ++p) {
    const std::size_t owner = p % parts.size();
    const output::ResultsReader& file = parts[owner].file;
    if (file.scenarios() != first.scenarios())
      throw InputError(parts[owner].path + ": its points differ from " + parts.front().path + "'s");
    results.push_back(empty_ensemble_result(model, run_settings(points[p].params)));
    const std::vector<std::uint8_t> complete = file.replicate_complete(p);
    for (std::uint32_t r = 0; r < results[p].replicates; ++r)
      if (!complete[r])
        throw InputError(parts[owner].path + ": point " + points[p].name() + " replicate " + std::to_string(r) +
                         " is missing from its shard");
    for (std::size_t i = 0; i < parts.size(); ++i)
      held[i].emplace_back(results[p].replicates, std::uint8_t(i == owner));
    reductions[p] = file.reduction(p);
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (first.daily_series()) {
      fill_from_file(parts[i].path, held[i], results);  // series bit for bit, flags set
      continue;
    }
    for (std::size_t p = 0; p < points.size(); ++p)
      if (held[i][p].front()) std::fill(results[p].complete.begin(), results[p].complete.end(), 1);
  }
  output::ExperimentRecord experiment;
  experiment.command_line = command_line("merge", args);
  for (std::size_t p = 0; p < points.size(); ++p) experiment.runs.push_back({points[p], results[p], &reductions[p]});
  experiment.daily_series = first.daily_series();
  experiment.attributes = stored_sweep_attributes(first);
  std::string histories;
  for (const Part& part : parts) histories += text_or_none(part.file, "history") + "\n";
  experiment.attributes.push_back({"merged_from", histories});
  output::write_experiment(output, experiment, vm.count("force") > 0);
  std::printf("merged %zu shards (%zu points): %s\n", parts.size(), points.size(), output.c_str());
  return 0;
}

int rerun_command(const std::vector<std::string>& args) {
  std::string input, output, point_text;
  po::options_description options("options"), hidden;
  options.add_options()("help,h", "show this help")(
      "point", po::value(&point_text)->required()->value_name("P"), "the point: its index or name (p0012)")(
      "replicate", po::value<std::int64_t>()->value_name("R"), "only this replicate (default: all of the point's)")(
      "output,o", po::value(&output)->required()->value_name("ONE.h5"), "the file to write")(
      "force", "replace the output file if it exists (atomically)")(
      "threads", po::value<std::int64_t>()->value_name("N"), "worker threads, 1 to 1024; never changes results");
  hidden.add_options()("input", po::value(&input)->required(), "sweep file");
  po::positional_options_description positional;
  positional.add("input", 1);
  po::variables_map vm;
  if (!parse_options(args, "commsim rerun OUT.h5 --point P [--replicate R] -o ONE.h5", options, hidden, positional,
                     vm))
    return 0;
  const output::ResultsReader file(input);
  const std::size_t p = point_index(file, point_text);
  output::check_output_path(output, vm.count("force") > 0, {input});
  const Model model = models::standard_model();
  const std::vector<Scenario> scenarios = stored_scenarios(file, input, model.parameters());
  const Scenario& point = scenarios[p];
  const std::uint32_t replicates = std::uint32_t(point.params.integer("run.replicates"));
  std::vector<std::vector<std::uint8_t>> skip(1, std::vector<std::uint8_t>(replicates, 0));
  if (vm.count("replicate")) {
    const std::int64_t r = checked_option(vm, "replicate", 0, 0, std::int64_t(replicates) - 1);
    skip[0].assign(replicates, 1);
    skip[0][std::size_t(r)] = 0;
  }
  std::optional<tbb::global_control> limit;
  if (vm.count("threads"))
    limit.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(checked_option(vm, "threads", 0, 1, 1024)));
  RunSettings settings;
  const std::vector<EnsembleResult> results = run_ensembles(model, {&point.params}, settings, skip);
  output::ExperimentRecord experiment;
  experiment.runs.push_back({point, results.front()});
  experiment.command_line = command_line("rerun", args);
  experiment.owned = {std::vector<std::uint8_t>(replicates, 0)};
  for (std::uint32_t r = 0; r < replicates; ++r) experiment.owned[0][r] = !skip[0][r];
  experiment.attributes = stored_sweep_attributes(file);
  experiment.attributes.push_back({"rerun_of", input});
  output::write_experiment(output, experiment, vm.count("force") > 0);
  std::printf("re-ran point %s (%s) of %s: %s\n", point.name().c_str(),
              vm.count("replicate") ? ("replicate " + std::to_string(vm["replicate"].as<std::int64_t>())).c_str()
                                    : ("all " + std::to_string(replicates) + " replicates").c_str(),
              input.c_str(), output.c_str());
  return 0;
}

}  // namespace commsim::cli
