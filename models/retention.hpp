#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Cohort retention: of the people who joined on day c, the share still
// members on day c + 1, c + 7 and c + 30. Stored as three series indexed by
// the cohort's join day (NaN until observed, or for an empty cohort).
ModuleDefinition retention_module();

}  // namespace commsim::models
