#include "sim/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

#include "sim/fnv1a.hpp"
#include "sim/input_error.hpp"
#include "sim/replicate.hpp"
#include "sim/scenario_yaml.hpp"
#include "sim/sweep_design.hpp"

namespace commsim {
namespace {

std::string format_twelve_digits(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.12g", x);
  return text;
}

// Every key and value, one per line: what the hash covers. (to_yaml would
// do, at a hundred times the cost, through yaml-cpp's emitter.)
std::string canonical_text(const ParameterSet& params) {
  std::string text;
  const std::vector<ParamSpec>& specs = params.registry().specs();
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const ParamValue& value = params.value_at(k);
    text += specs[k].key + "=" +
            (specs[k].type == ParamType::List ? value_yaml(specs[k], value) : format_value(value)) + "\n";
  }
  return text;
}

class SweepReader {
 public:
  SweepReader(const std::string& text, const std::string& source, const ParamRegistry& registry,
              std::uint64_t max_points)
      : text_(text), source_(source), registry_(registry), kMaxPoints(max_points) {}

  Sweep read(const std::vector<std::string>& overrides) {
    const YAML::Node root = load_yaml_document(text_, source_, "sweep file");
    if (!root.IsMap() || !root["sweep"] || root.size() != 1)
      throw InputError(source_ + ": a sweep file is one mapping `sweep:` (docs/sweeps.md)");
    const YAML::Node sweep = root["sweep"];
    if (!sweep.IsMap()) throw InputError(at(sweep) + ": key 'sweep' must be a mapping");
    check_keys(sweep);
    Sweep out(base(sweep));
    out.source = source_;
    out.text = text_;
    out.name = name(sweep);
    if (const YAML::Node d = sweep["description"]) out.description = scalar(d, "sweep.description");
    out.design = design(sweep);
    out.samples = samples(sweep, out.design);
    out.parameters = parameters(sweep, out.design);
    apply_fixed(sweep, out, overrides);
    expand(out);
    return out;
  }

 private:
  std::string at(const YAML::Node& node) const { return yaml_location(source_, node.Mark()); }

  std::string scalar(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) throw InputError(at(node) + ": key '" + key + "' must be a string, got " + yaml_node_kind(node));
    return node.Scalar();
  }

  // A whole number in [min, max], read and checked as a scenario's integer key is.
  std::uint64_t count(const YAML::Node& node, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const ParamSpec spec = integer_field(key, std::int64_t(min), std::int64_t(min), std::int64_t(max), "", "");
    return std::uint64_t(std::get<std::int64_t>(read_parameter_value(spec, key, node, at(node))));
  }

  void check_keys(const YAML::Node& sweep) const {
    static const std::set<std::string> known = {"name", "description", "base", "scenario", "set", "design",
                                                "points", "replicates", "seed", "streams", "parameters"};
    std::set<std::string> seen;
    for (const auto& entry : sweep) {
      const std::string key = entry.first.Scalar();
      if (!known.count(key)) {
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        throw InputError(at(entry.first) + ": unknown key 'sweep." + key + "' (keys: " + list + ")");
      }
      if (!seen.insert(key).second) throw InputError(at(entry.first) + ": key 'sweep." + key + "' is given twice");
    }
    if (sweep["base"] && sweep["scenario"])
      throw InputError(at(sweep["scenario"]) + ": give the base scenario as 'base' (a file) or 'scenario' (inline), not both");
    if (!sweep["parameters"]) throw InputError(at(sweep) + ": key 'sweep.parameters' is missing (what to vary)");
  }

  std::string name(const YAML::Node& sweep) const {
    const YAML::Node node = sweep["name"];
    if (!node) throw InputError(at(sweep) + ": key 'sweep.name' is missing (it names the output file)");
    ParameterSet check(registry_);
    return std::get<std::string>(read_parameter_value(*registry_.find("scenario.name"), "sweep.name", node, at(node)));
  }

  // The base scenario: a file relative to the sweep file, inline, or the
  // defaults.
  Scenario base(const YAML::Node& sweep) const {
    std::vector<Scenario> scenarios;
    if (const YAML::Node file = sweep["base"]) {
      std::filesystem::path path = scalar(file, "sweep.base");
      if (path.is_relative()) path = std::filesystem::path(source_).parent_path() / path;
      const std::string name = path.lexically_normal().string();
      try {
        scenarios = load_scenario_files(name, registry_);
      } catch (const InputError& e) {
        throw InputError(std::string(e.what()) + " (the base of " + at(file) + ")");
      }
    } else if (const YAML::Node inline_base = sweep["scenario"]) {
      scenarios = scenarios_from_node(inline_base, source_, text_, registry_);
    } else {
      scenarios.push_back(Scenario{source_, "", {}, "", ParameterSet(registry_)});
    }
    if (scenarios.size() != 1)
      throw InputError(at(sweep) + ": the base scenario holds variants; a sweep varies one scenario");
    return scenarios.front();
  }

  SweepDesign design(const YAML::Node& sweep) const {
    const YAML::Node node = sweep["design"];
    if (!node) return SweepDesign::Grid;
    const std::string text = scalar(node, "sweep.design");
    for (SweepDesign d : {SweepDesign::Grid, SweepDesign::LatinHypercube, SweepDesign::Random, SweepDesign::Sobol})
      if (text == design_name(d)) return d;
    throw InputError(at(node) + ": key 'sweep.design' must be grid, lhs, random or sobol, got '" + text + "'");
  }

  std::uint64_t samples(const YAML::Node& sweep, SweepDesign design) const {
    const YAML::Node node = sweep["points"];
    if (design == SweepDesign::Grid) {
      if (node) throw InputError(at(node) + ": key 'sweep.points' is for lhs, random and sobol; a grid has the product of its lists");
      return 0;
    }
    if (!node)
      throw InputError(at(sweep) + ": key 'sweep.points' is missing (" +
                       (design == SweepDesign::Sobol ? "base samples n: the sweep has n x (parameters + 2) points"
                                                     : "how many points") + ")");
    return count(node, "sweep.points", design == SweepDesign::Sobol ? 2 : 1, kMaxPoints);
  }

  std::vector<SweptParameter> parameters(const YAML::Node& sweep, SweepDesign design) const {
    const YAML::Node map = sweep["parameters"];
    if (!map.IsMap() || map.size() == 0)
      throw InputError(at(map) + ": key 'sweep.parameters' must be a mapping of keys to vary, got " + yaml_node_kind(map));
    std::vector<SweptParameter> out;
    std::set<std::string> seen;
    for (const auto& entry : map) {
      SweptParameter p;
      p.key = entry.first.Scalar();
      p.location = at(entry.first);
      const std::string path = "sweep.parameters." + p.key;
      const ParamSpec* spec = registry_.find(p.key);
      if (!spec) throw InputError(p.location + ": key '" + path + "': no such scenario key (docs/scenario-format.md)");
      if (!seen.insert(p.key).second) throw InputError(p.location + ": key '" + path + "' is given twice");
      if (p.key == "scenario.name" || p.key == "run.replicates" || p.key == "run.days" ||
          spec->type == ParamType::List)
        throw InputError(p.location + ": key '" + path + "' cannot be swept" +
                         (spec->type == ParamType::List ? " (a list)" : " (points share names' form, days and replicates)"));
      if (p.key == "run.seed") throw InputError(p.location + ": key '" + path + "' cannot be swept: use sweep.streams: independent");
      const YAML::Node value = entry.second;
      if (design == SweepDesign::Grid)
        p.values = grid_values(*spec, path, value);
      else
        read_bounds(*spec, path, value, p);
      out.push_back(std::move(p));
    }
    return out;
  }

  std::vector<ParamValue> grid_values(const ParamSpec& spec, const std::string& path, const YAML::Node& node) const {
    std::vector<ParamValue> values;
    if (node.IsSequence()) {
      if (node.size() == 0) throw InputError(at(node) + ": key '" + path + "' has no values");
      for (std::size_t i = 0; i < node.size(); ++i)
        values.push_back(to_param(read_parameter_value(spec, path + "[" + std::to_string(i) + "]", node[i], at(node[i]))));
      return values;
    }
    if (!node.IsMap() || !node["from"] || !node["to"] || !node["step"] || node.size() != 3)
      throw InputError(at(node) + ": key '" + path + "' must be a list of values or {from, to, step}, got " +
                       yaml_node_kind(node));
    if (spec.type != ParamType::Real && spec.type != ParamType::Integer)
      throw InputError(at(node) + ": key '" + path + "': a range needs a number key; give a list");
    const auto number = [&](const char* field) {
      const Scalar s = read_parameter_value(spec, path + "." + field, node[field], at(node[field]));
      return std::holds_alternative<double>(s) ? std::get<double>(s) : double(std::get<std::int64_t>(s));
    };
    const double from = number("from"), to = number("to");
    ParamSpec step_spec = spec;  // the step is checked as a number, not against the key's range
    step_spec.min = -HUGE_VAL;
    step_spec.max = HUGE_VAL;
    step_spec.check = {};
    const Scalar step_value = read_parameter_value(step_spec, path + ".step", node["step"], at(node["step"]));
    const double step = std::holds_alternative<double>(step_value) ? std::get<double>(step_value)
                                                                   : double(std::get<std::int64_t>(step_value));
    if (!(step > 0) || to < from)
      throw InputError(at(node) + ": key '" + path + "' needs from <= to and step > 0");
    const double steps = std::floor((to - from) / step * (1 + 1e-12));
    if (steps + 1 > double(kMaxPoints)) throw InputError(at(node) + ": key '" + path + "' has too many values");
    for (std::uint64_t i = 0; i <= std::uint64_t(steps); ++i) {
      // 12 significant digits: 0.1 + 2 x 0.1 is 0.3, as the user meant.
      const double x = std::stod(format_twelve_digits(from + double(i) * step));
      if (spec.type == ParamType::Integer) values.push_back(std::int64_t(std::llround(x)));
      else values.push_back(x);
    }
    return values;
  }

  void read_bounds(const ParamSpec& spec, const std::string& path, const YAML::Node& node, SweptParameter& p) const {
    if (spec.type != ParamType::Real && spec.type != ParamType::Integer)
      throw InputError(at(node) + ": key '" + path + "': lhs, random and sobol designs vary numbers; this key is a " +
                       type_name(spec.type));
    if (!node.IsMap() || !node["min"] || !node["max"])
      throw InputError(at(node) + ": key '" + path + "' must be {min, max} (and optionally scale: log), got " +
                       yaml_node_kind(node));
    for (const auto& entry : node) {
      const std::string field = entry.first.Scalar();
      if (field != "min" && field != "max" && field != "scale")
        throw InputError(at(entry.first) + ": unknown key '" + path + "." + field + "' (min, max, scale)");
    }
    const auto number = [&](const char* field) {
      const Scalar s = read_parameter_value(spec, path + "." + field, node[field], at(node[field]));
      return std::holds_alternative<double>(s) ? std::get<double>(s) : double(std::get<std::int64_t>(s));
    };
    p.min = number("min");
    p.max = number("max");
    if (!(p.min < p.max)) throw InputError(at(node) + ": key '" + path + "' needs min < max");
    if (const YAML::Node scale = node["scale"]) {
      const std::string text = scalar(scale, path + ".scale");
      if (text != "log" && text != "linear")
        throw InputError(at(scale) + ": key '" + path + ".scale' must be linear or log, got '" + text + "'");
      p.log_scale = text == "log";
      if (p.log_scale && !(p.min > 0))
        throw InputError(at(scale) + ": key '" + path + "': a log scale needs min > 0");
    }
  }

  // `set:`, replicates, seed, streams and the command line's overrides,
  // applied to the base in that order.
  void apply_fixed(const YAML::Node& sweep, Sweep& out, const std::vector<std::string>& overrides) const {
    Scenario& base = out.base;
    const auto swept = [&](const std::string& key) {
      for (const SweptParameter& p : out.parameters)
        if (p.key == key) return true;
      return false;
    };
    if (const YAML::Node set = sweep["set"]) {
      if (!set.IsMap()) throw InputError(at(set) + ": key 'sweep.set' must be a mapping of key: value");
      for (const auto& entry : set) {
        const std::string key = entry.first.Scalar(), path = "sweep.set." + key;
        const ParamSpec* spec = registry_.find(key);
        if (!spec) throw InputError(at(entry.first) + ": key '" + path + "': no such scenario key");
        if (swept(key)) throw InputError(at(entry.first) + ": key '" + path + "' is also swept");
        if (spec->type == ParamType::List)
          throw InputError(at(entry.first) + ": key '" + path + "': set lists in the base scenario file");
        base.params.set(key, to_param(read_parameter_value(*spec, path, entry.second, at(entry.second))));
        base.overrides.push_back(key + "=" + format_value(base.params.value(key)));
      }
    }
    if (const YAML::Node n = sweep["replicates"]) {
      base.params.set("run.replicates", std::int64_t(count(n, "sweep.replicates", 1, 100000)));
      base.overrides.push_back("run.replicates=" + std::to_string(base.params.integer("run.replicates")));
    }
    if (const YAML::Node s = sweep["seed"]) {
      base.params.set("run.seed", std::int64_t(count(s, "sweep.seed", 0, std::uint64_t(INT64_MAX))));
      base.overrides.push_back("run.seed=" + std::to_string(base.params.integer("run.seed")));
    }
    if (const YAML::Node s = sweep["streams"]) {
      const std::string text = scalar(s, "sweep.streams");
      if (text != "common" && text != "independent")
        throw InputError(at(s) + ": key 'sweep.streams' must be common or independent, got '" + text + "'");
      out.independent_streams = text == "independent";
    }
    for (const std::string& assignment : overrides) {
      const std::string key = assignment.substr(0, assignment.find('='));
      if (swept(key)) throw InputError("--set " + assignment + ": key '" + key + "' is swept by " + source_);
      apply_override(base, assignment);
    }
    out.seed = std::uint64_t(base.params.integer("run.seed"));
  }

  // A swept value from the unit interval: linear or log between the bounds;
  // an integer key takes each integer of [min, max] with equal chance.
  static ParamValue from_unit(const ParamSpec& spec, const SweptParameter& p, double u) {
    if (spec.type == ParamType::Integer) {
      const double lo = p.log_scale ? std::log(p.min - 0.5 > 0 ? p.min - 0.5 : p.min) : p.min - 0.5;
      const double hi = p.log_scale ? std::log(p.max + 0.5) : p.max + 0.5;
      const double x = lo + u * (hi - lo);
      const double v = std::llround(p.log_scale ? std::exp(x) : x);
      return std::int64_t(std::clamp(v, p.min, p.max));
    }
    if (p.log_scale) return std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min)));
    return std::min(p.min + u * (p.max - p.min), p.max);
  }

  void expand(Sweep& out) const {
    std::vector<std::vector<ParamValue>> rows;
    const std::size_t k = out.parameters.size();
    if (out.design == SweepDesign::Grid) {
      std::vector<std::size_t> sizes;
      double total = 1;
      for (const SweptParameter& p : out.parameters) {
        sizes.push_back(p.values.size());
        total *= double(p.values.size());
      }
      if (total > double(kMaxPoints))
        throw InputError(source_ + ": the grid has " + std::to_string(std::uint64_t(total)) + " points; at most " +
                         std::to_string(kMaxPoints));
      for (const std::vector<std::size_t>& index : grid_design(sizes)) {
        std::vector<ParamValue>& row = rows.emplace_back();
        for (std::size_t d = 0; d < k; ++d) row.push_back(out.parameters[d].values[index[d]]);
      }
    } else {
      if (out.design == SweepDesign::Sobol && double(out.samples) * double(k + 2) > double(kMaxPoints))
        throw InputError(source_ + ": sobol with " + std::to_string(out.samples) + " base samples and " +
                         std::to_string(k) + " parameters has too many points");
      const DesignMatrix unit = out.design == SweepDesign::Random ? random_design(out.samples, k, out.seed)
                                : out.design == SweepDesign::LatinHypercube
                                    ? latin_hypercube_design(out.samples, k, out.seed)
                                    : saltelli_design(out.samples, k, out.seed);
      for (const std::vector<double>& u : unit) {
        std::vector<ParamValue>& row = rows.emplace_back();
        for (std::size_t d = 0; d < k; ++d)
          row.push_back(from_unit(*registry_.find(out.parameters[d].key), out.parameters[d], u[d]));
      }
    }
    const int width = std::max<int>(4, int(std::to_string(rows.size() - 1).size()));
    std::uint64_t hash = kFnv1aBasis;
    const auto mix = [&hash](const std::string& text) { hash = fnv1a(text, hash); };
    for (std::size_t p = 0; p < rows.size(); ++p) {
      Scenario point = out.base;
      std::string name = std::to_string(p);
      name = "p" + std::string(std::size_t(width) - std::min(name.size(), std::size_t(width)), '0') + name;
      point.params.set("scenario.name", name);
      point.source = out.source;
      point.text = out.base.text;
      for (std::size_t d = 0; d < k; ++d) {
        const SweptParameter& swept = out.parameters[d];
        const ParamSpec& spec = *registry_.find(swept.key);
        if (const std::string why = check_value(spec, rows[p][d]); !why.empty())
          throw InputError(swept.location + ": key 'sweep.parameters." + swept.key + "': point " + name + " " + why);
        point.params.set(swept.key, rows[p][d]);
        point.overrides.push_back(swept.key + "=" + format_value(rows[p][d]));
      }
      if (out.independent_streams) {
        point.params.set("run.seed", std::int64_t(point_seed(out.seed, p)));
        point.overrides.push_back("run.seed=" + std::to_string(point.params.integer("run.seed")));
      }
      check_engine_constraints(point.params, out.source + " (point " + name + ")");
      mix(point.name());
      mix(canonical_text(point.params));
      out.points.push_back(std::move(point));
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    out.hash = hex;
  }

  const std::string& text_;
  const std::string& source_;
  const ParamRegistry& registry_;
  const std::uint64_t kMaxPoints;
};

}  // namespace

const char* design_name(SweepDesign design) {
  switch (design) {
    case SweepDesign::Grid: return "grid";
    case SweepDesign::LatinHypercube: return "lhs";
    case SweepDesign::Random: return "random";
    case SweepDesign::Sobol: return "sobol";
  }
  return "?";
}

std::uint64_t point_seed(std::uint64_t sweep_seed, std::uint64_t point) {
  std::uint64_t z = sweep_seed + (point + 1) * 0x9e3779b97f4a7c15ULL;  // splitmix64
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return (z ^ (z >> 31)) >> 1;  // run.seed is a non-negative int64
}

Sweep parse_sweep(const std::string& text, const std::string& source, const ParamRegistry& registry,
                  const std::vector<std::string>& overrides, std::uint64_t max_points) {
  return SweepReader(text, source, registry, max_points).read(overrides);
}

Sweep load_sweep_file(const std::string& path, const ParamRegistry& registry,
                      const std::vector<std::string>& overrides) {
  return parse_sweep(read_input_file(path, "sweep file"), path, registry, overrides);
}

}  // namespace commsim
