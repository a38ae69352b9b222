#include "sim/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <type_traits>
#include <sstream>

#include "sim/input_error.hpp"
#include "sim/scenario_yaml.hpp"

namespace commsim {
namespace {

std::string where(const std::string& source, const YAML::Mark& mark) { return yaml_location(source, mark); }

// The line (1-based) of a document marker that starts a second document, or
// 0. YAML::Load reads only the first document; YAML::LoadAll would see the
// rest but loops forever on some malformed input (yaml-cpp 0.7; found by the
// fuzzer: tests/fuzz/regressions/scenario/loadall-hang.yaml). A marker is
// '---' or '...' at column 0, which YAML allows nowhere inside a document.
int second_document_line(const std::string& text) {
  bool content = false, ended = false;
  std::size_t start = 0;
  for (int line = 1; start < text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view row(text.data() + start, end - start);
    const bool marker = (row.substr(0, 3) == "---" || row.substr(0, 3) == "...") &&
                        (row.size() == 3 || row[3] == ' ' || row[3] == '\t' || row[3] == '\r');
    if (marker) {
      if (row.substr(0, 3) == "---" && (content || ended)) return line;
      if (row.substr(0, 3) == "...") ended = content;
    } else {
      const std::size_t first = row.find_first_not_of(" \t\r");
      if (first != std::string_view::npos && row[first] != '#' && row[first] != '%') {
        if (ended) return line;
        content = true;
      }
    }
    start = end + 1;
  }
  return 0;
}

enum class ScalarRead { Ok, WrongType, OutOfRange };

// YAML's rule: a quoted scalar is a string, whatever it looks like.
bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

// Reads a scalar node as the spec's type. Numbers must be the whole scalar
// ("12abc" is not one); denormals are numbers, 1e309 is out of range.
ScalarRead read_scalar(const YAML::Node& node, ParamType type, ParamValue& out) {
  if (!node.IsScalar()) return ScalarRead::WrongType;
  const std::string& raw = node.Scalar();
  if (type == ParamType::Text) {
    out = raw;
    return ScalarRead::Ok;
  }
  if (is_quoted(node) || type == ParamType::List) return ScalarRead::WrongType;
  const char* begin = raw.data() + (raw.size() > 1 && raw[0] == '+' ? 1 : 0);
  const char* end = raw.data() + raw.size();
  const auto parse = [&](auto& x) {
    const auto [ptr, error] = std::from_chars(begin, end, x);
    if (error == std::errc::result_out_of_range) return ScalarRead::OutOfRange;
    return error == std::errc() && ptr == end ? ScalarRead::Ok : ScalarRead::WrongType;
  };
  switch (type) {
    case ParamType::Real: {
      double x = 0;
      const ScalarRead read = parse(x);
      if (read == ScalarRead::Ok && std::isnan(x)) return ScalarRead::WrongType;
      out = x;
      return read;
    }
    case ParamType::Integer: {
      std::int64_t x = 0;
      const ScalarRead read = parse(x);
      out = x;
      return read;
    }
    case ParamType::Bool:
      try {
        out = node.as<bool>();
        return ScalarRead::Ok;
      } catch (const YAML::Exception&) {
        return ScalarRead::WrongType;
      }
    default:
      return ScalarRead::WrongType;
  }
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

// The scalar inside a non-list value.
Scalar to_scalar(const ParamValue& value) {
  return std::visit(
      [](const auto& x) -> Scalar {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, RecordList>) return Scalar{};
        else return x;
      },
      value);
}

std::string node_kind(const YAML::Node& node) { return yaml_node_kind(node); }

// Reads and checks one scalar; `path` is the key path for messages.
Scalar read_checked(const ParamSpec& spec, const std::string& path, const YAML::Node& node,
                    const std::string& location) {
  ParamValue value;
  const ScalarRead read = read_scalar(node, spec.type, value);
  if (read == ScalarRead::OutOfRange)
    throw InputError(location + ": key '" + path + "' must be in " + range_text(spec) + " (" + spec.unit +
                     (spec.unit.empty() ? "" : ", ") + "got " + node.Scalar() + ", out of range)");
  if (read == ScalarRead::WrongType) {
    const std::string type = type_name(spec.type);
    const char* article = type == "integer" ? "an " : "a ";
    throw InputError(location + ": key '" + path + "' must be " + article + type + ", got " +
                     (node.IsScalar() && is_quoted(node) ? "the quoted string \"" + node.Scalar() + "\"" : node_kind(node)));
  }
  if (const std::string why = check_value(spec, value); !why.empty())
    throw InputError(location + ": key '" + path + "' " + why + " (" + spec.unit +
                     (spec.unit.empty() ? "" : ", ") + "got " + format_value(value) + ")");
  return to_scalar(value);
}

// A list parameter: a YAML sequence of mappings of the declared fields.
RecordList read_list(const ParamSpec& spec, const YAML::Node& node, const std::string& source,
                     const std::string& location) {
  RecordList list;
  if (node.IsNull()) return list;
  if (!node.IsSequence())
    throw InputError(location + ": key '" + spec.key + "' must be a list of mappings, got " +
                     node_kind(node));
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string item_path = spec.key + "[" + std::to_string(i) + "]";
    const std::string item_location = where(source, item.Mark());
    if (!item.IsMap())
      throw InputError(item_location + ": key '" + item_path + "' must be a mapping of " +
                       "fields, got " + node_kind(item));
    std::vector<Scalar> row;
    for (const ParamSpec& field : spec.fields)
      row.push_back(to_scalar(field.default_value));
    std::set<std::string> seen;
    for (const auto& entry : item) {
      const std::string name = entry.first.Scalar();
      const std::string path = item_path + "." + name;
      if (!seen.insert(name).second)
        throw InputError(where(source, entry.first.Mark()) + ": key '" + path + "' is given twice");
      std::size_t f = 0;
      while (f < spec.fields.size() && spec.fields[f].key != name) ++f;
      if (f == spec.fields.size()) {
        std::string fields;
        for (const ParamSpec& field : spec.fields) fields += (fields.empty() ? "" : ", ") + field.key;
        throw InputError(where(source, entry.first.Mark()) + ": unknown key '" + path +
                         "' (fields: " + fields + ")");
      }
      row[f] = read_checked(spec.fields[f], path, entry.second, where(source, entry.second.Mark()));
    }
    list.rows.push_back(std::move(row));
    if (spec.check) {
      RecordList one{{list.rows.back()}};
      if (const std::string why = spec.check(one); !why.empty())
        throw InputError(item_location + ": key '" + item_path + "' " + why);
    }
  }
  return list;
}

void assign(ParameterSet& params, const ParamSpec& spec, const YAML::Node& node,
            const std::string& source, const std::string& location) {
  if (spec.type == ParamType::List) {
    params.set(spec.key, read_list(spec, node, source, location));
    return;
  }
  params.set(spec.key, to_param(read_checked(spec, spec.key, node, location)));
}

// Reads the keys of `map` into `params`; top-level keys in `reserved` are
// left to the caller (`variants` of a file, `name` of a variant).
void walk(const YAML::Node& map, const std::string& prefix, const std::string& source,
          const ParamRegistry& registry, ParameterSet& params,
          const std::set<std::string>& reserved = {}) {
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const std::string name = entry.first.Scalar();
    const std::string key = prefix.empty() ? name : prefix + "." + name;
    if (prefix.empty() && reserved.count(name)) continue;
    const std::string location = where(source, entry.first.Mark());
    if (!seen.insert(name).second)
      throw InputError(location + ": key '" + key + "' is given twice");
    if (const ParamSpec* spec = registry.find(key)) {
      assign(params, *spec, entry.second, source, where(source, entry.second.Mark()));
    } else if (prefix.empty() && registry.has_section(name)) {
      if (!entry.second.IsMap() && !entry.second.IsNull())
        throw InputError(location + ": key '" + key + "' must be a mapping of its parameters");
      if (entry.second.IsMap()) walk(entry.second, key, source, registry, params);
    } else {
      throw InputError(location + ": " + unknown_key_message(key, registry));
    }
  }
}

// One variant: a copy of the base with the variant's keys read over it.
Scenario parse_variant(const YAML::Node& item, std::size_t index, const Scenario& base,
                       const ParamRegistry& registry, std::set<std::string>& names) {
  const std::string path = "variants[" + std::to_string(index) + "]";
  const std::string location = where(base.source, item.Mark());
  if (!item.IsMap())
    throw InputError(location + ": key '" + path + "' must be a mapping of a name and the keys it changes, got " +
                     node_kind(item));
  const YAML::Node name = item["name"];
  if (!name) throw InputError(location + ": key '" + path + ".name' is missing (every variant needs a name)");
  Scenario variant = base;
  variant.variant_of = base.name();
  const ParamSpec& name_spec = *registry.find("scenario.name");
  variant.params.set("scenario.name",
                     to_param(read_checked(name_spec, path + ".name", name, where(base.source, name.Mark()))));
  if (!names.insert(variant.name()).second)
    throw InputError(where(base.source, name.Mark()) + ": key '" + path + ".name': the name '" + variant.name() +
                     "' is used twice in this file (the base is '" + base.name() + "')");
  const YAML::Node section = item["scenario"];
  if (section && section.IsMap() && section["name"])
    throw InputError(where(base.source, section["name"].Mark()) + ": key '" + path +
                     ".scenario.name': a variant is named by its 'name' key");
  walk(item, "", base.source, registry, variant.params, {"name"});
  return variant;
}

}  // namespace

std::string yaml_location(const std::string& source, const YAML::Mark& mark) {
  if (mark.line < 0) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string yaml_node_kind(const YAML::Node& node) {
  return node.IsScalar() ? "'" + node.Scalar() + "'"
         : node.IsMap()  ? "a mapping"
         : node.IsSequence() ? "a list"
                             : "nothing";
}

Scalar read_parameter_value(const ParamSpec& spec, const std::string& path, const YAML::Node& node,
                            const std::string& location) {
  return read_checked(spec, path, node, location);
}

YAML::Node load_yaml_document(const std::string& text, const std::string& source, const std::string& what) {
  if (const int line = second_document_line(text); line > 0)
    throw InputError(source + ":" + std::to_string(line) + ":1: a second YAML document: a " + what +
                     " holds one ('---' starts another)");
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(where(source, e.mark) + ": not valid YAML: " + e.msg);
  }
}

std::vector<Scenario> scenarios_from_node(const YAML::Node& root, const std::string& source,
                                          const std::string& text, const ParamRegistry& registry) {
  if (!root.IsMap())
    throw InputError(source + ": a scenario must be a YAML mapping of sections (scenario:, run:, ...)");
  std::vector<Scenario> scenarios{Scenario{source, text, {}, "", ParameterSet(registry)}};
  walk(root, "", source, registry, scenarios.front().params, {"variants"});
  const YAML::Node variants = root["variants"];
  if (!variants || variants.IsNull()) return scenarios;
  if (!variants.IsSequence())
    throw InputError(where(source, variants.Mark()) + ": key 'variants' must be a list of variants, got " +
                     node_kind(variants));
  std::set<std::string> names{scenarios.front().name()};
  for (std::size_t i = 0; i < variants.size(); ++i)
    scenarios.push_back(parse_variant(variants[i], i, scenarios.front(), registry, names));
  return scenarios;
}

std::vector<Scenario> parse_scenarios(const std::string& text, const std::string& source,
                                      const ParamRegistry& registry) {
  return scenarios_from_node(load_yaml_document(text, source, "scenario file"), source, text, registry);
}

std::string read_input_file(const std::string& path, const std::string& what) {
  // Not a device or a pipe: /dev/zero given as a file would be read forever.
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error))
    throw InputError(path + ": not a regular file (" + what + ")");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open " + what);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<Scenario> load_scenario_files(const std::string& path, const ParamRegistry& registry) {
  return parse_scenarios(read_input_file(path, "scenario file"), path, registry);
}

Scenario parse_scenario(const std::string& text, const std::string& source,
                        const ParamRegistry& registry) {
  std::vector<Scenario> scenarios = parse_scenarios(text, source, registry);
  if (scenarios.size() != 1)
    throw InputError(source + ": holds variants where one scenario is expected");
  return std::move(scenarios.front());
}

Scenario load_scenario_file(const std::string& path, const ParamRegistry& registry) {
  std::vector<Scenario> scenarios = load_scenario_files(path, registry);
  if (scenarios.size() != 1) throw InputError(path + ": holds variants where one scenario is expected");
  return std::move(scenarios.front());
}

void apply_override(Scenario& scenario, const std::string& assignment, const std::string& label) {
  const std::string location = label.empty() ? "--set " + assignment : label;
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
  assign(scenario.params, *spec, node, "--set", location);
  scenario.overrides.push_back(assignment);
}

}  // namespace commsim
