// `commsim info FILE.h5`: what a results file holds, without Python.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "output/results_reader.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/text_format.hpp"
#include "sim/cli/text_table.hpp"
#include "sim/ensemble.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

namespace {

struct DayStatistics {
  double p05, p50, p95, mean;
};

// Across replicates, the value on `day` (flows summed from day 0 when
// `cumulative`); NaN (not observed) left out.
DayStatistics statistics_on(const output::SeriesData& series, std::uint64_t day, bool cumulate) {
  std::vector<double> values;
  for (std::uint64_t r = 0; r < series.replicates; ++r) {
    double x = series.at(r, day);
    if (cumulate) {
      x = 0;
      for (std::uint64_t d = 0; d <= day; ++d) x += series.at(r, d);
    }
    if (!std::isnan(x)) values.push_back(x);
  }
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double x : values) sum += x;
  return {quantile_of_sorted(values, 0.05), quantile_of_sorted(values, 0.5),
          quantile_of_sorted(values, 0.95), values.empty() ? std::nan("") : sum / double(values.size())};
}

// A summaries-only file's statistics: /summary on the day, or the
// replicates' /total for a flow summed to the last day.
DayStatistics stored_statistics(const output::ResultsReader& file, std::size_t s, const std::string& metric,
                                std::uint64_t day, bool cumulate) {
  if (cumulate) {
    const output::SeriesData totals{file.replicates(), 1, file.per_replicate("total", s, metric)};
    return statistics_on(totals, 0, false);
  }
  const auto at = [&](const char* statistic) { return file.summary(s, metric, statistic)[day]; };
  return {at("p05"), at("p50"), at("p95"), at("mean")};
}

// Zero or unobserved on every day of every replicate of every scenario.
bool all_zero(const output::ResultsReader& file, const std::string& metric) {
  for (std::size_t s = 0; s < file.scenarios().size(); ++s) {
    if (!file.daily_series()) {
      for (const char* statistic : {"p05", "p95"})
        for (double x : file.summary(s, metric, statistic))
          if (x != 0 && !std::isnan(x)) return false;
      continue;
    }
    for (double x : file.series(s, metric).values)
      if (x != 0 && !std::isnan(x)) return false;
  }
  return true;
}

}  // namespace

int info_command(const std::vector<std::string>& args) {
  std::string path, metric_list;
  std::int64_t day_option = -1;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("day", po::value(&day_option)->value_name("D"), "day to show (default: the last)")
      ("metric", po::value(&metric_list)->value_name("A,B"), "comma-separated metrics to show (default: all that are not zero)")
      ("cumulative", "flows summed from day 0 to the day shown")
      ("all", "show metrics that are zero throughout too")
      ("json", "print the summary as JSON on stdout");
  po::options_description hidden;
  hidden.add_options()("file", po::value(&path)->required(), "results file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  if (!parse_options(args, "commsim info FILE.h5 [options]", options, hidden, positional, vm)) return 0;

  const output::ResultsReader file(path);
  if (file.days() == 0 || file.replicates() == 0 || file.scenarios().empty())
    throw InputError(path + ": the file holds no simulated days");
  if (day_option < -1 || day_option >= std::int64_t(file.days()))
    throw InputError("--day " + std::to_string(day_option) + ": must be in [0, " +
                     std::to_string(file.days() - 1) + "]");
  const std::uint64_t day = day_option < 0 ? file.days() - 1 : std::uint64_t(day_option);
  const bool cumulative = vm.count("cumulative") > 0;
  if (!file.daily_series() && cumulative && day != file.days() - 1)
    throw InputError(path + ": holds summaries only (--summaries-only): --cumulative is kept for the last day only");
  std::vector<std::string> metrics = split_names(metric_list);
  for (const std::string& m : metrics) file.metric(m);  // unknown names are errors
  std::size_t hidden_zero = 0;
  if (metrics.empty())
    for (const output::MetricInfo& m : file.metrics()) {
      if (!vm.count("all") && all_zero(file, m.name)) {
        ++hidden_zero;
        continue;
      }
      metrics.push_back(m.name);
    }

  const bool has_seed = file.has_attribute("/", "seed");
  nlohmann::ordered_json json;
  json["file"] = path;
  json["schema_version"] = file.integer_attribute("/", "schema_version");
  json["commsim_version"] = file.text_attribute("/", "commsim_version");
  json["git_commit"] = file.text_attribute("/", "git_commit");
  if (has_seed) json["seed"] = file.integer_attribute("/", "seed");
  json["replicates"] = file.replicates();
  json["days"] = file.days();
  const bool complete = file.complete();
  const std::uint64_t completed = file.completed_replicates(), pairs = file.replicates() * file.scenarios().size();
  json["complete"] = complete;
  json["replicates_complete"] = completed;  // over every scenario, of scenarios x replicates
  json["history"] = file.text_attribute("/", "history");
  json["series"] = file.daily_series() ? "daily" : "summaries";
  const bool sweep = file.has_attribute("/", "sweep_hash");
  const bool shard = file.has_attribute("/", "shard_count");
  if (sweep) {
    for (const char* name : {"sweep_name", "sweep_design", "sweep_parameters", "sweep_hash"})
      json[name] = file.text_attribute("/", name);
    json["sweep_points"] = file.integer_attribute("/", "sweep_points");
  }
  if (shard)
    json["shard"] = {{"index", file.integer_attribute("/", "shard_index")},
                     {"count", file.integer_attribute("/", "shard_count")}};
  for (std::size_t s = 0; s < file.scenarios().size(); ++s)
    json["scenarios"].push_back({{"name", file.scenarios()[s]},
                                 {"description", file.scenario_field(s, "description")},
                                 {"source", file.scenario_field(s, "source")}});
  for (const output::ParameterColumn& p : file.varying_parameters()) json["varying_parameters"][p.key] = p.values;
  json["day"] = day;
  json["cumulative"] = cumulative;

  TextTable table;
  for (const char* header : {"scenario", "metric", "kind", "units"}) table.column(header, TextTable::Align::Left);
  for (const char* header : {"p05", "p50", "p95", "mean"}) table.column(header, TextTable::Align::Right);
  for (const std::string& metric : metrics) {
    const output::MetricInfo& info = file.metric(metric);
    const bool cumulate = cumulative && info.kind == "flow";
    for (std::size_t s = 0; s < file.scenarios().size(); ++s) {
      const DayStatistics stats = file.daily_series() ? statistics_on(file.series(s, metric), day, cumulate)
                                                      : stored_statistics(file, s, metric, day, cumulate);
      table.row({file.scenarios()[s], metric, info.kind, info.units, format_number(stats.p05), format_number(stats.p50),
                 format_number(stats.p95), format_number(stats.mean)});
      const auto value = [](double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); };
      json["metrics"].push_back({{"scenario", file.scenarios()[s]}, {"metric", metric}, {"kind", info.kind},
                                 {"units", info.units}, {"cumulative", cumulate}, {"p05", value(stats.p05)},
                                 {"p50", value(stats.p50)}, {"p95", value(stats.p95)}, {"mean", value(stats.mean)}});
    }
  }
  if (vm.count("json")) {
    std::cout << json.dump(2) << "\n";
    return 0;
  }

  std::cout << "file:        " << path << "\n";
  // First, so that nobody reads the statistics below as the whole run's.
  const std::string shard_text =
      shard ? std::to_string(file.integer_attribute("/", "shard_index")) + "/" +
                  std::to_string(file.integer_attribute("/", "shard_count"))
            : "";
  if (!complete && sweep)
    std::cout << "status:      INCOMPLETE: " << completed << " of "
              << (shard ? "this shard's" : std::to_string(pairs))
              << " runs (the sweep was interrupted; the same command with --resume finishes it)\n";
  else if (!complete)
    std::cout << "status:      INCOMPLETE: " << completed << " of " << pairs
              << " replicates (the run was interrupted; statistics are over the complete ones; "
                 "'commsim run ... --resume' finishes it)\n";
  if (sweep)
    std::cout << "sweep:       " << file.text_attribute("/", "sweep_name") << ": "
              << file.text_attribute("/", "sweep_design") << " design, " << file.integer_attribute("/", "sweep_points")
              << " points over " << file.text_attribute("/", "sweep_parameters") << " (sweep hash "
              << file.text_attribute("/", "sweep_hash") << ")\n";
  if (shard)
    std::cout << "shard:       " << shard_text << " (points p with p mod "
              << file.integer_attribute("/", "shard_count") << " = " << file.integer_attribute("/", "shard_index")
              << "; commsim merge joins the shards), " << completed << " runs held\n";
  if (!file.daily_series())
    std::cout << "series:      summaries only (statistics per point and day, final values and totals per run)\n";
  std::cout
            << "schema:      " << json["schema_version"] << "\n"
            << "commsim:     " << file.text_attribute("/", "commsim_version") << " (commit "
            << file.text_attribute("/", "git_commit") << ")\n";
  if (has_seed) std::cout << "seed:        " << json["seed"] << "\n";
  std::cout << "replicates:  " << file.replicates() << "\n"
            << "days:        " << file.days() << " (day 0 is a Monday)\n"
            << "command:     " << file.text_attribute("/", "history") << "\n\n";
  TextTable scenarios;
  scenarios.column("scenario", TextTable::Align::Left);
  const std::vector<output::ParameterColumn> varying = file.varying_parameters();
  for (const output::ParameterColumn& p : varying) scenarios.column(p.key, TextTable::Align::Left);
  scenarios.column("description", TextTable::Align::Left);
  for (std::size_t s = 0; s < file.scenarios().size(); ++s) {
    std::vector<std::string> row = {file.scenarios()[s]};
    for (const output::ParameterColumn& p : varying) row.push_back(p.values[s]);
    row.push_back(file.scenario_field(s, "description"));
    scenarios.row(row);
  }
  scenarios.print(std::cout);
  std::cout << "\nacross replicates on day " << day
            << (cumulative ? " (flows: total of days 0 to " + std::to_string(day) + ")" : "") << ":\n";
  table.print(std::cout);
  if (hidden_zero > 0)
    std::cout << "(" << hidden_zero << " metrics zero throughout not shown; --all shows them)\n";
  return 0;
}

}  // namespace commsim::cli
