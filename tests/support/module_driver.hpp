#pragma once
// Runs one behaviour module's hooks on a hand-built population and groups,
// so a test can set exactly the state a mechanism reads (trust, visits,
// yesterday's group counters) and count what the module does with it.
#include <memory>
#include <string>
#include <vector>

#include "sim/day_phases.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim::testing {

class ModuleDriver {
 public:
  ModuleDriver(const std::string& module, const std::string& yaml)
      : params_(scenario_from(yaml).params) {
    for (const ModuleDefinition& m : standard().modules())
      if (m.name == module) behaviours_.push_back(m.create(params_, standard().module_layout(module), {}));
    if (behaviours_.empty()) throw std::logic_error("no module " + module);
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
    const DayPhases phases(layout(), behaviours_);
    phases.operate(ctx, groups, intake_, signals);
    before_members(pop);
    today.reset(metrics, means, counters, groups.count());
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < pop.size(); ++i)
      if (is_member(pop.state[i])) members.push_back(i);
    phases.members(ctx, pop, MemberChunk{members}, today);
    joins.clear();
    phases.plan_joins(ctx, pop, joins);
    series_.resize((std::size_t{day} + 1) * metrics, 0.0);
    phases.count_metrics(today, series_, day);
    phases.close(ctx, pop, today, series_);
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
  std::vector<std::unique_ptr<Behaviour>> behaviours_;  // the one module
  std::uint32_t intake_ = 0;
  std::vector<double> series_;
};

}  // namespace commsim::testing
