#pragma once
// Weekly best-share awards, a lever of the incentives module: on Sundays
// (day % 7 == 6) each group's prize is its fund's weekly share, and the prize
// makes its creators post for the following week.
#include <cstdint>
#include <vector>

#include "models/cadence.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

class Awards {
 public:
  // incentives.awards, awards_start_day, awards_end_day, award_fund_per_member,
  // award_post_boost, award_scale.
  static void declare(ParamRegistry& p);
  explicit Awards(const ParameterSet& p);

  // Group g's post boost today (0: none): the week after an award day,
  // while the budget lasts.
  float post_boost(std::uint32_t g, int day, bool funded) const {
    return funded && day <= boost_until_ && g < boost_.size() ? boost_[g] : 0.0f;
  }
  // End of day: on an award day pays every group's prize (from its size at
  // the end of the day); returns the money in fen.
  std::int64_t end_day(const DayContext& ctx, bool funded);

 private:
  bool on_;
  Cadence cadence_;
  double fund_per_member_, boost_max_, scale_;
  std::vector<float> boost_;  // by group: this week's post boost
  int boost_until_ = -1;      // last day of the boost
};

}  // namespace commsim::models
