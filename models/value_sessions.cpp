#include "models/value_sessions.hpp"

#include <algorithm>
#include <cmath>

#include "models/count_draws.hpp"
#include "models/ledger.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

namespace {

struct SessionsSettings {
  std::vector<ValueSessions::Session> sessions;
  double session_join_probability, session_interest_shift, session_cost;
};

const SettingsBinding<SessionsSettings>& sessions_keys() {
  using S = SessionsSettings;
  static const auto keys = [] {
    const auto record =
        RecordBinding<ValueSessions::Session>()
            .fields(schedule_part(&ValueSessions::Session::when, "is held"))
            .integer(&ValueSessions::Session::audience_left, "audience", 500, 1, 100000000, "people",
                     "Listeners in the host group (a partner's WeChat group holds "
                     "up to 500; a session relayed to several groups, more); a "
                     "listener joins at most once.");
    return SettingsBinding<S>("channels")
        .list(&S::sessions, "sessions", record,
              "Value-sharing sessions in partners' groups outside the community: held on the one-off "
              "day, every every_days from start_day, and on the weekdays, within [start_day, "
              "end_day]. Empty: none.",
              schedule_check(record.specs(), "is never held"))
        .real(&S::session_join_probability, "session_join_probability", 0.8, 0.0, 1.0, "probability",
              "Chance that a listener of a session who has not joined yet joins the community "
              "(times the entry threshold's pass rate; domain: one session in a group brought 400 "
              "targeted followers, a testimonial).")
        .real(&S::session_interest_shift, "session_interest_shift", 1.0, 0.0, 100.0, "",
              "k of the joiners a session brings (targeted): interest' = 1 - (1 - interest)^(1 + k); "
              "1 turns 0.6 into 0.84, 0 leaves interest as drawn.")
        .real(&S::session_cost, "session_cost", 500.0, 0.0, 1e9, "yuan",
              "Cost of one session (preparing and giving the talk; booked as cost).");
  }();
  return keys;
}

}  // namespace

void ValueSessions::declare(ParamRegistry& p) { sessions_keys().declare(p); }

ValueSessions::ValueSessions(const ParameterSet& p) {
  SessionsSettings s = sessions_keys().read(p);
  sessions_ = std::move(s.sessions);
  join_probability_ = s.session_join_probability;
  interest_shift_ = s.session_interest_shift;
  cost_fen_ = to_fen(s.session_cost);
}

// Each session held today: joiners ~ Binomial(audience left, p x pass).
SessionDay ValueSessions::hold(int day, const StreamKey& key, double pass_rate) {
  SessionDay s;
  const double p = std::min(1.0, join_probability_ * pass_rate);
  for (std::size_t k = 0; k < sessions_.size(); ++k) {
    Session& session = sessions_[k];
    if (!session.when.on(day)) continue;
    RandomStream stream(key, std::uint32_t(k), kDraw);
    const std::int64_t joined = binomial_count(stream, session.audience_left, p);
    session.audience_left -= joined;
    s.joiners += joined;
    ++s.sessions;
  }
  return s;
}

float ValueSessions::targeted_interest(float interest) const {
  if (interest_shift_ == 0.0) return interest;
  return float(1.0 - std::pow(1.0 - double(interest), 1.0 + interest_shift_));
}

double ValueSessions::most_joiners(int days) const {
  double n = 0;
  for (const Session& session : sessions_) {
    bool held = false;
    for (int d = 0; d < days && !held; ++d) held = session.when.on(d);
    if (held) n += double(session.audience_left);
  }
  return n;
}

}  // namespace commsim::models
