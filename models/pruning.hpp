#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// The operator removes members who have been silent too long, at an
// interval. The group then looks alive (a higher share of members talk),
// which through social proof keeps newcomers; it also loses lurkers who
// might have bought later.
ModuleDefinition pruning_module();

}  // namespace commsim::models
