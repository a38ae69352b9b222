#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Members leave on their own with a daily hazard that grows as their
// engagement falls: hazard = base + extra x (1 - engagement)^shape.
ModuleDefinition churn_module();

}  // namespace commsim::models
