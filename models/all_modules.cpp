#include "models/all_modules.hpp"

#include "models/acquisition.hpp"
#include "models/activity.hpp"
#include "models/churn.hpp"

namespace commsim::models {

// Order matters within a day: churn reads the engagement activity sets.
std::vector<ModuleDefinition> all_modules() {
  return {acquisition_module(), activity_module(), churn_module()};
}

}  // namespace commsim::models
