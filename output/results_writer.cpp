#include "output/results_writer.hpp"

#include <cctype>
#include <cmath>
#include <limits>
#include <set>

#include "output/atomic_file.hpp"
#include "output/build_info.hpp"
#include "output/hdf5_write.hpp"
#include "sim/input_error.hpp"

namespace commsim::output {
namespace {

const std::vector<std::string> kStatistics(kSummaryStatistics.begin(), kSummaryStatistics.end());
constexpr double kFill = std::numeric_limits<double>::quiet_NaN();

void stop_point(const ExperimentRecord& experiment) {
  if (experiment.should_stop && experiment.should_stop()) throw WriteAbandoned();
}

// Whether the file keeps scenario s: always with daily series; without,
// only when every replicate is complete.
bool kept(const ExperimentRecord& experiment, std::size_t s) {
  const EnsembleResult& result = experiment.runs[s].result;
  return experiment.daily_series || result.completed() == result.replicates;
}

bool all_complete(const ExperimentRecord& experiment) {
  for (std::size_t s = 0; s < experiment.runs.size(); ++s) {
    const EnsembleResult& result = experiment.runs[s].result;
    for (std::uint32_t r = 0; r < result.replicates; ++r)
      if ((experiment.owned.empty() || experiment.owned.at(s).at(r)) && !(result.complete[r] && kept(experiment, s)))
        return false;
  }
  return true;
}

// Keys whose values differ between the experiment's scenarios, in
// declaration order. The scenario section is left out: the name is the
// `scenario` coordinate itself, the description free text in /scenarios.
std::vector<std::size_t> varying_parameters(const ExperimentRecord& experiment) {
  std::vector<std::size_t> varying;
  const ParamRegistry& registry = experiment.runs.front().scenario.params.registry();
  for (std::size_t k = 0; k < registry.specs().size(); ++k) {
    if (registry.specs()[k].key.rfind("scenario.", 0) == 0) continue;  // name and description: /scenarios
    const ParamValue& first = experiment.runs.front().scenario.params.value_at(k);
    for (const ScenarioRun& run : experiment.runs)
      if (!(run.scenario.params.value_at(k) == first)) {
        varying.push_back(k);
        break;
      }
  }
  return varying;
}

// A parameter's values across the scenarios as a typed 1-D variable:
// float64, int64, int8 for booleans (CF flags), strings for text and for
// lists (as YAML flow text).
h5::Dataset write_parameter(hid_t group, const ParamSpec& spec, std::size_t index,
                            const ExperimentRecord& experiment) {
  const auto each = [&](auto read) {
    std::vector<decltype(read(experiment.runs.front().scenario.params.value_at(index)))> values;
    for (const ScenarioRun& run : experiment.runs) values.push_back(read(run.scenario.params.value_at(index)));
    return values;
  };
  h5::Dataset dataset;
  switch (spec.type) {
    case ParamType::Real:
      dataset = h5::write_doubles(group, spec.key, each([](const ParamValue& v) { return std::get<double>(v); }));
      break;
    case ParamType::Integer:
      dataset = h5::write_int64s(group, spec.key,
                                 each([](const ParamValue& v) { return std::get<std::int64_t>(v); }));
      break;
    case ParamType::Bool:
      dataset = h5::write_int8s(group, spec.key,
                                each([](const ParamValue& v) { return std::int8_t(std::get<bool>(v)); }));
      h5::write_attribute(dataset.get(), "flag_values", std::vector<std::int8_t>{0, 1});
      h5::write_attribute(dataset.get(), "flag_meanings", std::string("false true"));
      break;
    case ParamType::Text:
      dataset = h5::write_strings(group, spec.key,
                                  each([](const ParamValue& v) { return std::get<std::string>(v); }));
      break;
    case ParamType::List:
      dataset = h5::write_strings(group, spec.key,
                                  each([&](const ParamValue& v) { return value_yaml(spec, v); }));
      break;
  }
  h5::write_attribute(dataset.get(), "long_name", spec.help);
  // The scenario format's informal unit ("probability", "people/day"), not a
  // CF `units`.
  if (!spec.unit.empty()) h5::write_attribute(dataset.get(), "commsim_unit", spec.unit);
  h5::write_attribute(dataset.get(), "commsim_type", type_name(spec.type));
  return dataset;
}

// The coordinate variables of one group. Each group that holds variables
// defines its own, so that opening any one group (xarray's `group=`) gives
// named dimensions with their values.
class Coordinates {
 public:
  Coordinates(hid_t group, const ExperimentRecord& experiment, bool with_parameters) {
    std::vector<std::string> names;
    for (const ScenarioRun& run : experiment.runs) names.push_back(run.scenario.name());
    scenario_ = h5::write_strings(group, "scenario", names);
    h5::make_dimension_scale(scenario_.get(), "scenario");
    h5::write_attribute(scenario_.get(), "long_name", std::string("scenario name"));
    if (!with_parameters) return;
    const ParamRegistry& registry = experiment.runs.front().scenario.params.registry();
    for (std::size_t k : varying_parameters(experiment)) {
      h5::Dataset parameter = write_parameter(group, registry.specs()[k], k, experiment);
      h5::attach_dimension_scale(parameter.get(), scenario_.get(), 0);
      names_ += (names_.empty() ? "" : " ") + registry.specs()[k].key;
    }
  }

  hid_t scenario() const { return scenario_.get(); }
  hid_t add_index(hid_t group, const std::string& name, std::uint32_t size, const std::string& long_name) {
    std::vector<std::int32_t> values(size);
    for (std::uint32_t i = 0; i < size; ++i) values[i] = std::int32_t(i);
    h5::Dataset& scale = scales_.emplace_back(h5::write_int32s(group, name, values));
    h5::make_dimension_scale(scale.get(), name);
    h5::write_attribute(scale.get(), "long_name", long_name);
    return scale.get();
  }
  hid_t add_labels(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                   const std::string& long_name) {
    h5::Dataset& scale = scales_.emplace_back(h5::write_strings(group, name, labels));
    h5::make_dimension_scale(scale.get(), name);
    h5::write_attribute(scale.get(), "long_name", long_name);
    return scale.get();
  }
  // The CF `coordinates` attribute: the varying parameters, so that readers
  // attach them to every variable along `scenario`.
  void describe(hid_t variable) const {
    if (!names_.empty()) h5::write_attribute(variable, "coordinates", names_);
  }

 private:
  h5::Dataset scenario_;
  std::vector<h5::Dataset> scales_;
  std::string names_;
};

constexpr const char* kDayLongName = "day of the run (0 = the first simulated day, a Monday)";

// CF attributes of a metric variable, shared by its series and summary.
void describe_metric(hid_t variable, const MetricSpec& spec, const Coordinates& coordinates) {
  std::string long_name = spec.description;
  if (!long_name.empty() && long_name.back() == '.') long_name.pop_back();
  h5::write_attribute(variable, "long_name", long_name);
  h5::write_attribute(variable, "units", spec.units);
  h5::write_attribute(variable, "kind", std::string(kind_name(spec.kind)));
  h5::write_attribute(variable, "better", std::string(better_name(spec.better)));
  h5::write_attribute(variable, "_FillValue", kFill);
  coordinates.describe(variable);
}

void write_global_attributes(hid_t root, const ExperimentRecord& experiment) {
  const BuildInfo& build = build_info();
  std::string names;
  for (const ScenarioRun& run : experiment.runs) names += (names.empty() ? "" : ", ") + run.scenario.name();
  h5::write_attribute(root, "Conventions", std::string("CF-1.8"));
  h5::write_attribute(root, "title", "commsim experiment: " + names);
  h5::write_attribute(root, "history", experiment.command_line);
  h5::write_attribute(root, "source", "commsim " + build.version + " (git " + build.git_commit + ")");
  h5::write_attribute(root, "comment",
                      std::string("Daily series of an agent-based simulation of online communities; "
                                  "layout in commsim's docs/output-format.md."));
  h5::write_attribute(root, "schema_version", std::int32_t{kSchemaVersion});
  h5::write_attribute(root, "commsim_version", build.version);
  h5::write_attribute(root, "git_commit", build.git_commit);
  h5::write_attribute(root, "build_type", build.build_type);
  h5::write_attribute(root, "compiler", build.compiler);
  h5::write_attribute(root, "compiler_flags", build.compiler_flags);
  for (const auto& [library, version] : build.libraries) {
    std::string name = library + "_version";
    for (char& c : name) c = c == '-' ? '_' : char(std::tolower(static_cast<unsigned char>(c)));
    h5::write_attribute(root, name, version);
  }
  const EnsembleResult& first = experiment.runs.front().result;
  h5::write_attribute(root, "replicates", std::int64_t{first.replicates});
  h5::write_attribute(root, "days", std::int64_t{first.days});
  const std::int64_t seed = experiment.runs.front().scenario.params.integer("run.seed");
  bool shared_seed = true;
  for (const ScenarioRun& run : experiment.runs) shared_seed &= run.scenario.params.integer("run.seed") == seed;
  if (shared_seed) h5::write_attribute(root, "seed", seed);
  // 0 for a run stopped early (a signal): /replicate_complete says which.
  h5::write_attribute(root, "complete", std::int32_t{all_complete(experiment)});
  h5::write_attribute(root, "series", std::string(experiment.daily_series ? "daily" : "summaries"));
  for (const FileAttribute& attribute : experiment.attributes)
    std::visit([&](const auto& value) { h5::write_attribute(root, attribute.name, value); }, attribute.value);
}

// Which replicates were simulated to the end: /replicate_complete(scenario,
// replicate), int8 flags; the others' series are NaN.
void write_completion(hid_t root, const ExperimentRecord& experiment, const Coordinates& coordinates,
                      hid_t replicate) {
  const EnsembleResult& first = experiment.runs.front().result;
  std::vector<std::int8_t> flags;
  for (std::size_t s = 0; s < experiment.runs.size(); ++s)
    for (std::uint8_t c : experiment.runs[s].result.complete) flags.push_back(std::int8_t(c != 0 && kept(experiment, s)));
  h5::Dataset variable =
      h5::write_int8_matrix(root, "replicate_complete", experiment.runs.size(), first.replicates, flags);
  h5::attach_dimension_scale(variable.get(), coordinates.scenario(), 0);
  h5::attach_dimension_scale(variable.get(), replicate, 1);
  h5::write_attribute(variable.get(), "long_name",
                      std::string("1 when the replicate was simulated to the last day; 0: its series are NaN"));
  h5::write_attribute(variable.get(), "flag_values", std::vector<std::int8_t>{0, 1});
  h5::write_attribute(variable.get(), "flag_meanings", std::string("incomplete complete"));
}

// Every daily series: one variable per metric, (scenario, replicate, day).
void write_series(hid_t root, const ExperimentRecord& experiment) {
  const EnsembleResult& first = experiment.runs.front().result;
  Coordinates coordinates(root, experiment, true);
  const hid_t replicate = coordinates.add_index(root, "replicate", first.replicates, "replicate index");
  const hid_t day = coordinates.add_index(root, "day", first.days, kDayLongName);
  write_completion(root, experiment, coordinates, replicate);
  if (!experiment.daily_series) return;
  const hsize_t scenarios = experiment.runs.size();
  for (MetricId m = 0; m < first.metrics.size(); ++m) {
    stop_point(experiment);
    const MetricSpec& spec = first.metrics[m];
    // Chunks of whole series of up to 64 replicates of one scenario: a
    // reader of one replicate or one scenario touches few chunks.
    h5::Dataset variable = h5::create_dataset(root, spec.name, H5T_IEEE_F64LE,
                                              {scenarios, first.replicates, first.days},
                                              {1, std::min<hsize_t>(first.replicates, 64), first.days}, &kFill);
    // A scenario with nothing complete (another shard's point) is left to
    // the fill value: its chunks are never allocated.
    for (hsize_t s = 0; s < scenarios; ++s)
      if (experiment.runs[s].result.completed() > 0)
        h5::write_block(variable.get(), {s, 0, 0}, {1, first.replicates, first.days},
                        experiment.runs[s].result.metric_block(m).data());
    h5::attach_dimension_scale(variable.get(), coordinates.scenario(), 0);
    h5::attach_dimension_scale(variable.get(), replicate, 1);
    h5::attach_dimension_scale(variable.get(), day, 2);
    describe_metric(variable.get(), spec, coordinates);
  }
}

// The reductions of the kept scenarios, computed once (or as given).
std::vector<ScenarioReduction> reductions(const ExperimentRecord& experiment) {
  std::vector<ScenarioReduction> out(experiment.runs.size());
  for (std::size_t s = 0; s < experiment.runs.size(); ++s) {
    const ScenarioRun& run = experiment.runs[s];
    if (!kept(experiment, s) || run.result.completed() == 0) continue;
    out[s] = run.reduction ? *run.reduction : reduce(run.result);
  }
  return out;
}

// Quantiles and mean across replicates: /summary/<metric>(scenario, statistic, day).
void write_summaries(hid_t root, const ExperimentRecord& experiment, const std::vector<ScenarioReduction>& reduced) {
  const EnsembleResult& first = experiment.runs.front().result;
  h5::Group group = h5::make_group(root, "summary");
  Coordinates coordinates(group.get(), experiment, true);
  const hid_t statistic = coordinates.add_labels(
      group.get(), "statistic", kStatistics,
      "statistic across replicates (pNN: NNth percentile, numpy's linear method; mean)");
  const hid_t day = coordinates.add_index(group.get(), "day", first.days, kDayLongName);
  const hsize_t scenarios = experiment.runs.size(), statistics = kStatistics.size();
  const std::size_t block = statistics * first.days;
  for (MetricId m = 0; m < first.metrics.size(); ++m) {
    stop_point(experiment);
    const MetricSpec& spec = first.metrics[m];
    h5::Dataset variable = h5::create_dataset(group.get(), spec.name, H5T_IEEE_F64LE,
                                              {scenarios, statistics, first.days},
                                              {1, statistics, first.days}, &kFill);
    for (hsize_t s = 0; s < scenarios; ++s)
      if (!reduced[s].summary.empty())
        h5::write_block(variable.get(), {s, 0, 0}, {1, statistics, first.days},
                        reduced[s].summary.data() + m * block);
    h5::attach_dimension_scale(variable.get(), coordinates.scenario(), 0);
    h5::attach_dimension_scale(variable.get(), statistic, 1);
    h5::attach_dimension_scale(variable.get(), day, 2);
    describe_metric(variable.get(), spec, coordinates);
  }
}

// Per replicate: /final/<metric>(scenario, replicate), the last day's value,
// and /total/<metric>(scenario, replicate), the sum over days of a flow.
void write_per_replicate(hid_t root, const ExperimentRecord& experiment, const std::vector<ScenarioReduction>& reduced,
                         bool totals) {
  const EnsembleResult& first = experiment.runs.front().result;
  h5::Group group = h5::make_group(root, totals ? "total" : "final");
  Coordinates coordinates(group.get(), experiment, true);
  const hid_t replicate = coordinates.add_index(group.get(), "replicate", first.replicates, "replicate index");
  const hsize_t scenarios = experiment.runs.size();
  for (MetricId m = 0; m < first.metrics.size(); ++m) {
    const MetricSpec& spec = first.metrics[m];
    if (totals && spec.kind != MetricKind::Flow) continue;
    stop_point(experiment);
    std::vector<double> values(scenarios * first.replicates, kFill);
    for (std::size_t s = 0; s < scenarios; ++s) {
      const std::vector<double>& source = totals ? reduced[s].total : reduced[s].final;
      if (!source.empty())
        std::copy_n(source.begin() + std::ptrdiff_t(m * first.replicates), first.replicates,
                    values.begin() + std::ptrdiff_t(s * first.replicates));
    }
    h5::Dataset variable = h5::create_dataset(group.get(), spec.name, H5T_IEEE_F64LE, {scenarios, first.replicates},
                                              {1, first.replicates}, &kFill);
    h5::write_block(variable.get(), {0, 0}, {scenarios, first.replicates}, values.data());
    h5::attach_dimension_scale(variable.get(), coordinates.scenario(), 0);
    h5::attach_dimension_scale(variable.get(), replicate, 1);
    describe_metric(variable.get(), spec, coordinates);
    h5::write_attribute(variable.get(), "cell_methods",
                        std::string(totals ? "day: sum" : "day: point (the last day)"));
  }
}

// How each scenario was given: /scenarios/<field>(scenario), strings.
void write_scenario_texts(hid_t root, const ExperimentRecord& experiment) {
  h5::Group group = h5::make_group(root, "scenarios");
  Coordinates coordinates(group.get(), experiment, false);
  const auto field = [&](const std::string& name, const std::string& long_name, auto text_of) {
    std::vector<std::string> values;
    for (const ScenarioRun& run : experiment.runs) values.push_back(text_of(run.scenario));
    h5::Dataset variable = h5::write_strings(group.get(), name, values);
    h5::attach_dimension_scale(variable.get(), coordinates.scenario(), 0);
    h5::write_attribute(variable.get(), "long_name", long_name);
  };
  field("description", "the scenario's one-line description",
        [](const Scenario& s) { return s.params.text("scenario.description"); });
  field("source", "the scenario file as named on the command line", [](const Scenario& s) { return s.source; });
  field("variant_of", "for a variant, the name of the base scenario of its file; empty for a base",
        [](const Scenario& s) { return s.variant_of; });
  field("text", "the scenario file exactly as given", [](const Scenario& s) { return s.text; });
  field("overrides", "command-line overrides key=value in the order applied, one per line",
        [](const Scenario& s) {
          std::string lines;
          for (const std::string& line : s.overrides) lines += line + "\n";
          return lines;
        });
  field("resolved_parameters", "every parameter of the run as a scenario file that reproduces it",
        [](const Scenario& s) { return s.params.to_yaml(); });
}

// Every parameter's value, typed: /parameters/<key>(scenario).
void write_parameters(hid_t root, const ExperimentRecord& experiment) {
  h5::Group group = h5::make_group(root, "parameters");
  Coordinates coordinates(group.get(), experiment, false);
  const ParamRegistry& registry = experiment.runs.front().scenario.params.registry();
  for (std::size_t k = 0; k < registry.specs().size(); ++k) {
    h5::Dataset variable = write_parameter(group.get(), registry.specs()[k], k, experiment);
    h5::attach_dimension_scale(variable.get(), coordinates.scenario(), 0);
  }
}

void write_file(const std::string& path, const ExperimentRecord& experiment) {
  h5::silence_library_errors();
  h5::File file;
  {
    h5::PropertyList fcpl = h5::untimed_create_list(H5P_FILE_CREATE);
    file = h5::File(h5::check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT),
                              "create file " + path));
    write_global_attributes(file.get(), experiment);
    write_series(file.get(), experiment);
    const std::vector<ScenarioReduction> reduced = reductions(experiment);
    write_summaries(file.get(), experiment, reduced);
    write_per_replicate(file.get(), experiment, reduced, false);
    write_per_replicate(file.get(), experiment, reduced, true);
    stop_point(experiment);
    write_scenario_texts(file.get(), experiment);
    write_parameters(file.get(), experiment);
  }
  // Every object is closed: the flush writes the rest and reports failure,
  // and so may the close.
  h5::check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "write the file");
  h5::check(H5Fclose(file.release()), "close the file");
  stop_point(experiment);
}

}  // namespace

ScenarioReduction reduce(const EnsembleResult& result) {
  ScenarioReduction out;
  const std::size_t metrics = result.metrics.size(), replicates = result.replicates, days = result.days;
  out.final.assign(metrics * replicates, kFill);
  out.total.assign(metrics * replicates, kFill);
  out.summary.assign(metrics * kStatistics.size() * days, kFill);
  for (MetricId m = 0; m < metrics; ++m) {
    for (std::uint32_t r = 0; r < replicates; ++r) {
      if (!result.complete[r] || days == 0) continue;
      const auto series = result.series(m, r);
      out.final[m * replicates + r] = series.back();
      if (result.metrics[m].kind != MetricKind::Flow) continue;
      double sum = 0;  // NaN days (not observed) count as nothing
      for (double x : series)
        if (!std::isnan(x)) sum += x;
      out.total[m * replicates + r] = sum;
    }
    const MetricSummary summary = summarize(result, m);
    double* block = out.summary.data() + m * kStatistics.size() * days;
    for (std::size_t q = 0; q < summary.quantiles.size(); ++q)
      std::copy(summary.quantiles[q].begin(), summary.quantiles[q].end(), block + q * days);
    std::copy(summary.mean.begin(), summary.mean.end(), block + (kStatistics.size() - 1) * days);
  }
  return out;
}

void check_experiment(const std::vector<const Scenario*>& scenarios) {
  std::set<std::string> names;
  const Scenario& first = *scenarios.front();
  for (const Scenario* s : scenarios) {
    if (!names.insert(s->name()).second)
      throw InputError(s->source + ": scenario name '" + s->name() +
                       "' is used twice in one experiment (set scenario.name)");
    for (const char* key : {"run.days", "run.replicates"})
      if (s->params.integer(key) != first.params.integer(key))
        throw InputError(s->source + ": key '" + key + "' (" + std::to_string(s->params.integer(key)) +
                         ") differs from " + first.source + " (" +
                         std::to_string(first.params.integer(key)) +
                         "): scenarios in one file share days and replicates");
  }
}

void write_experiment(const std::string& path, const ExperimentRecord& experiment, bool replace) {
  const std::string temporary = temporary_path_for(path);
  try {
    write_file(temporary, experiment);
  } catch (const h5::Error& e) {
    discard(temporary);
    throw std::runtime_error("cannot write " + path + ": " + e.what());
  } catch (...) {
    discard(temporary);
    throw;
  }
  publish(temporary, path, replace);
}

}  // namespace commsim::output
