#include "sim/model_layout.hpp"

#include <algorithm>
#include <stdexcept>

namespace commsim {

const char* kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::Level: return "level";
    case MetricKind::Flow: return "flow";
    case MetricKind::Ratio: return "ratio";
  }
  return "?";
}

const char* better_name(Better better) {
  switch (better) {
    case Better::Higher: return "higher";
    case Better::Lower: return "lower";
    case Better::Neither: return "neither";
  }
  return "?";
}

MetricId ModelLayout::metric(std::string name, MetricKind kind, std::string units,
                             std::string description, Better better) {
  for (const MetricSpec& m : metrics_)
    if (m.name == name) throw std::logic_error("metric declared twice: " + name);
  metrics_.push_back({std::move(name), kind, std::move(units), std::move(description), better});
  return static_cast<MetricId>(metrics_.size() - 1);
}

GroupCounterId ModelLayout::group_counter(std::string name) {
  if (std::find(group_counters_.begin(), group_counters_.end(), name) != group_counters_.end())
    throw std::logic_error("group counter declared twice: " + name);
  group_counters_.push_back(std::move(name));
  return static_cast<GroupCounterId>(group_counters_.size() - 1);
}

SignalId ModelLayout::group_signal(std::string name) {
  if (has_group_signal(name)) throw std::logic_error("group signal declared twice: " + name);
  group_signals_.push_back(std::move(name));
  return static_cast<SignalId>(group_signals_.size() - 1);
}

bool ModelLayout::has_group_signal(const std::string& name) const {
  return std::find(group_signals_.begin(), group_signals_.end(), name) != group_signals_.end();
}

SignalId ModelLayout::group_signal_id(const std::string& name) const {
  const auto it = std::find(group_signals_.begin(), group_signals_.end(), name);
  if (it == group_signals_.end()) throw std::logic_error("group signal not declared: " + name);
  return static_cast<SignalId>(it - group_signals_.begin());
}

void ModelLayout::purpose(Purpose purpose, std::string name) {
  for (const auto& [p, owner] : purposes_)
    if (p == purpose)
      throw std::logic_error("random purpose " + std::to_string(purpose.value) + " of " + name +
                             " already used by " + owner);
  purposes_.emplace_back(purpose, std::move(name));
}

MetricId ModelLayout::metric_id(const std::string& name) const {
  for (std::size_t i = 0; i < metrics_.size(); ++i)
    if (metrics_[i].name == name) return static_cast<MetricId>(i);
  throw std::logic_error("metric not declared: " + name);
}

GroupCounterId ModelLayout::group_counter_id(const std::string& name) const {
  const auto it = std::find(group_counters_.begin(), group_counters_.end(), name);
  if (it == group_counters_.end()) throw std::logic_error("group counter not declared: " + name);
  return static_cast<GroupCounterId>(it - group_counters_.begin());
}

}  // namespace commsim
