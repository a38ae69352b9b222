#include "sim/model.hpp"

#include <stdexcept>

#include "sim/dataflow.hpp"
#include "sim/input_error.hpp"

namespace commsim {

Model::Model(std::vector<ModuleDefinition> modules) : modules_(std::move(modules)) {
  ParamRegistry& p = parameters_;
  p.section("scenario", "What the scenario is.");
  p.identifier("scenario.name", "unnamed",
               "Name of the scenario: its value of the `scenario` coordinate in the results file.");
  p.text("scenario.description", "", "One line on the strategy the scenario describes.");

  p.section("run", "How the scenario is simulated. None of these change a replicate's draws "
                   "except run.seed.");
  p.integer("run.days", 365, 1, kMaxDays - 1, "days", "Simulated horizon.");
  p.integer("run.replicates", 8, 1, 100000, "runs",
            "Independent replicates; quantiles are taken across them.");
  p.integer("run.seed", 1, 0, std::int64_t{0x7FFFFFFFFFFFFFFF}, "",
            "Root of every random stream; same seed, scenario and version give identical output.");

  p.section("community", "The community at day 0 and its structure.");
  p.integer("community.initial_groups", 1, 1, 1000000, "groups", "Groups open at day 0.");
  p.integer("community.initial_members", 100, 0, 100000000, "people",
            "Seed members at day 0, spread evenly over the initial groups.");
  p.integer("community.group_cap", 500, 2, 100000, "people",
            "Most members a group holds (WeChat: 500). Joins go to the operator's intake group "
            "(the newest); when it is full the operator opens a new one.");
  p.integer("community.initial_segment", 0, 0, kSegmentCount - 1, "",
            "Segment of the initial groups: 0 fish pond (free), 1 new users, 2 training camp, "
            "3 paid members.");
  p.integer("community.cities", 0, 0, 65535, "cities",
            "Cities the initial groups are spread over (group g gets city 1 + g mod cities); 0: "
            "groups have no city. New intake groups keep their predecessor's city.");
  p.integer("community.prospects", 0, 0, 100000000, "people",
            "People in members' social circles who are not yet in a group, created at day 0 "
            "after the seed members; the social graph (invites) spans seeds and prospects.");

  engine_metrics_.members = layout_.metric("members", MetricKind::Level, "people",
                                           "Members in a group at the end of the day.");
  engine_metrics_.joined =
      layout_.metric("joined", MetricKind::Flow, "people d-1", "Members who joined that day.");
  engine_metrics_.groups = layout_.metric("groups", MetricKind::Level, "groups",
                                          "Groups opened so far (alive or not).", Better::Neither);
  engine_metrics_.group_members = layout_.group_counter("members");

  for (const ModuleDefinition& module : modules_) {
    p.section(module.name, module.help);
    p.flag(module.name + ".enabled", true, "Switches the module on or off.");
    module.declare_parameters(p);
    layout_.begin_module(module.name);
    module.declare_layout(layout_);
  }
  check_declared_reads();
}

// A read or write of a name nobody declares is a typo in a module, not a
// scenario's fault: each lookup throws std::logic_error naming it.
void Model::check_declared_reads() const {
  for (const Access& a : layout_.accesses()) {
    try {
      switch (a.item) {
        case Item::Column: layout_.column_index(a.name); break;
        case Item::Metric: layout_.metric_id(a.name); break;
        case Item::GroupCounter: layout_.group_counter_id(a.name); break;
        case Item::Signal: layout_.group_signal_id(a.name); break;
      }
    } catch (const std::logic_error& e) {
      throw std::logic_error("module " + a.module + ": " + e.what());
    }
  }
}

void Model::check_dataflow(const ParameterSet& params, const std::string& source) const {
  std::vector<std::string> order;
  for (const ModuleDefinition& module : modules_) order.push_back(module.name);
  const std::string error =
      dataflow_error(layout_, order, [&](const std::string& m) { return params.flag(m + ".enabled"); });
  if (!error.empty()) throw InputError(source + ": " + error);
}

std::vector<std::string> Model::enabled_module_names(const ParameterSet& params) const {
  std::vector<std::string> names;
  for (const ModuleDefinition& module : modules_)
    if (params.flag(module.name + ".enabled")) names.push_back(module.name);
  return names;
}

void Model::check_inputs(const ParameterSet& params) const {
  for (const ModuleDefinition& module : modules_)
    if (module.check_inputs && params.flag(module.name + ".enabled")) module.check_inputs(params);
}

std::vector<std::unique_ptr<Behaviour>> Model::instantiate(const ParameterSet& params,
                                                           const ModuleResources& resources) const {
  std::vector<std::unique_ptr<Behaviour>> behaviours;
  for (const ModuleDefinition& module : modules_)
    if (params.flag(module.name + ".enabled"))
      behaviours.push_back(module.create(params, layout_.scope(module.name), resources));
  return behaviours;
}

}  // namespace commsim
