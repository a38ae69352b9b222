#include "models/all_modules.hpp"

#include "models/acquisition.hpp"
#include "models/churn.hpp"
#include "models/engagement.hpp"
#include "models/funnel.hpp"
#include "models/group_life.hpp"
#include "models/ledger.hpp"
#include "models/members.hpp"
#include "models/participation.hpp"
#include "models/retention.hpp"

namespace commsim::models {

// The order is the order of every phase within a day: levers and engagement
// before the decisions that read them, the funnel after the visits that build
// trust, churn after everything that changes engagement, the ledger last so it
// sees every module's money.
std::vector<ModuleDefinition> all_modules() {
  return {
      members_module(),
      acquisition_module(),
      engagement_module(),
      participation_module(),
      funnel_module(),
      churn_module(),
      group_life_module(),
      retention_module(),
      ledger_module(),
  };
}

}  // namespace commsim::models
