#include "sim/cli/sweep_files.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "sim/input_error.hpp"

namespace commsim::cli {
namespace {

bool all_set(const std::vector<std::uint8_t>& flags) {
  return std::all_of(flags.begin(), flags.end(), [](std::uint8_t f) { return f != 0; });
}

// The sweep's identity attributes: text ones, then integer ones.
const char* const kTextAttributes[] = {"sweep_name", "sweep_design", "sweep_parameters", "sweep_scales", "sweep_streams",
                                       "sweep_hash", "sweep_source"};
const char* const kIntegerAttributes[] = {"sweep_points", "sweep_seed", "sobol_base_samples"};

}  // namespace

ReplicateMask owned_runs(const Sweep& sweep, const Shard& shard) {
  ReplicateMask owned;
  for (std::size_t p = 0; p < sweep.points.size(); ++p)
    owned.emplace_back(std::size_t(sweep.points[p].params.integer("run.replicates")),
                       std::uint8_t(p % shard.count == shard.index));
  return owned;
}

SweepResume resumable_sweep(const std::string& path, const Sweep& sweep, const Shard& shard, bool daily_series) {
  SweepResume stored;
  std::error_code missing;
  if (!std::filesystem::exists(path, missing)) throw InputError(path + ": --resume: no such file (nothing to resume)");
  {
    const output::ResultsReader file(path);
    const auto text_or = [&](const char* name) {
      return file.has_attribute("/", name) ? file.text_attribute("/", name) : std::string("(none)");
    };
    if (text_or("sweep_hash") != sweep.hash)
      throw InputError(path + ": --resume: the file is of another sweep (sweep_hash " + text_or("sweep_hash") +
                       ", this sweep " + sweep.hash + ")");
    const std::int64_t count = file.has_attribute("/", "shard_count") ? file.integer_attribute("/", "shard_count") : 1;
    const std::int64_t index = file.has_attribute("/", "shard_index") ? file.integer_attribute("/", "shard_index") : 0;
    if (std::uint64_t(count) != shard.count || std::uint64_t(index) != shard.index)
      throw InputError(path + ": --resume: the file is shard " + std::to_string(index) + "/" + std::to_string(count) +
                       ", this command shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count));
    if (file.daily_series() != daily_series)
      throw InputError(path + ": --resume: the file was written " +
                       (file.daily_series() ? "with daily series" : "with --summaries-only") + "; resume it the same way");
    if (file.complete()) {
      stored.already_complete = true;
      return stored;
    }
  }
  stored.done = resumable_replicates(path, sweep.points);
  if (daily_series) return stored;
  // Summaries only: a point is stored whole or not at all.
  const output::ResultsReader file(path);
  stored.reductions.resize(sweep.points.size());
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    if (all_set(stored.done[p])) stored.reductions[p] = file.reduction(p);
    else std::fill(stored.done[p].begin(), stored.done[p].end(), 0);
  }
  return stored;
}

ReplicateMask runs_to_skip(const Sweep& sweep, const Shard& shard, const SweepResume& stored) {
  ReplicateMask skip = owned_runs(sweep, shard);
  for (std::size_t p = 0; p < skip.size(); ++p)
    for (std::size_t r = 0; r < skip[p].size(); ++r)
      skip[p][r] = !skip[p][r] || (!stored.done.empty() && stored.done[p][r]);
  return skip;
}

void restore_stored(const std::string& path, const SweepResume& stored, std::vector<EnsembleResult>& results) {
  if (stored.done.empty()) return;
  if (stored.reductions.empty()) {
    fill_from_file(path, stored.done, results);
    return;
  }
  for (std::size_t p = 0; p < results.size(); ++p)
    if (stored.reduction(p)) std::fill(results[p].complete.begin(), results[p].complete.end(), 1);
}

std::vector<output::FileAttribute> sweep_attributes(const Sweep& sweep, const Shard& shard) {
  std::string keys, scales;
  for (const SweptParameter& p : sweep.parameters) {
    keys += (keys.empty() ? "" : " ") + p.key;
    scales += std::string(scales.empty() ? "" : " ") +
              (sweep.design == SweepDesign::Grid ? "levels" : p.log_scale ? "log" : "linear");
  }
  std::vector<output::FileAttribute> attributes = {
      {"sweep_name", sweep.name},
      {"sweep_design", std::string(design_name(sweep.design))},
      {"sweep_parameters", keys},
      {"sweep_scales", scales},
      {"sweep_streams", std::string(sweep.independent_streams ? "independent" : "common")},
      {"sweep_hash", sweep.hash},
      {"sweep_source", sweep.source},
      {"sweep_points", std::int64_t(sweep.points.size())},
      {"sweep_seed", std::int64_t(sweep.seed)},
  };
  if (sweep.design == SweepDesign::Sobol) attributes.push_back({"sobol_base_samples", std::int64_t(sweep.samples)});
  if (shard.count > 1) {
    attributes.push_back({"shard_index", std::int64_t(shard.index)});
    attributes.push_back({"shard_count", std::int64_t(shard.count)});
  }
  return attributes;
}

std::vector<output::FileAttribute> stored_sweep_attributes(const output::ResultsReader& file) {
  std::vector<output::FileAttribute> attributes;
  for (const char* name : kTextAttributes)
    if (file.has_attribute("/", name)) attributes.push_back({name, file.text_attribute("/", name)});
  for (const char* name : kIntegerAttributes)
    if (file.has_attribute("/", name)) attributes.push_back({name, file.integer_attribute("/", name)});
  return attributes;
}

std::vector<Scenario> stored_scenarios(const output::ResultsReader& file, const std::string& path,
                                       const ParamRegistry& registry) {
  std::vector<Scenario> scenarios;
  for (std::size_t s = 0; s < file.scenarios().size(); ++s) {
    const std::string where = path + ": /scenarios/resolved_parameters of '" + file.scenarios()[s] + "'";
    Scenario scenario = parse_scenario(file.scenario_field(s, "resolved_parameters"), where, registry);
    scenario.source = file.scenario_field(s, "source");
    scenario.text = file.scenario_field(s, "text");
    scenario.variant_of = file.scenario_field(s, "variant_of");
    std::istringstream lines(file.scenario_field(s, "overrides"));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) scenario.overrides.push_back(line);
    scenarios.push_back(std::move(scenario));
  }
  return scenarios;
}

}  // namespace commsim::cli
