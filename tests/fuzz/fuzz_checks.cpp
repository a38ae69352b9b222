#include "tests/fuzz/fuzz_checks.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>

#include "models/all_modules.hpp"
#include "models/network/edge_list_file.hpp"
#include "sim/input_error.hpp"
#include "sim/scenario.hpp"
#include "sim/sweep.hpp"
#include <set>

namespace commsim::fuzz {
namespace {

const ParamRegistry& registry() {
  static const Model model = models::standard_model();
  return model.parameters();
}

// Every rejection names where: it starts with the source (and ":LINE" when
// `prefix` ends in ':').
void require_located(const InputError& e, const std::string& prefix) {
  const std::string what = e.what();
  bool located = what.rfind(prefix, 0) == 0;
  if (located && prefix.back() == ':')
    located = what.size() > prefix.size() && std::isdigit(static_cast<unsigned char>(what[prefix.size()]));
  if (!located) throw FuzzFinding("error does not start with '" + prefix + "': " + what);
}

void check_round_trip(const Scenario& scenario) {
  const std::string yaml = scenario.params.to_yaml();
  std::vector<Scenario> again;
  try {
    again = parse_scenarios(yaml, "<resolved>", registry());
  } catch (const InputError& e) {
    throw FuzzFinding("resolved parameters do not re-parse: " + std::string(e.what()) + "\n" + yaml);
  }
  if (again.size() != 1) throw FuzzFinding("resolved parameters hold variants:\n" + yaml);
  const std::vector<ParamSpec>& specs = registry().specs();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ParamValue& before = scenario.params.value_at(i);
    const ParamValue& after = again.front().params.value_at(i);
    if (!(before == after))
      throw FuzzFinding("key '" + specs[i].key + "' was " + value_yaml(specs[i], before) +
                        ", re-parsed as " + value_yaml(specs[i], after) + "\n" + yaml);
  }
}

}  // namespace

void check_scenario_text(std::string_view text) {
  std::vector<Scenario> scenarios;
  try {
    scenarios = parse_scenarios(std::string(text), "<fuzz>", registry());
  } catch (const InputError& e) {
    require_located(e, "<fuzz>");  // rejected with a located message: the loader's contract
    return;
  }
  for (const Scenario& scenario : scenarios) check_round_trip(scenario);
}

void check_sweep_text(std::string_view text) {
  const std::string source = "<fuzz>";
  Sweep sweep(Scenario{source, "", {}, "", ParameterSet(registry())});
  try {
    sweep = parse_sweep(std::string(text), source, registry(), {}, kFuzzSweepPoints);
  } catch (const InputError& e) {
    // Located in the sweep file, or in its base file and said so.
    if (std::string(e.what()).find("(the base of <fuzz>") == std::string::npos) require_located(e, source);
    return;
  }
  std::set<std::string> names;
  for (const Scenario& point : sweep.points) {
    if (!names.insert(point.name()).second) throw FuzzFinding("point name " + point.name() + " twice");
    check_round_trip(point);
  }
  if (parse_sweep(std::string(text), source, registry(), {}, kFuzzSweepPoints).hash != sweep.hash)
    throw FuzzFinding("the same sweep text gave two hashes");
}

void check_edge_list_text(std::string_view text) {
  std::istringstream in{std::string(text)};
  models::network::SocialGraph graph;
  try {
    graph = models::network::read_edge_list(in, "<fuzz>", kEdgeListNodes);
  } catch (const InputError& e) {
    require_located(e, "<fuzz>:");  // FILE:LINE
    return;
  }
  if (graph.node_count() != kEdgeListNodes) throw FuzzFinding("graph has the wrong node count");
  for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
    const auto friends = graph.neighbours(v);
    if (!std::is_sorted(friends.begin(), friends.end()) ||
        std::adjacent_find(friends.begin(), friends.end()) != friends.end())
      throw FuzzFinding("neighbours of " + std::to_string(v) + " not sorted and unique");
    for (const std::uint32_t w : friends) {
      if (w == v || w >= graph.node_count()) throw FuzzFinding("bad neighbour of " + std::to_string(v));
      const auto back = graph.neighbours(w);
      if (!std::binary_search(back.begin(), back.end(), v))
        throw FuzzFinding("edge " + std::to_string(v) + "-" + std::to_string(w) + " not symmetric");
    }
  }
}

}  // namespace commsim::fuzz
