#pragma once
// A results file as one tidy long table (one value per row), for
// spreadsheets and pandas.
#include <ostream>
#include <string>
#include <vector>

#include "output/results_reader.hpp"

namespace commsim::output {

struct CsvExport {
  bool summary = false;              // statistics across replicates instead of every replicate
  std::vector<std::string> metrics;  // empty: every metric
};

// Columns: scenario, one per parameter that differs between scenarios,
// replicate (or statistic with `summary`), day, metric, value. Values in
// shortest round-trip form; NaN (not observed) is an empty field. Fields are
// quoted as RFC 4180 says when they hold a comma, quote or line break.
void write_csv(const ResultsReader& file, const CsvExport& options, std::ostream& out);

}  // namespace commsim::output
