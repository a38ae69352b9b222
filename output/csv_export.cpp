#include "output/csv_export.hpp"

#include <charconv>
#include <cmath>

namespace commsim::output {
namespace {

const std::vector<std::string> kStatistics = {"p05", "p25", "p50", "p75", "p95", "mean"};

std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void append_number(std::string& line, double x) {
  if (std::isnan(x)) return;
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  line.append(buffer, result.ptr);
}

}  // namespace

void write_csv(const ResultsReader& file, const CsvExport& options, std::ostream& out) {
  std::vector<std::string> metrics = options.metrics;
  if (metrics.empty())
    for (const MetricInfo& m : file.metrics()) metrics.push_back(m.name);
  for (const std::string& m : metrics) file.metric(m);  // unknown names fail before any output
  const std::vector<ParameterColumn> parameters = file.varying_parameters();

  std::string header = "scenario";
  for (const ParameterColumn& p : parameters) header += "," + field(p.key);
  header += options.summary ? ",statistic,day,metric,value\n" : ",replicate,day,metric,value\n";
  out << header;
  // Per scenario, the fields that precede the row index: name and parameters.
  std::vector<std::string> prefixes;
  for (std::size_t s = 0; s < file.scenarios().size(); ++s) {
    std::string prefix = field(file.scenarios()[s]);
    for (const ParameterColumn& p : parameters) prefix += "," + field(p.values[s]);
    prefixes.push_back(prefix + ",");
  }
  std::string line;
  for (const std::string& metric : metrics) {
    const std::string metric_field = field(metric);
    for (std::size_t s = 0; s < file.scenarios().size(); ++s) {
      const auto emit = [&](const std::string& index, const std::vector<double>& values, std::size_t offset) {
        for (std::uint64_t d = 0; d < file.days(); ++d) {
          line = prefixes[s] + index + "," + std::to_string(d) + "," + metric_field + ",";
          append_number(line, values[offset + d]);
          line += '\n';
          out << line;
        }
      };
      if (options.summary) {
        for (const std::string& statistic : kStatistics) emit(statistic, file.summary(s, metric, statistic), 0);
      } else {
        const SeriesData series = file.series(s, metric);
        for (std::uint64_t r = 0; r < series.replicates; ++r) emit(std::to_string(r), series.values, r * series.days);
      }
    }
  }
}

}  // namespace commsim::output
