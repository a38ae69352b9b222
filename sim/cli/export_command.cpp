// `commsim export FILE.h5`: a results file as a tidy CSV table.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "output/atomic_file.hpp"
#include "output/csv_export.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/text_format.hpp"

namespace commsim::cli {
namespace po = boost::program_options;

int export_command(const std::vector<std::string>& args) {
  std::string path, format = "csv", metric_list, output;
  po::options_description options("options");
  options.add_options()
      ("help,h", "show this help")
      ("format", po::value(&format)->value_name("csv"), "table format: csv (the only one today)")
      ("summary", "the statistics across replicates (p05 ... mean) instead of every replicate")
      ("metrics", po::value(&metric_list)->value_name("A,B"), "comma-separated metrics (default: all)")
      ("output,o", po::value(&output)->value_name("OUT.csv"), "file to write (default: standard output)")
      ("force", "replace the output file if it exists (atomically)");
  po::options_description hidden;
  hidden.add_options()("file", po::value(&path)->required(), "results file");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  if (!parse_options(args, "commsim export FILE.h5 [options]", options, hidden, positional, vm)) return 0;
  if (format != "csv") throw InputError("--format " + format + ": the supported format is csv");

  output::CsvExport request;
  request.summary = vm.count("summary") > 0;
  request.metrics = split_names(metric_list);

  const bool force = vm.count("force") > 0;
  if (!output.empty()) output::check_output_path(output, force, {path});
  const output::ResultsReader file(path);
  if (!file.complete())
    std::fprintf(stderr,
                 "commsim export: warning: %s is incomplete (%llu of %llu replicates; an interrupted run): "
                 "the others' values are empty (NaN)\n",
                 path.c_str(), static_cast<unsigned long long>(file.completed_replicates()),
                 static_cast<unsigned long long>(file.replicates() * file.scenarios().size()));
  if (output.empty()) {
    output::write_csv(file, request, std::cout);
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write to standard output");
    return 0;
  }
  const std::string temporary = output::temporary_path_for(output);
  try {
    std::ofstream out(temporary, std::ios::binary);
    if (!out) throw std::runtime_error("cannot create " + temporary);
    output::write_csv(file, request, out);
    out.close();
    if (!out) throw std::runtime_error("cannot write " + temporary + " (disk full?)");
  } catch (...) {
    output::discard(temporary);
    throw;
  }
  output::publish(temporary, output, force);
  return 0;
}

}  // namespace commsim::cli
