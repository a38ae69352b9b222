#pragma once
// The window-only spellings of a lever's cadence keys (models/cadence.hpp),
// kept for modules that declare a campaign window or a recurring lever with
// them (invites). They declare and read the same keys as declare_cadence.
#include <string>

#include "models/cadence.hpp"

namespace commsim::models {

// `<prefix>start_day` and `<prefix>end_day` of a campaign; `what` names the
// lever in their help ("the ad campaign").
inline void declare_day_window(ParamRegistry& p, const std::string& prefix, const std::string& what) {
  declare_cadence(p, {.prefix = prefix, .what = what});
}

// The same keys for a lever that recurs every `<prefix>every_days` days
// from start_day, which the lever declares itself; `event` names one
// occurrence ("prune").
inline void declare_recurring_window(ParamRegistry& p, const std::string& prefix,
                                     const std::string& event) {
  declare_cadence(p, {.prefix = prefix, .what = "the " + event + "s", .event = event,
                      .every = CadenceKeys::Every::Lever});
}

inline DayWindow read_day_window(const ParameterSet& p, const std::string& prefix) {
  return read_cadence(p, {.prefix = prefix}).window;
}

}  // namespace commsim::models
