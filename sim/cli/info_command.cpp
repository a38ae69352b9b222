// `commsim info FILE.h5`: what a results file holds, without Python.
#include <algorithm>
#include <cstdio>
#include <numeric>

#include "output/results_reader.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

int info_command(const std::vector<std::string>& args) {
  std::string path;
  po::options_description options("commsim info FILE.h5");
  options.add_options()("help,h", "show this help")("file", po::value(&path)->required(),
                                                      "results file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  if (!parse_options(args, options, positional, vm)) return 0;

  const output::ResultsReader file(path);
  std::printf("file:        %s\n", path.c_str());
  std::printf("schema:      %lld\n", static_cast<long long>(file.integer_attribute("/", "schema_version")));
  std::printf("commsim:     %s (commit %s)\n", file.text_attribute("/", "commsim_version").c_str(),
              file.text_attribute("/", "git_commit").c_str());
  std::printf("seed:        %lld\n", static_cast<long long>(file.integer_attribute("/", "seed")));
  std::printf("replicates:  %lld\n", static_cast<long long>(file.integer_attribute("/", "replicates")));
  std::printf("days:        %lld\n", static_cast<long long>(file.integer_attribute("/", "days")));
  for (const std::string& scenario : file.scenarios()) {
    const std::string group = "/scenarios/" + scenario;
    std::printf("\nscenario %s (from %s)\n", scenario.c_str(),
                file.text_attribute(group, "scenario_source").c_str());
    const std::string overrides = file.text_attribute(group, "overrides");
    if (!overrides.empty()) std::printf("overrides:\n%s", overrides.c_str());
    std::printf("%-14s %-6s %-22s %12s %12s %12s %16s\n", "metric", "kind", "units", "last p50",
                "last p05", "last p95", "run total mean");
    for (const std::string& metric : file.metrics(scenario)) {
      const output::SeriesData series = file.series(scenario, metric);
      const auto p = [&](const char* q) { return file.summary(scenario, metric, q).back(); };
      std::printf("%-14s %-6s %-22s %12.6g %12.6g %12.6g ", metric.c_str(), series.kind.c_str(),
                  series.units.c_str(), p("p50"), p("p05"), p("p95"));
      if (series.kind == "flow") {
        // Total over the run of each replicate, averaged over replicates.
        const std::vector<double> mean = file.summary(scenario, metric, "mean");
        std::printf("%16.6g\n", std::accumulate(mean.begin(), mean.end(), 0.0));
      } else {
        std::printf("%16s\n", "-");
      }
    }
  }
  return 0;
}

}  // namespace commsim::cli
