#pragma once
// A parameter sweep: a base scenario, the parameters to vary and a design,
// expanded into points (scenarios) that one experiment file holds. The
// format is in docs/sweeps.md.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace commsim {

enum class SweepDesign { Grid, LatinHypercube, Random, Sobol };
const char* design_name(SweepDesign design);  // grid, lhs, random, sobol

struct SweptParameter {
  std::string key;
  std::string location;             // "file:line:column" of its entry, for messages
  std::vector<ParamValue> values;   // grid: the values in order
  double min = 0, max = 0;          // lhs, random, sobol: the bounds (inclusive)
  bool log_scale = false;
};

struct Sweep {
  explicit Sweep(Scenario base_scenario) : base(std::move(base_scenario)) {}
  std::string source;  // the sweep file's path
  std::string text;    // the file exactly as given
  std::string name, description;
  SweepDesign design = SweepDesign::Grid;
  std::uint64_t samples = 0;  // lhs, random: points; sobol: base samples n
  std::uint64_t seed = 1;     // sets run.seed; keys the design's draws
  bool independent_streams = false;
  std::vector<SweptParameter> parameters;  // design order
  Scenario base;                           // base file, `set:` and command-line overrides applied
  // Point p is scenario "p" + p (zero-padded to 4 digits or more); its
  // run.seed is `seed`, or point_seed(seed, p) with independent streams.
  std::vector<Scenario> points;
  std::string hash;  // 16 hex digits over every point's name and resolved parameters
};

// The seed of point p with `streams: independent` (splitmix64 of seed and
// p, in [0, 2^63)); with common streams every point uses the sweep seed.
std::uint64_t point_seed(std::uint64_t sweep_seed, std::uint64_t point);

// Reads and checks a sweep file and expands its design. `overrides` are
// key=value assignments (the command line's --set), applied to the base
// after the file's `set:`; a swept key cannot be overridden. Errors throw
// InputError naming file, line, column and key.
//
// A sweep has at most `max_points` points (a million: each point is a
// resolved scenario of about 10 KB in memory; beyond that, split the sweep),
// so a typo (points: 1e9) is refused at once instead of exhausting memory.
inline constexpr std::uint64_t kMaxSweepPoints = 1'000'000;
Sweep load_sweep_file(const std::string& path, const ParamRegistry& registry,
                      const std::vector<std::string>& overrides = {});
Sweep parse_sweep(const std::string& text, const std::string& source, const ParamRegistry& registry,
                  const std::vector<std::string>& overrides = {}, std::uint64_t max_points = kMaxSweepPoints);

}  // namespace commsim
