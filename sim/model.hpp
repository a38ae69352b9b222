#pragma once
// A model description: the engine's own parameters and metrics plus those of
// each behaviour module, in a fixed order (FLAME GPU's model description;
// the runtime is sim/replicate.hpp).
#include <vector>

#include "sim/behaviour.hpp"

namespace commsim {

// Metrics the engine itself records.
struct EngineMetrics {
  MetricId members;
  MetricId joined;
  MetricId groups;
  GroupCounterId group_members;  // members per group, recounted every day
};

class Model {
 public:
  explicit Model(std::vector<ModuleDefinition> modules);

  const ParamRegistry& parameters() const { return parameters_; }
  const ModelLayout& layout() const { return layout_; }
  const EngineMetrics& engine_metrics() const { return engine_metrics_; }
  const std::vector<ModuleDefinition>& modules() const { return modules_; }

  // Fresh instances of the enabled modules, in declaration order.
  std::vector<std::unique_ptr<Behaviour>> instantiate(const ParameterSet& params,
                                                      const ModuleResources& resources = {}) const;
  std::vector<std::string> enabled_module_names(const ParameterSet& params) const;
  // Runs every enabled module's check_inputs (external files); throws InputError.
  void check_inputs(const ParameterSet& params) const;
  // Checks that every enabled module's reads have an enabled writer that
  // runs early enough (sim/dataflow.hpp); throws InputError naming `source`.
  void check_dataflow(const ParameterSet& params, const std::string& source) const;
  // A module's view of the layout (what its factory gets).
  ModuleLayout module_layout(const std::string& module) const { return layout_.scope(module); }

 private:
  void check_declared_reads() const;
  std::vector<ModuleDefinition> modules_;
  ParamRegistry parameters_;
  ModelLayout layout_;
  EngineMetrics engine_metrics_{};
};

}  // namespace commsim
