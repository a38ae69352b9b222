#pragma once
// Runs one behaviour module's hooks on a hand-built population and groups,
// so a test can set exactly the state a mechanism reads (trust, visits,
// yesterday's group counters) and count what the module does with it.
#include <memory>
#include <string>
#include <vector>

#include "sim/derived_metrics.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim::testing {

class ModuleDriver {
 public:
  ModuleDriver(const std::string& module, const std::string& yaml)
      : params_(scenario_from(yaml).params) {
    for (const ModuleDefinition& m : standard().modules())
      if (m.name == module) behaviour_ = m.create(params_, standard().module_layout(module));
    if (!behaviour_) throw std::logic_error("no module " + module);
  }

  const ModelLayout& layout() const { return standard().layout(); }
  Population pop = population();
  Groups groups;
  GroupSignals signals;
  JoinPlan joins;
  DayTally yesterday, today;

  // Adds `count` members to `group` who joined on day 0.
  MemberRange add_members(std::uint32_t count, std::uint32_t group) {
    groups.size[group] += count;
    return pop.append(count, group, 0);
  }

  // One day of the module: operator phase, one member chunk, joins, end of
  // day. `before_members` runs between the operator and member phases (to
  // mark visits, as participation does). Returns today's tally.
  template <typename BeforeMembers>
  const DayTally& run_day(Day day, BeforeMembers before_members) {
    const std::size_t metrics = layout().metrics().size();
    const std::size_t means = layout().tally_size() - metrics;
    const std::size_t counters = layout().group_counter_count();
    const DayContext ctx{{1234, 0, day}, day, groups, yesterday, signals};
    signals.reset(layout().group_signal_count(), groups.count());
    OperatorActions actions(groups, intake_, signals, day);
    behaviour_->begin_day(ctx, actions);
    before_members(pop);
    today.reset(metrics, means, counters, groups.count());
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < pop.size(); ++i)
      if (is_member(pop.state[i])) members.push_back(i);
    behaviour_->update_members(ctx, pop, MemberChunk{members}, today);
    joins.clear();
    behaviour_->plan_joins(ctx, pop, joins);
    series_.resize((std::size_t{day} + 1) * metrics, 0.0);
    DayMetrics row(series_, metrics, day);
    for (MetricId m = 0; m < metrics; ++m) series_[std::size_t{day} * metrics + m] = double(today.metric(m));
    behaviour_->end_day(ctx, pop, today, row);
    derive_metrics(layout(), today, std::span<double>(series_).subspan(std::size_t{day} * metrics, metrics));
    yesterday = today;
    return today;
  }

  // A member column by name.
  template <ColumnElement T>
  std::span<T> field(const std::string& name) {
    return testing::field<T>(pop, name);
  }

  // Today's tally of a metric the member phase counts.
  std::int64_t metric(const std::string& name) const {
    return today.metric(layout().metric_id(name));
  }
  // A metric's value on `day` as the module's end_day left it.
  double recorded(const std::string& name, Day day) const {
    return series_[std::size_t{day} * layout().metrics().size() + layout().metric_id(name)];
  }

  // Applies today's moves as the engine would (no group cap).
  void apply_moves() {
    for (const JoinPlan::Request& r : joins.requests()) {
      if (r.kind != JoinPlan::Kind::Move) continue;
      --groups.size[pop.group[r.value]];
      pop.group[r.value] = r.group;
      ++groups.size[r.group];
    }
  }

 private:
  ParameterSet params_;
  std::unique_ptr<Behaviour> behaviour_;
  std::uint32_t intake_ = 0;
  std::vector<double> series_;
};

}  // namespace commsim::testing
