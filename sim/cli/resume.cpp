#include "sim/cli/resume.hpp"

#include <algorithm>
#include <sstream>

#include "output/results_reader.hpp"
#include "sim/input_error.hpp"

namespace commsim::cli {
namespace {

// "line 12: the file has 'run.days: 365', this command 'run.days: 30'".
std::string first_difference(const std::string& in_file, const std::string& here) {
  std::istringstream a(in_file), b(here);
  std::string line_a, line_b;
  for (int line = 1;; ++line) {
    const bool more_a = bool(std::getline(a, line_a)), more_b = bool(std::getline(b, line_b));
    if (!more_a && !more_b) return "";
    if (!more_a) line_a = "(end)";
    if (!more_b) line_b = "(end)";
    if (!more_a || !more_b || line_a != line_b)
      return "line " + std::to_string(line) + " of its resolved parameters: the file has '" + line_a +
             "', this command '" + line_b + "'";
  }
}

}  // namespace

ReplicateMask resumable_replicates(const std::string& path, const std::vector<Scenario>& scenarios) {
  const output::ResultsReader file(path);
  if (file.complete()) throw InputError(path + ": --resume: the file is already complete");
  const auto names = [](const std::vector<std::string>& list) {
    std::string text;
    for (const std::string& name : list) text += (text.empty() ? "" : ", ") + name;
    return text;
  };
  std::vector<std::string> here;
  for (const Scenario& scenario : scenarios) here.push_back(scenario.name());
  if (here != file.scenarios())
    throw InputError(path + ": --resume: the file holds scenarios " + names(file.scenarios()) +
                     ", this command " + names(here));
  ReplicateMask done;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const std::string difference =
        first_difference(file.scenario_field(s, "resolved_parameters"), scenarios[s].params.to_yaml());
    if (!difference.empty())
      throw InputError(path + ": --resume: scenario '" + here[s] + "' differs from the file's: " + difference);
    done.push_back(file.replicate_complete(s));
  }
  return done;
}

void fill_from_file(const std::string& path, const ReplicateMask& done, std::vector<EnsembleResult>& results) {
  const output::ResultsReader file(path);
  for (std::size_t s = 0; s < results.size(); ++s) {
    EnsembleResult& result = results[s];
    if (std::none_of(done[s].begin(), done[s].end(), [](std::uint8_t c) { return c != 0; })) continue;
    for (MetricId m = 0; m < result.metrics.size(); ++m) {
      const output::SeriesData stored = file.series(s, result.metrics[m].name);
      for (std::uint32_t r = 0; r < result.replicates; ++r) {
        if (!done[s][r]) continue;
        std::copy_n(stored.values.begin() + std::ptrdiff_t(std::size_t{r} * result.days), result.days,
                    result.values.begin() + std::ptrdiff_t((std::size_t{m} * result.replicates + r) * result.days));
      }
    }
    for (std::uint32_t r = 0; r < result.replicates; ++r)
      if (done[s][r]) result.complete[r] = 1;
  }
}

}  // namespace commsim::cli
