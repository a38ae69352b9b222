#pragma once
// A scenario: the file a user wrote, checked against the declared parameters,
// with command-line overrides applied.
#include <string>
#include <vector>

#include "sim/parameters.hpp"

namespace commsim {

struct Scenario {
  std::string source;                  // file path, or "<string>"
  std::string text;                    // the file exactly as given
  std::vector<std::string> overrides;  // "key=value" in the order applied
  std::string variant_of;              // a variant: its base scenario's name; "" for a base
  ParameterSet params;

  const std::string& name() const { return params.text("scenario.name"); }
};

// Parses YAML text. Unknown keys, wrong types and out-of-range values throw
// InputError naming source, line, column and key path.
//
// A file may hold `variants:`, a list of mappings, each a `name` and the
// keys it changes relative to the rest of the file (the base), checked like
// the base. The result is the base followed by its variants in file order.
std::vector<Scenario> parse_scenarios(const std::string& text, const std::string& source,
                                      const ParamRegistry& registry);
std::vector<Scenario> load_scenario_files(const std::string& path, const ParamRegistry& registry);

// The same for a file that must hold one scenario (no variants).
Scenario parse_scenario(const std::string& text, const std::string& source,
                        const ParamRegistry& registry);
Scenario load_scenario_file(const std::string& path, const ParamRegistry& registry);

// Applies "key.path=value", checked like a scenario value; errors start
// with `label`, the argument as the user typed it (default "--set
// key.path=value"; e.g. "--days 0" for a shortcut).
void apply_override(Scenario& scenario, const std::string& assignment,
                    const std::string& label = "");

}  // namespace commsim
