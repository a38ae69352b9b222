#pragma once
// `commsim run --resume`: finishing an interrupted run from its file.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/ensemble.hpp"
#include "sim/scenario.hpp"

namespace commsim::cli {

// Per scenario and replicate, 1 where `path` already holds the replicate.
using ReplicateMask = std::vector<std::vector<std::uint8_t>>;

// Throws InputError unless `path` is an incomplete results file of exactly
// these scenarios (names, order and resolved parameters; the message names
// the first difference); returns which replicates it holds.
ReplicateMask resumable_replicates(const std::string& path, const std::vector<Scenario>& scenarios);

// Copies the replicates of `done` from the file into `results` (bit for
// bit) and marks them complete.
void fill_from_file(const std::string& path, const ReplicateMask& done, std::vector<EnsembleResult>& results);

}  // namespace commsim::cli
