#pragma once
// Check-in points, a lever of the incentives module: while the campaign is
// on, every group gets a daily visit nudge (checkin_boost) and every visit
// is a check-in worth checkin_points_yuan of points.
#include <cstdint>

#include "models/cadence.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

struct CheckInSettings;

class CheckIns {
 public:
  // incentives.checkin, checkin_start_day, checkin_end_day, checkin_points_yuan, checkin_boost.
  static void declare(ParamRegistry& p);
  // The checkins metric; reads today's visits.
  static void declare_layout(ModelLayout& layout);
  CheckIns(const ParameterSet& p, const ModuleLayout& layout);
  CheckIns(const CheckInSettings& s, const ModuleLayout& layout);

  void begin_day(int day, bool funded) { today_ = funded && on_ && cadence_.on(day); }
  float spike() const { return today_ ? boost_ : 0.0f; }
  // Member phase: counts the chunk's members who visited today.
  void count(const DayContext& ctx, const Population& pop, const MemberChunk& chunk,
             DayTally& tally) const;
  // End of day: the points of today's check-ins, in fen.
  std::int64_t cost(const DayTally& today) const {
    return today_ ? today.metric(checkins_) * points_fen_ : 0;
  }

 private:
  bool on_;
  Cadence cadence_;
  std::int64_t points_fen_;
  float boost_;
  MetricId checkins_;
  Column<Day> last_active_day_;
  bool today_ = false;
};

}  // namespace commsim::models
