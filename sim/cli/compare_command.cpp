// `commsim compare FILE.h5`: every variant against the baseline, paired
// replicate by replicate (output/comparison.hpp does the statistics).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "output/comparison.hpp"
#include "output/results_reader.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/text_format.hpp"
#include "sim/cli/text_table.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

namespace {

using output::MetricComparison;
using output::Verdict;

const std::vector<std::string> kHeadlineMetrics = {"members",     "active",  "messages", "conversions",
                                                   "paid_members", "revenue", "cost",     "profit"};

// For scripts: shortest round-trip form, empty for a missing value.
std::string exact(std::optional<double> x) {
  if (!x || std::isnan(*x)) return "";
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, *x);
  return error == std::errc() ? std::string(text, end) : "";
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

struct Row {
  std::string variant;
  MetricComparison comparison;
};

// The winning scenario's name, when there is one.
std::optional<std::string> winner_of(const Row& row, const std::string& baseline) {
  if (row.comparison.verdict == Verdict::VariantBetter) return row.variant;
  if (row.comparison.verdict == Verdict::BaselineBetter) return baseline;
  return std::nullopt;
}

std::string winner_text(const Row& row, const std::string& baseline) {
  const MetricComparison& c = row.comparison;
  switch (c.verdict) {
    case Verdict::VariantBetter:
    case Verdict::BaselineBetter: return *winner_of(row, baseline);
    case Verdict::ZeroEverywhere: return "zero in every scenario";
    case Verdict::NoDirection: return "no better direction";
    case Verdict::NotResolved: break;
  }
  if (c.difference.pairs < 2) return "not resolved (fewer than 2 paired replicates)";
  if (*c.difference.mean == 0 && *c.difference.sd == 0) return "tie (no difference in any replicate)";
  if (c.replicates_needed) return "not resolved (need ~" + std::to_string(*c.replicates_needed) + " replicates)";
  return "not resolved";
}

// Per metric, the winning scenario: the variant that beats the baseline by
// the most with a resolved sign; else the baseline when every variant is
// resolved worse; else none (with why).
struct Best {
  std::optional<std::string> scenario;
  std::string text;
};

std::vector<Best> best_per_metric(const std::vector<Row>& rows, const std::vector<std::string>& metrics,
                                  const std::string& baseline) {
  std::vector<Best> best;
  for (const std::string& metric : metrics) {
    std::vector<MetricComparison> same;
    std::vector<std::string> names;
    for (const Row& row : rows)
      if (row.comparison.metric == metric) same.push_back(row.comparison), names.push_back(row.variant);
    const bool all_worse = std::all_of(same.begin(), same.end(), [](const MetricComparison& c) {
      return c.verdict == Verdict::BaselineBetter;
    });
    if (const std::optional<std::size_t> index = output::best_variant(same))
      best.push_back({names[*index], names[*index]});
    else if (same.front().verdict == Verdict::ZeroEverywhere)
      best.push_back({std::nullopt, "none: zero in every scenario"});
    else if (same.front().verdict == Verdict::NoDirection)
      best.push_back({std::nullopt, "none: neither direction is better"});
    else if (all_worse)
      best.push_back({baseline, baseline + " (the baseline: every variant is worse, resolved)"});
    else
      best.push_back({std::nullopt, "not resolved: no variant beats the baseline with a resolved sign"});
  }
  return best;
}

std::string spread_text(const output::Spread& s) {
  return format_number(s.p50) + " [" + format_number(s.p05) + ", " + format_number(s.p95) + "]";
}

std::string difference_text(const output::PairedDifference& d) {
  if (!d.mean) return "-";
  std::string text = format_number(*d.mean, true);
  if (d.interval) text += " [" + format_number(d.interval->low, true) + ", " + format_number(d.interval->high, true) + "]";
  return text;
}

void print_table(std::ostream& out, const std::vector<Row>& rows, const std::vector<std::string>& metrics,
                 const output::ResultsReader& file, const std::string& baseline, std::uint64_t day,
                 bool cumulative) {
  const std::size_t variants = file.scenarios().size() - 1;
  out << "baseline '" << baseline << "' against " << variants << (variants == 1 ? " variant" : " variants")
      << " on day " << day << (cumulative ? " (flows: total of days 0 to " + std::to_string(day) + ")" : "")
      << ", paired by replicate (" << file.replicates() << " replicates); intervals: 95% Student t\n\n";
  TextTable table;
  for (const char* header : {"variant", "metric", "better"}) table.column(header, TextTable::Align::Left);
  for (const char* header : {"baseline p50 [p05, p95]", "variant p50 [p05, p95]", "difference [95% interval]",
                             "P(better)", "resolved since"})
    table.column(header, TextTable::Align::Right);
  table.column("winner", TextTable::Align::Left);
  for (const Row& row : rows) {
    const MetricComparison& c = row.comparison;
    table.row({row.variant, c.metric, output::direction_name(c.direction), spread_text(c.baseline),
               spread_text(c.variant), difference_text(c.difference),
               c.probability_better ? format_number(*c.probability_better) : "-",
               c.first_resolved_day ? "day " + std::to_string(*c.first_resolved_day) : "-",
               winner_text(row, baseline)});
  }
  table.print(out);
  out << "\nwinner per metric (the variant that beats the baseline by the most with a resolved sign, or the "
         "baseline when every variant is resolved worse):\n";
  const std::vector<Best> best = best_per_metric(rows, metrics, baseline);
  for (std::size_t m = 0; m < metrics.size(); ++m) out << "  " << metrics[m] << ": " << best[m].text << "\n";
}

// Every field of a row, in the order of the CSV columns and the JSON objects.
nlohmann::ordered_json row_json(const Row& row, const std::string& baseline) {
  const MetricComparison& c = row.comparison;
  const auto value = [](std::optional<double> x) {
    return x && !std::isnan(*x) ? nlohmann::ordered_json(*x) : nlohmann::ordered_json(nullptr);
  };
  const auto count = [](std::optional<std::uint64_t> x) {
    return x ? nlohmann::ordered_json(*x) : nlohmann::ordered_json(nullptr);
  };
  const std::optional<std::string> winner = winner_of(row, baseline);
  nlohmann::ordered_json json;
  json["variant"] = row.variant;
  json["baseline"] = baseline;
  json["metric"] = c.metric;
  json["kind"] = c.kind;
  json["units"] = c.units;
  json["better"] = output::direction_name(c.direction);
  json["day"] = c.day;
  json["cumulative"] = c.cumulative;
  json["baseline_p05"] = value(c.baseline.p05);
  json["baseline_p50"] = value(c.baseline.p50);
  json["baseline_p95"] = value(c.baseline.p95);
  json["variant_p05"] = value(c.variant.p05);
  json["variant_p50"] = value(c.variant.p50);
  json["variant_p95"] = value(c.variant.p95);
  json["pairs"] = c.difference.pairs;
  json["mean_difference"] = value(c.difference.mean);
  json["sd_difference"] = value(c.difference.sd);
  json["interval_low"] = value(c.difference.interval ? std::optional(c.difference.interval->low) : std::nullopt);
  json["interval_high"] = value(c.difference.interval ? std::optional(c.difference.interval->high) : std::nullopt);
  json["probability_better"] = value(c.probability_better);
  json["first_resolved_day"] = count(c.first_resolved_day);
  json["replicates_needed"] = count(c.replicates_needed);
  json["verdict"] = output::verdict_name(c.verdict);
  json["winner"] = winner ? nlohmann::ordered_json(*winner) : nlohmann::ordered_json(nullptr);
  return json;
}

void print_csv(std::ostream& out, const std::vector<Row>& rows, const std::string& baseline) {
  bool header = true;
  for (const Row& row : rows) {
    const nlohmann::ordered_json json = row_json(row, baseline);
    std::string line;
    if (header) {
      for (const auto& [key, field] : json.items()) line += (line.empty() ? "" : ",") + key;
      out << line << "\n";
      line.clear();
      header = false;
    }
    bool first = true;
    for (const auto& [key, field] : json.items()) {
      std::string text;
      if (field.is_string()) text = csv_field(field.get<std::string>());
      else if (field.is_boolean()) text = field.get<bool>() ? "true" : "false";
      else if (field.is_number_float()) text = exact(field.get<double>());
      else if (field.is_number()) text = std::to_string(field.get<std::uint64_t>());
      line += (first ? "" : ",") + text;
      first = false;
    }
    out << line << "\n";
  }
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  std::string path, baseline_option, metric_list, format = "table";
  std::int64_t day_option = -1;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("baseline", po::value(&baseline_option)->value_name("NAME"), "scenario to compare against (default: the first)")
      ("metric", po::value(&metric_list)->value_name("A,B"),
       "comma-separated metrics (default: members, active, messages, conversions, paid_members, revenue, cost, profit)")
      ("at-day", po::value(&day_option)->value_name("D"), "day to compare (default: the last)")
      ("cumulative", "flows summed from day 0 to the day compared")
      ("format", po::value(&format)->value_name("FORMAT"), "table (default), csv or json, on stdout");
  po::options_description hidden;
  hidden.add_options()("file", po::value(&path)->required(), "results file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  if (!parse_options(args, "commsim compare FILE.h5 [options]", options, hidden, positional, vm)) return 0;
  if (format != "table" && format != "csv" && format != "json")
    throw InputError("--format " + format + ": must be table, csv or json");

  const output::ResultsReader file(path);
  // Pairs would be missing unevenly: finish the run before judging it.
  if (!file.complete())
    throw InputError(path + ": the file is incomplete (" + std::to_string(file.completed_replicates()) + " of " +
                     std::to_string(file.replicates() * file.scenarios().size()) +
                     " replicates; an interrupted run): 'commsim run ... --resume' finishes it before compare");
  if (file.days() == 0 || file.replicates() == 0 || file.scenarios().empty())
    throw InputError(path + ": the file holds no simulated days");
  if (file.scenarios().size() < 2)
    throw InputError(path + ": compare needs at least two scenarios (the file has one: '" +
                     file.scenarios().front() + "')");
  const std::string baseline = vm.count("baseline") ? baseline_option : file.scenarios().front();
  std::size_t baseline_index = 0;
  try {
    baseline_index = file.scenario_index(baseline);
  } catch (const InputError& e) {
    throw InputError("--baseline " + baseline + ": " + e.what());
  }
  if (day_option < -1 || day_option >= std::int64_t(file.days()) || (vm.count("at-day") && day_option < 0))
    throw InputError("--at-day " + std::to_string(day_option) + ": must be in [0, " +
                     std::to_string(file.days() - 1) + "]");
  const std::uint64_t day = day_option < 0 ? file.days() - 1 : std::uint64_t(day_option);
  const bool cumulative = vm.count("cumulative") > 0;
  std::vector<std::string> metrics = vm.count("metric") ? split_names(metric_list) : kHeadlineMetrics;
  if (metrics.empty()) throw InputError("--metric '" + metric_list + "': names no metric");
  for (const std::string& m : metrics) file.metric(m);  // unknown names are errors

  std::vector<Row> rows;
  bool undirected_file = false;
  for (const std::string& metric : metrics) {
    const output::MetricInfo& info = file.metric(metric);
    undirected_file = undirected_file || info.better.empty();
    std::vector<output::SeriesData> series;
    for (std::size_t s = 0; s < file.scenarios().size(); ++s) series.push_back(file.series(s, metric));
    const bool zero = output::zero_throughout(series);
    for (std::size_t s = 0; s < file.scenarios().size(); ++s)
      if (s != baseline_index)
        rows.push_back({file.scenarios()[s],
                        output::compare_metric(info, series[s], series[baseline_index], day, cumulative, zero)});
  }
  if (undirected_file)
    std::cerr << "commsim compare: warning: " << path
              << " predates the metrics' 'better' attribute: no winners are named (re-run to get them)\n";

  if (format == "csv") {
    print_csv(std::cout, rows, baseline);
    return 0;
  }
  if (format == "json") {
    nlohmann::ordered_json json;
    json["file"] = path;
    json["baseline"] = baseline;
    json["variants"] = nlohmann::ordered_json::array();
    for (std::size_t s = 0; s < file.scenarios().size(); ++s)
      if (s != baseline_index) json["variants"].push_back(file.scenarios()[s]);
    json["day"] = day;
    json["cumulative"] = cumulative;
    json["confidence"] = output::kConfidence;
    json["replicates"] = file.replicates();
    json["comparisons"] = nlohmann::ordered_json::array();
    for (const Row& row : rows) json["comparisons"].push_back(row_json(row, baseline));
    json["best"] = nlohmann::ordered_json::array();
    const std::vector<Best> best = best_per_metric(rows, metrics, baseline);
    for (std::size_t m = 0; m < metrics.size(); ++m)
      json["best"].push_back({{"metric", metrics[m]},
                              {"scenario", best[m].scenario ? nlohmann::ordered_json(*best[m].scenario)
                                                            : nlohmann::ordered_json(nullptr)},
                              {"why", best[m].text}});
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  print_table(std::cout, rows, metrics, file, baseline, day, cumulative);
  return 0;
}

}  // namespace commsim::cli
