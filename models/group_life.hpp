#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// The group life cycle as an operator sees it: a group whose genuine chat
// has stayed below a threshold for a while is dead (no one reads; what
// traffic is left is mostly ads). Counts dead groups and the ad share.
ModuleDefinition group_life_module();

}  // namespace commsim::models
