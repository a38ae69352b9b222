#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Who the people are: each person's attributes drawn when created (seed
// members, prospects, joiners from outside).
ModuleDefinition members_module();

}  // namespace commsim::models
