#pragma once
// The interface between the engine and behaviour modules.
//
// A module is a small set of per-day hooks; the engine decides when and how
// in parallel to call them and knows nothing of what they model. Each
// replicate gets its own module instances, so module state (per-group
// memories, budgets) is never shared between replicates.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/day_tally.hpp"
#include "sim/model_layout.hpp"
#include "sim/parameters.hpp"
#include "sim/population.hpp"
#include "sim/random_stream.hpp"

namespace commsim {

struct DayContext {
  StreamKey key;  // (seed, replicate, day): the base of every draw today
  Day day;
  const Groups& groups;
  const DayTally& yesterday;  // yesterday's totals, group counters included
};

// Joins requested by modules during the operator phase; the engine applies
// them after the member phase, in request order.
class JoinPlan {
 public:
  static constexpr std::uint32_t kIntakeGroup = 0xFFFFFFFF;  // the operator's current open group
  struct Request {
    std::uint32_t count;
    std::uint32_t group;
  };
  void add(std::uint32_t count, std::uint32_t group = kIntakeGroup) {
    if (count) requests_.push_back({count, group});
  }
  const std::vector<Request>& requests() const { return requests_; }
  void clear() { requests_.clear(); }

 private:
  std::vector<Request> requests_;
};

// Today's row of metric values; modules overwrite the ones they derive.
class DayMetrics {
 public:
  explicit DayMetrics(std::span<double> row) : row_(row) {}
  void set(MetricId id, double value) { row_[id] = value; }
  double get(MetricId id) const { return row_[id]; }

 private:
  std::span<double> row_;
};

class Behaviour {
 public:
  virtual ~Behaviour() = default;

  // Operator phase (sequential): today's levers; request joins.
  virtual void begin_day(const DayContext&, JoinPlan&) {}
  // Gives members who just joined their attributes (sequential).
  virtual void init_members(const DayContext&, Population&, MemberRange) {}
  // Member phase: called for disjoint chunks of members, concurrently. May
  // write only the members of `chunk` and `tally`; reads yesterday's group
  // counters, never another member's fields.
  virtual void update_members(const DayContext&, Population&, MemberRange, DayTally&) {}
  // After today's tallies are reduced and joins applied (sequential).
  virtual void end_day(const DayContext&, const Population&, const DayTally&, DayMetrics&) {}
};

// A behaviour module as the engine sees it before a run.
struct ModuleDefinition {
  std::string name;  // also its scenario section
  std::string help;  // the section's description in docs/scenario-format.md
  std::function<void(ParamRegistry&)> declare_parameters;
  std::function<void(ModelLayout&)> declare_outputs;
  std::function<std::unique_ptr<Behaviour>(const ParameterSet&, const ModelLayout&)> create;
};

}  // namespace commsim
