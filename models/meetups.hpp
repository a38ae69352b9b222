#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Offline meetups: every `every_days` days engaged members attend with some
// probability; each meetup strengthens their attachment, and more than
// churn.strong_tie_meetups of them make a strong tie that cuts churn.
ModuleDefinition meetups_module();

}  // namespace commsim::models
