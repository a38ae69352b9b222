#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Daily visit, read and post decisions. A member's engagement is its
// interest in the theme times the honeymoon (lively first week, then colder)
// plus the pull of its group's recent chat (people answer people).
ModuleDefinition activity_module();

}  // namespace commsim::models
