#pragma once
// Value-sharing sessions (干货分享): the operator or one of its members gives
// a talk in a partner's group (a host group outside the community), and
// listeners who liked it join. Listeners are selected by the session's
// theme, so the people it brings are targeted: their interest is raised.
// One job: what the day's sessions bring. Keys `channels.sessions`,
// `channels.session_*` (docs/model.md, "Channels outside the groups").
#include <cstdint>
#include <vector>

#include "models/schedule.hpp"
#include "sim/parameters.hpp"
#include "sim/random_stream.hpp"

namespace commsim::models {

struct SessionDay {
  std::int64_t sessions = 0;  // held today
  std::int64_t joiners = 0;   // listeners who join the community
};

class ValueSessions {
 public:
  static constexpr Purpose kDraw{123};  // joins, agent = the session's record

  // A record of channels.sessions.
  struct Session {
    Schedule when;
    std::int64_t audience_left;  // the host group's listeners who have not joined
  };

  static void declare(ParamRegistry& p);
  explicit ValueSessions(const ParameterSet& p);

  SessionDay hold(int day, const StreamKey& key, double pass_rate);

  // A targeted joiner's interest: 1 - (1 - interest)^(1 + session_interest_shift).
  float targeted_interest(float interest) const;
  std::int64_t cost_fen() const { return cost_fen_; }  // per session
  // Upper bound of the people all sessions can bring in days [0, days).
  double most_joiners(int days) const;

 private:
  std::vector<Session> sessions_;
  double join_probability_, interest_shift_;
  std::int64_t cost_fen_;
};

}  // namespace commsim::models
