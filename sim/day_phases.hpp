#pragma once
// The phases of a day over a list of behaviour modules, in their order: the
// one sequence the engine (sim/replicate.cpp), the module test driver and
// the member-kernel benchmark all run. The engine adds what only it does
// around these calls: parallel chunks, the group recount, applying joins.
#include <memory>
#include <span>
#include <vector>

#include "sim/behaviour.hpp"
#include "sim/derived_metrics.hpp"
#include "sim/run_profile.hpp"

namespace commsim {

class DayPhases {
 public:
  DayPhases(const ModelLayout& layout, std::span<const std::unique_ptr<Behaviour>> behaviours)
      : layout_(&layout), behaviours_(behaviours) {}

  // Today's signals start at zero; every module sets its levers.
  void operate(const DayContext& ctx, Groups& groups, std::uint32_t& intake_group, GroupSignals& signals) const {
    signals.reset(layout_->group_signal_count(), groups.count());
    OperatorActions actions(groups, intake_group, signals, ctx.day);
    for (const auto& b : behaviours_) b->begin_day(ctx, actions);
  }

  // One chunk of the member phase, every module in order; with `seconds`
  // (one slot per module) each module's time is added to it.
  void members(const DayContext& ctx, Population& pop, const MemberChunk& chunk, DayTally& tally,
               std::span<double> seconds = {}) const {
    if (seconds.empty()) {
      for (const auto& b : behaviours_) b->update_members(ctx, pop, chunk, tally);
      return;
    }
    Stopwatch watch;
    for (std::size_t m = 0; m < behaviours_.size(); ++m) {
      behaviours_[m]->update_members(ctx, pop, chunk, tally);
      watch.lap(seconds[m]);
    }
  }

  void plan_joins(const DayContext& ctx, const Population& pop, JoinPlan& joins) const {
    for (const auto& b : behaviours_) b->plan_joins(ctx, pop, joins);
  }
  void init_members(const DayContext& ctx, Population& pop, MemberRange people) const {
    for (const auto& b : behaviours_) b->init_members(ctx, pop, people);
  }
  void on_join(const DayContext& ctx, Population& pop, std::span<const std::uint32_t> joined,
               DayTally& tally) const {
    for (const auto& b : behaviours_) b->on_join(ctx, pop, joined, tally);
  }

  // Today's row of `series` ([day][metric], up to today) from the tally.
  void count_metrics(const DayTally& today, std::span<double> series, Day day) const {
    const std::size_t n = layout_->metrics().size();
    for (std::size_t m = 0; m < n; ++m) series[std::size_t{day} * n + m] = double(today.metric(MetricId(m)));
  }

  // End of the day: every module's end_day, then the derived metrics.
  void close(const DayContext& ctx, const Population& pop, DayTally& today, std::span<double> series) const {
    const std::size_t n = layout_->metrics().size();
    DayMetrics metrics(series, n, ctx.day);
    for (const auto& b : behaviours_) b->end_day(ctx, pop, today, metrics);
    derive_metrics(*layout_, today, series.subspan(std::size_t{ctx.day} * n, n));
  }

 private:
  const ModelLayout* layout_;
  std::span<const std::unique_ptr<Behaviour>> behaviours_;
};

}  // namespace commsim
