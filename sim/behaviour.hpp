#pragma once
// The interface between the engine and behaviour modules.
//
// A module is a small set of per-day hooks; the engine decides when and how
// in parallel to call them and knows nothing of what they model. Each
// replicate gets its own module instances, so module state (per-group
// memories, budgets) is never shared between replicates.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/day_tally.hpp"
#include "sim/group_signals.hpp"
#include "sim/model_layout.hpp"
#include "sim/parameters.hpp"
#include "sim/population.hpp"
#include "sim/random_stream.hpp"

namespace commsim {

struct DayContext {
  StreamKey key;  // (seed, replicate, day): the base of every draw today
  Day day;
  const Groups& groups;
  const DayTally& yesterday;     // yesterday's totals, group counters included
  const GroupSignals& signals;  // today's operator signals per group
};

// Changes of membership requested by modules after the member phase; the
// engine applies them in request order, enforcing the group cap.
class JoinPlan {
 public:
  static constexpr std::uint32_t kIntakeGroup = kNoGroup;  // the operator's current intake group
  enum class Kind : std::uint8_t { New, Admit, Move };
  struct Request {
    Kind kind;
    std::uint32_t value;  // New: how many; Admit, Move: the person
    std::uint32_t group;
  };
  // `count` new people from outside the population join `group`; a full
  // group sends them to the intake group.
  void add(std::uint32_t count, std::uint32_t group = kIntakeGroup) {
    if (count) requests_.push_back({Kind::New, count, group});
  }
  // Prospect `person` joins; ignored unless still a prospect.
  void admit(std::uint32_t person, std::uint32_t group = kIntakeGroup) {
    requests_.push_back({Kind::Admit, person, group});
  }
  // Member `person` moves to `group`; ignored unless still a member. If the
  // group is full the operator opens another of the same segment and city.
  void move(std::uint32_t person, std::uint32_t group) {
    requests_.push_back({Kind::Move, person, group});
  }
  const std::vector<Request>& requests() const { return requests_; }
  void clear() { requests_.clear(); }

 private:
  std::vector<Request> requests_;
};

// What the operator can do to the group structure in the operator phase.
class OperatorActions {
 public:
  OperatorActions(Groups& groups, std::uint32_t& intake_group, GroupSignals& signals, Day day)
      : groups_(groups), intake_(intake_group), signals_(signals), day_(day) {}
  std::uint32_t open_group(Segment segment = Segment::FishPond, std::uint16_t city = 0) {
    return groups_.open(day_, segment, city);
  }
  std::uint32_t intake_group() const { return intake_; }
  // New joiners go here from now on (a fresh group for a new cohort).
  void set_intake_group(std::uint32_t group) { intake_ = group; }
  // Adds to today's signal of a group (all zero at the start of the day).
  void add_signal(SignalId signal, std::uint32_t group, float value) {
    signals_.add(signal, group, value);
  }

 private:
  Groups& groups_;
  std::uint32_t& intake_;
  GroupSignals& signals_;
  Day day_;
};

// Today's row of metric values: each counted metric holds the day's tally
// when end_day begins; a module may set the ones it derives itself.
// Metrics indexed by cohort (the day a cohort joined) are filled in later,
// when observed, through set_on.
class DayMetrics {
 public:
  DayMetrics(std::span<double> series, std::size_t metric_count, Day today)
      : series_(series), metric_count_(metric_count), today_(today) {}
  void set(MetricId id, double value) { row(today_)[id] = value; }
  void add(MetricId id, double value) { row(today_)[id] += value; }
  double get(MetricId id) const { return series_[std::size_t{today_} * metric_count_ + id]; }
  // Sets the value of an earlier day (day <= today).
  void set_on(Day day, MetricId id, double value) { row(day)[id] = value; }

 private:
  std::span<double> row(Day day) { return series_.subspan(std::size_t{day} * metric_count_, metric_count_); }
  std::span<double> series_;  // [day][metric], up to today
  std::size_t metric_count_;
  Day today_;
};

class Behaviour {
 public:
  virtual ~Behaviour() = default;

  // Operator phase (sequential): today's levers; may open groups.
  virtual void begin_day(const DayContext&, OperatorActions&) {}
  // Member phase: called for disjoint chunks of people, concurrently. Acts
  // on members only: chunks holding no member (prospects, people who left)
  // may be skipped by the engine. May write only the people of `chunk`, the
  // module's own per-thread buffers and `tally`; reads yesterday's group
  // counters and its own state, never another person's fields.
  virtual void update_members(const DayContext&, Population&, const MemberChunk&, DayTally&) {}
  // After the member phase and the group recount (sequential): request joins
  // and moves.
  virtual void plan_joins(const DayContext&, const Population&, JoinPlan&) {}
  // Gives newly created people their attributes: the seed members and
  // prospects at day 0, and new joiners from outside. May be called for
  // disjoint ranges concurrently: write only the people of the range.
  virtual void init_members(const DayContext&, Population&, MemberRange) {}
  // People who became members today, in join order (sequential): join-time
  // effects such as a welcome ritual or an entry fee.
  virtual void on_join(const DayContext&, Population&, std::span<const std::uint32_t>, DayTally&) {}
  // After joins are applied (sequential): group-level updates, metrics a
  // module sets itself, and money booked at the end of the day (added to
  // `today`). Money, ratios and means are derived by the engine afterwards.
  virtual void end_day(const DayContext&, const Population&, DayTally& /*today*/, DayMetrics&) {}
};

// A behaviour module as the engine sees it before a run.
// A module's share of a run's memory, as an upper bound.
struct MemoryNeeds {
  double people_added = 0;  // people it may create in one replicate (joiners)
  double shared_bytes = 0;  // bytes shared by every replicate of a run at their peak (a social graph)
};

// What a run lends its modules besides their parameters, set by the command
// line; none of it changes results.
struct ModuleResources {
  // A directory where a module may keep what it would otherwise rebuild from
  // the same parameters in every process (the invites' social graph, with
  // --graph-cache); empty: nothing is kept.
  std::string cache_dir;
  // Where a module's warnings go (the command's "warning:" lines); unset:
  // stderr.
  std::function<void(const std::string&)> warn;

  void warning(const std::string& message) const {
    if (warn)
      warn(message);
    else
      std::fprintf(stderr, "commsim: warning: %s\n", message.c_str());
  }
};

struct ModuleDefinition {
  std::string name;  // also its scenario section
  std::string help;  // the section's description in docs/scenario-format.md
  std::function<void(ParamRegistry&)> declare_parameters;
  // Its columns, metrics, group counters and signals, and what it reads and
  // writes of other modules' (sim/model_layout.hpp).
  std::function<void(ModelLayout&)> declare_layout;
  // One replicate's instance; `resources` are the run's (most modules ignore them).
  std::function<std::unique_ptr<Behaviour>(const ParameterSet&, const ModuleLayout&, const ModuleResources&)>
      create;
  // Optional: reads and checks the module's external inputs (files named by
  // its keys) without simulating, so `commsim validate` catches what `run`
  // would; throws InputError.
  std::function<void(const ParameterSet&)> check_inputs = nullptr;
  // Optional, for the memory guard (sim/memory_estimate.hpp): what the
  // module adds to a run's memory.
  std::function<MemoryNeeds(const ParameterSet&)> memory_needs = nullptr;
};

// The factory of a module whose constructor takes (parameters, layout).
template <typename T>
std::unique_ptr<Behaviour> make_module(const ParameterSet& params, const ModuleLayout& layout,
                                       const ModuleResources&) {
  return std::make_unique<T>(params, layout);
}

}  // namespace commsim
