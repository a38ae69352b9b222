#pragma once
// What a model holds and produces, declared before it runs: per-member
// columns, daily metrics, per-group counters and signals, random-stream
// purposes, and which module writes and reads each of them (its dataflow).
// Modules declare theirs by name; the engine sizes its buffers from this and
// checks at start-up that every read has a writer that runs early enough
// (sim/dataflow.hpp). A module looks its items up through a ModuleLayout,
// which refuses what the module did not declare.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <vector>

#include "sim/member_columns.hpp"
#include "sim/random_stream.hpp"

namespace commsim {

// A level is a state at the end of the day (members, groups); a flow counts
// events during the day (joins, messages), so summing it over days means
// something; a ratio is neither.
enum class MetricKind { Level, Flow, Ratio };
const char* kind_name(MetricKind kind);

// Which way an operator wants a metric to move, for comparing scenarios:
// most are goods (members, revenue), some are costs or losses (cost,
// churned), and some are neither (groups opened, migrations: means, not ends).
enum class Better { Higher, Lower, Neither };
const char* better_name(Better better);  // higher, lower, neither

using MetricId = std::uint32_t;
using GroupCounterId = std::uint32_t;
using SignalId = std::uint32_t;

// How the engine turns the day's integer tally into a metric's value. Every
// derived value is computed after all modules' end of day, from exact sums,
// so it is right whichever modules are on and in whatever order they run.
enum class Derivation : std::uint8_t {
  Count,  // the tally's count, or what a module sets at the end of the day
  Money,  // integer fen in the tally, written in yuan
  Ratio,  // numerator metric / denominator metric (shares)
  Mean,   // a tally sum / a tally count kept beside it, / scale (means)
  Difference,  // numerator metric - denominator metric (profit: revenue - cost)
};

struct MetricSpec {
  std::string name;  // dataset name in the output
  MetricKind kind = MetricKind::Level;
  std::string units;
  std::string description;
  Better better = Better::Higher;
  std::string owner;  // the declaring module ("engine" for the engine's own)
  Derivation derivation = Derivation::Count;
  MetricId numerator = 0, denominator = 0;  // Ratio: metrics; Mean: denominator is a tally slot
  double scale = 1.0;                       // Mean: the sum's fixed-point unit
  double if_empty = 0.0;                    // Ratio, Mean: the value when the denominator is 0
};

// A mean's two tally slots: the sum (its metric's own slot) and the count.
struct MeanId {
  MetricId metric;
  std::uint32_t count_slot;
};

// The things modules exchange.
enum class Item : std::uint8_t { Column, Metric, GroupCounter, Signal };
const char* item_name(Item item);  // "column", "metric", "group counter", "group signal"

// Whether a read sees today's value (written earlier the same day) or
// yesterday's (or the value at creation).
enum class When : std::uint8_t { Today, Yesterday };

struct Access {
  std::string module;
  Item item;
  std::string name;
  bool write;
  When when = When::Today;   // reads only
  std::string if_unwritten;  // reads only: what the reader sees when no enabled module
                             // writes it ("" = it needs a writer)
};

inline constexpr const char* kEngineModule = "engine";

class ModuleLayout;

class ModelLayout {
 public:
  // Items declared from now on belong to `module` (the engine's, before the first call).
  void begin_module(std::string module) { module_ = std::move(module); }

  // Declarations; each throws std::logic_error on a duplicate name. The
  // declaring module is the item's owner and a writer.
  MetricId metric(std::string name, MetricKind kind, std::string units, std::string description,
                  Better better = Better::Higher);
  // A flow of money: modules add integer fen to its tally, the output is yuan.
  MetricId money(std::string name, std::string description, Better better = Better::Higher);
  // numerator / denominator, both metrics (either may be another module's,
  // which this declares as read).
  MetricId ratio(std::string name, std::string units, std::string description,
                 const std::string& numerator, const std::string& denominator,
                 double if_empty = 0.0, Better better = Better::Neither);
  // A mean over what a kernel visits: add_mean(sum in units of 1/scale, count).
  MeanId mean(std::string name, std::string units, std::string description, double scale,
              double if_empty = 0.0, Better better = Better::Neither);
  // plus - minus, both metrics (profit = revenue - cost).
  MetricId difference(std::string name, std::string units, std::string description,
                      const std::string& plus, const std::string& minus, Better better = Better::Higher);
  GroupCounterId group_counter(std::string name);
  // A per-group value set in the operator phase and read by members that
  // day (today's content value, a red-packet spike); zero unless set.
  SignalId group_signal(std::string name);
  template <ColumnElement T>
  Column<T> column(std::string name, T initial, std::string description);
  void purpose(Purpose purpose, std::string name);

  // What the current module writes or reads besides what it declared.
  void writes(Item item, const std::string& name);
  void reads(Item item, const std::string& name, When when, std::string if_unwritten = "");

  const std::vector<MetricSpec>& metrics() const { return metrics_; }
  const std::vector<ColumnSpec>& columns() const { return columns_; }
  const std::vector<Access>& accesses() const { return accesses_; }
  // Every random purpose with its name ("module.what"), in declaration order.
  const std::vector<std::pair<Purpose, std::string>>& purposes() const { return purposes_; }
  std::size_t group_counter_count() const { return group_counters_.size(); }
  std::size_t group_signal_count() const { return group_signals_.size(); }
  // Tally slots: one per metric, then the means' counts.
  std::size_t tally_size() const { return metrics_.size() + mean_counts_; }
  std::size_t column_bytes_per_member() const;

  // Unchecked lookups for the engine, tools and tests (throw std::logic_error if absent).
  MetricId metric_id(const std::string& name) const;
  GroupCounterId group_counter_id(const std::string& name) const;
  SignalId group_signal_id(const std::string& name) const;
  std::uint32_t column_index(const std::string& name) const;
  template <ColumnElement T>
  Column<T> column_id(const std::string& name) const;

  // The view a module's factory gets.
  ModuleLayout scope(std::string module) const;

 private:
  MetricId add_metric(MetricSpec spec);
  MetricId derived(MetricSpec spec, Derivation derivation, const std::string& first, const std::string& second);
  void record(Item item, const std::string& name, bool write, When when, std::string if_unwritten);
  void check_new_column(const std::string& name) const;

  std::string module_ = kEngineModule;
  std::vector<MetricSpec> metrics_;
  std::uint32_t mean_counts_ = 0;
  std::vector<ColumnSpec> columns_;
  std::vector<std::string> group_counters_;
  std::vector<std::string> group_signals_;
  std::vector<std::pair<Purpose, std::string>> purposes_;
  std::vector<Access> accesses_;
};

// One module's view of the layout: lookups succeed only for items the
// module declared, writes or reads, so its declarations cannot fall behind
// its code.
class ModuleLayout {
 public:
  ModuleLayout(const ModelLayout& layout, std::string module)
      : layout_(&layout), module_(std::move(module)) {}
  MetricId metric(const std::string& name) const;
  MeanId mean(const std::string& name) const;
  GroupCounterId group_counter(const std::string& name) const;
  SignalId group_signal(const std::string& name) const;
  template <ColumnElement T>
  Column<T> column(const std::string& name) const {
    require(Item::Column, name);
    return layout_->column_id<T>(name);
  }
  const ModelLayout& model() const { return *layout_; }
  const std::string& module() const { return module_; }

 private:
  void require(Item item, const std::string& name) const;
  const ModelLayout* layout_;
  std::string module_;
};

std::string column_value_text(double value);

template <ColumnElement T>
Column<T> ModelLayout::column(std::string name, T initial, std::string description) {
  check_new_column(name);
  double as_number;
  if constexpr (std::is_enum_v<T>) as_number = double(static_cast<std::underlying_type_t<T>>(initial));
  else as_number = double(initial);
  columns_.push_back({name, module_, std::move(description), column_value_text(as_number),
                      detail::element_type_name<T>(), std::type_index(typeid(T)), sizeof(T),
                      std::make_shared<detail::TypedColumn<T>>(initial)});
  record(Item::Column, name, true, When::Today, "");
  return Column<T>{static_cast<std::uint32_t>(columns_.size() - 1)};
}

template <ColumnElement T>
Column<T> ModelLayout::column_id(const std::string& name) const {
  const std::uint32_t index = column_index(name);
  if (columns_[index].type != std::type_index(typeid(T)))
    throw std::logic_error("column " + name + " looked up with another element type than declared");
  return Column<T>{index};
}

}  // namespace commsim
