#pragma once
// What a model produces, declared before it runs: daily metrics, per-group
// counters and random-stream purposes. Modules declare theirs by name and
// look up the index they got; the engine sizes its buffers from this.
#include <cstdint>
#include <string>
#include <vector>

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

struct MetricSpec {
  std::string name;  // dataset name in the output
  MetricKind kind;
  std::string units;
  std::string description;
  Better better = Better::Higher;
};

using MetricId = std::uint32_t;
using GroupCounterId = std::uint32_t;
using SignalId = std::uint32_t;

class ModelLayout {
 public:
  // Each throws std::logic_error on a duplicate name or purpose.
  MetricId metric(std::string name, MetricKind kind, std::string units, std::string description,
                  Better better = Better::Higher);
  GroupCounterId group_counter(std::string name);
  // A per-group value set in the operator phase and read by members that day
  // (today's content value, a red-packet spike). Declared by the module that
  // sets it; others look it up by name.
  SignalId group_signal(std::string name);
  void purpose(Purpose purpose, std::string name);

  MetricId metric_id(const std::string& name) const;  // throws std::logic_error if absent
  GroupCounterId group_counter_id(const std::string& name) const;
  SignalId group_signal_id(const std::string& name) const;
  bool has_group_signal(const std::string& name) const;

  const std::vector<MetricSpec>& metrics() const { return metrics_; }
  std::size_t group_counter_count() const { return group_counters_.size(); }
  std::size_t group_signal_count() const { return group_signals_.size(); }

 private:
  std::vector<MetricSpec> metrics_;
  std::vector<std::string> group_counters_;
  std::vector<std::string> group_signals_;
  std::vector<std::pair<Purpose, std::string>> purposes_;
};

}  // namespace commsim
