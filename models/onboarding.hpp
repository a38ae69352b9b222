#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// What happens when people join: the welcome ritual (a newcomer's picture
// of the group forms in its first 24 hours), group rules (structure that
// large groups need), and the entry threshold (section `entry`: a fee and a
// selectivity that filter who joins, commit payers, and slow growth; see
// models/entry_threshold.hpp).
ModuleDefinition onboarding_module();

}  // namespace commsim::models
