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

const char* item_name(Item item) {
  switch (item) {
    case Item::Column: return "column";
    case Item::Metric: return "metric";
    case Item::GroupCounter: return "group counter";
    case Item::Signal: return "group signal";
  }
  return "?";
}

std::string column_value_text(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

namespace {

MetricSpec spec_of(std::string name, MetricKind kind, std::string units, std::string description, Better better) {
  MetricSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.units = std::move(units);
  spec.description = std::move(description);
  spec.better = better;
  return spec;
}

}  // namespace

MetricId ModelLayout::add_metric(MetricSpec spec) {
  for (const MetricSpec& m : metrics_)
    if (m.name == spec.name) throw std::logic_error("metric declared twice: " + spec.name);
  spec.owner = module_;
  record(Item::Metric, spec.name, true, When::Today, "");
  metrics_.push_back(std::move(spec));
  return static_cast<MetricId>(metrics_.size() - 1);
}

MetricId ModelLayout::metric(std::string name, MetricKind kind, std::string units,
                             std::string description, Better better) {
  return add_metric(spec_of(std::move(name), kind, std::move(units), std::move(description), better));
}

MetricId ModelLayout::money(std::string name, std::string description, Better better) {
  MetricSpec spec = spec_of(std::move(name), MetricKind::Flow, "yuan d-1", std::move(description), better);
  spec.derivation = Derivation::Money;
  return add_metric(std::move(spec));
}

// A metric the engine computes from two others after the end of the day;
// the module reads both (one of them may be another module's).
MetricId ModelLayout::derived(MetricSpec spec, Derivation derivation, const std::string& first,
                              const std::string& second) {
  spec.derivation = derivation;
  spec.numerator = metric_id(first);
  spec.denominator = metric_id(second);
  for (const std::string& part : {first, second})
    if (metrics_[metric_id(part)].owner != module_) record(Item::Metric, part, false, When::Today, "");
  return add_metric(std::move(spec));
}

MetricId ModelLayout::ratio(std::string name, std::string units, std::string description,
                            const std::string& numerator, const std::string& denominator,
                            double if_empty, Better better) {
  MetricSpec spec = spec_of(std::move(name), MetricKind::Ratio, std::move(units), std::move(description), better);
  spec.if_empty = if_empty;
  return derived(std::move(spec), Derivation::Ratio, numerator, denominator);
}

MetricId ModelLayout::difference(std::string name, std::string units, std::string description,
                                 const std::string& plus, const std::string& minus, Better better) {
  return derived(spec_of(std::move(name), MetricKind::Flow, std::move(units), std::move(description), better),
                 Derivation::Difference, plus, minus);
}

MeanId ModelLayout::mean(std::string name, std::string units, std::string description, double scale,
                         double if_empty, Better better) {
  MetricSpec spec = spec_of(std::move(name), MetricKind::Ratio, std::move(units), std::move(description), better);
  spec.derivation = Derivation::Mean;
  spec.denominator = mean_counts_++;
  spec.scale = scale;
  spec.if_empty = if_empty;
  const MetricId id = add_metric(std::move(spec));
  return {id, metrics_[id].denominator};
}

GroupCounterId ModelLayout::group_counter(std::string name) {
  if (std::find(group_counters_.begin(), group_counters_.end(), name) != group_counters_.end())
    throw std::logic_error("group counter declared twice: " + name);
  record(Item::GroupCounter, name, true, When::Today, "");
  group_counters_.push_back(std::move(name));
  return static_cast<GroupCounterId>(group_counters_.size() - 1);
}

SignalId ModelLayout::group_signal(std::string name) {
  if (std::find(group_signals_.begin(), group_signals_.end(), name) != group_signals_.end())
    throw std::logic_error("group signal declared twice: " + name);
  record(Item::Signal, name, true, When::Today, "");
  group_signals_.push_back(std::move(name));
  return static_cast<SignalId>(group_signals_.size() - 1);
}

void ModelLayout::check_new_column(const std::string& name) const {
  for (const ColumnSpec& c : columns_)
    if (c.name == name) throw std::logic_error("column declared twice: " + name);
}

void ModelLayout::purpose(Purpose purpose, std::string name) {
  for (const auto& [p, owner] : purposes_)
    if (p == purpose)
      throw std::logic_error("random purpose " + std::to_string(purpose.value) + " of " + name +
                             " already used by " + owner);
  purposes_.emplace_back(purpose, std::move(name));
}

void ModelLayout::record(Item item, const std::string& name, bool write, When when,
                         std::string if_unwritten) {
  accesses_.push_back({module_, item, name, write, when, std::move(if_unwritten)});
}

void ModelLayout::writes(Item item, const std::string& name) {
  record(item, name, true, When::Today, "");
}

void ModelLayout::reads(Item item, const std::string& name, When when, std::string if_unwritten) {
  record(item, name, false, when, std::move(if_unwritten));
}

std::size_t ModelLayout::column_bytes_per_member() const {
  std::size_t bytes = 0;
  for (const ColumnSpec& c : columns_) bytes += c.bytes;
  return bytes;
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

SignalId ModelLayout::group_signal_id(const std::string& name) const {
  const auto it = std::find(group_signals_.begin(), group_signals_.end(), name);
  if (it == group_signals_.end()) throw std::logic_error("group signal not declared: " + name);
  return static_cast<SignalId>(it - group_signals_.begin());
}

std::uint32_t ModelLayout::column_index(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return static_cast<std::uint32_t>(i);
  throw std::logic_error("column not declared: " + name);
}

ModuleLayout ModelLayout::scope(std::string module) const { return ModuleLayout(*this, std::move(module)); }

void ModuleLayout::require(Item item, const std::string& name) const {
  for (const Access& a : layout_->accesses())
    if (a.item == item && a.name == name && a.module == module_) return;
  throw std::logic_error("module " + module_ + " uses " + item_name(item) + " '" + name +
                         "' without declaring that it writes or reads it");
}

MetricId ModuleLayout::metric(const std::string& name) const {
  require(Item::Metric, name);
  return layout_->metric_id(name);
}

MeanId ModuleLayout::mean(const std::string& name) const {
  const MetricId id = metric(name);
  const MetricSpec& spec = layout_->metrics()[id];
  if (spec.derivation != Derivation::Mean) throw std::logic_error("metric " + name + " is not a mean");
  return {id, spec.denominator};
}

GroupCounterId ModuleLayout::group_counter(const std::string& name) const {
  require(Item::GroupCounter, name);
  return layout_->group_counter_id(name);
}

SignalId ModuleLayout::group_signal(const std::string& name) const {
  require(Item::Signal, name);
  return layout_->group_signal_id(name);
}

}  // namespace commsim
