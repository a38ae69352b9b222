#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Group iteration: when a group has gone lukewarm the operator opens a fresh
// group, announces it, and the engaged members follow; the inactive are
// left behind in the old group.
ModuleDefinition migration_module();

}  // namespace commsim::models
