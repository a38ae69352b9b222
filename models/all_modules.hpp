#pragma once
// The behaviour modules of commsim, in the order they run each day.
#include <vector>

#include "sim/model.hpp"

namespace commsim::models {

std::vector<ModuleDefinition> all_modules();

// The full commsim model: engine plus every module.
inline Model standard_model() { return Model(all_modules()); }

}  // namespace commsim::models
