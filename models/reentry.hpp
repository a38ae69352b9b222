#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Funnel re-entry: a member who lapsed (did not buy at camp end, or did not
// renew) or was refunded goes back to the pond's funnel stage None, and so
// can buy again, with a daily probability once `cooldown_days` have passed
// since it left the funnel. Off by default (probability 0).
ModuleDefinition reentry_module();

}  // namespace commsim::models
