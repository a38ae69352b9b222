#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Acquisition channels outside the groups, each with its cost: the
// official account's articles (opens, shares to Moments, reads through
// shares), the operator's personal account posting to Moments (reach,
// fatigue), and value-sharing sessions in partners' groups (targeted
// joiners). Joiners go to the intake group. Every channel is off by
// default: no articles, no posts, no sessions.
ModuleDefinition channels_module();

}  // namespace commsim::models
