#pragma once
// The properties the fuzzers check, shared with the replay test
// (tests/fuzz/replay_test.cpp) so every corpus and regression input also
// runs in the normal suite. Each returns normally for good input and for
// input rejected with an InputError that says where (the source; for an edge
// list also the line); anything else is a finding and throws (FuzzFinding,
// or the unexpected exception itself).
#include <stdexcept>
#include <string_view>

namespace commsim::fuzz {

struct FuzzFinding : std::logic_error {
  using std::logic_error::logic_error;
};

// Scenario text: the base and each variant, resolved (to_yaml), re-parse to
// one scenario with the same value for every declared parameter.
void check_scenario_text(std::string_view text);

// Sweep text (at most kFuzzSweepPoints points): every point's resolved
// parameters re-parse to the same values, names are unique, and the
// expansion is deterministic (the same hash twice).
inline constexpr std::uint64_t kFuzzSweepPoints = 2000;
void check_sweep_text(std::string_view text);

// Edge-list text over kEdgeListNodes people: the graph read is a valid CSR
// (sorted, unique, symmetric neighbour lists, no self-links).
inline constexpr unsigned kEdgeListNodes = 1000;
void check_edge_list_text(std::string_view text);

}  // namespace commsim::fuzz
