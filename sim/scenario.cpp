#include "sim/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sim/input_error.hpp"

namespace commsim {
namespace {

std::string where(const std::string& source, const YAML::Mark& mark) {
  if (mark.line < 0) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// Reads a scalar node as the spec's type; returns false if it is not one.
bool read_scalar(const YAML::Node& node, ParamType type, ParamValue& out) {
  if (!node.IsScalar()) return false;
  const std::string& raw = node.Scalar();
  try {
    switch (type) {
      case ParamType::Real: {
        // yaml-cpp reads "true" as no number and "1e3" as 1000; reject
        // trailing junk like "12abc" that a stream read would accept.
        std::size_t used = 0;
        const double x = std::stod(raw, &used);
        if (used != raw.size()) return false;
        out = x;
        return true;
      }
      case ParamType::Integer: {
        std::size_t used = 0;
        const long long x = std::stoll(raw, &used);
        if (used != raw.size()) return false;
        out = static_cast<std::int64_t>(x);
        return true;
      }
      case ParamType::Bool:
        out = node.as<bool>();
        return true;
      case ParamType::Text:
        out = raw;
        return true;
    }
  } catch (const std::exception&) {
    return false;
  }
  return false;
}

std::string unknown_key_message(const std::string& key, const ParamRegistry& registry) {
  std::string message = "unknown key '" + key + "'";
  const std::vector<std::string> near = registry.nearest(key, 3);
  if (!near.empty()) {
    message += " (did you mean";
    for (std::size_t i = 0; i < near.size(); ++i) message += (i ? ", '" : " '") + near[i] + "'";
    message += "?)";
  }
  return message;
}

void assign(ParameterSet& params, const ParamSpec& spec, const YAML::Node& node,
            const std::string& location) {
  ParamValue value;
  if (!read_scalar(node, spec.type, value)) {
    const std::string got = node.IsScalar() ? "'" + node.Scalar() + "'"
                            : node.IsMap()  ? "a mapping"
                            : node.IsSequence() ? "a list"
                                                : "nothing";
    const std::string type = type_name(spec.type);
    const char* article = type == "integer" ? "an " : "a ";
    throw InputError(location + ": key '" + spec.key + "' must be " + article + type + ", got " + got);
  }
  if (const std::string why = check_value(spec, value); !why.empty())
    throw InputError(location + ": key '" + spec.key + "' " + why + " (" + spec.unit +
                     (spec.unit.empty() ? "" : ", ") + "got " + format_value(value) + ")");
  params.set(spec.key, std::move(value));
}

void walk(const YAML::Node& map, const std::string& prefix, const std::string& source,
          const ParamRegistry& registry, ParameterSet& params) {
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const std::string name = entry.first.Scalar();
    const std::string key = prefix.empty() ? name : prefix + "." + name;
    const std::string location = where(source, entry.first.Mark());
    if (!seen.insert(name).second)
      throw InputError(location + ": key '" + key + "' is given twice");
    if (const ParamSpec* spec = registry.find(key)) {
      assign(params, *spec, entry.second, where(source, entry.second.Mark()));
    } else if (prefix.empty() && registry.has_section(name)) {
      if (!entry.second.IsMap() && !entry.second.IsNull())
        throw InputError(location + ": key '" + key + "' must be a mapping of its parameters");
      if (entry.second.IsMap()) walk(entry.second, key, source, registry, params);
    } else {
      throw InputError(location + ": " + unknown_key_message(key, registry));
    }
  }
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& source,
                        const ParamRegistry& registry) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(where(source, e.mark) + ": not valid YAML: " + e.msg);
  }
  if (!root.IsMap())
    throw InputError(source + ": a scenario must be a YAML mapping of sections (scenario:, run:, ...)");
  Scenario scenario{source, text, {}, ParameterSet(registry)};
  walk(root, "", source, registry, scenario.params);
  return scenario;
}

Scenario load_scenario_file(const std::string& path, const ParamRegistry& registry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path, registry);
}

void apply_override(Scenario& scenario, const std::string& assignment) {
  const std::string location = "--set " + assignment;
  const std::size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(location + ": expected key.path=value");
  const std::string key = assignment.substr(0, eq);
  const ParamRegistry& registry = scenario.params.registry();
  const ParamSpec* spec = registry.find(key);
  if (!spec) throw InputError(location + ": " + unknown_key_message(key, registry));
  YAML::Node node;
  try {
    node = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    throw InputError(location + ": value is not valid YAML: " + e.msg);
  }
  if (node.IsNull() && spec->type == ParamType::Text) node = YAML::Node(std::string());
  assign(scenario.params, *spec, node, location);
  scenario.overrides.push_back(assignment);
}

}  // namespace commsim
