#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// The operator's incentives, each off by default and each with a cost booked
// in the ledger: red packets and lotteries (one-day attention spikes),
// check-in points (a daily nudge to visit), weekly best-share awards paid
// from a group fund (creators post when rewarded) and paid rotating admins
// (structure without burnout).
ModuleDefinition incentives_module();

}  // namespace commsim::models
