#include "models/all_modules.hpp"

#include "models/acquisition.hpp"
#include "models/channels.hpp"
#include "models/churn.hpp"
#include "models/content.hpp"
#include "models/coupons.hpp"
#include "models/engagement.hpp"
#include "models/funnel.hpp"
#include "models/group_life.hpp"
#include "models/incentives.hpp"
#include "models/invites.hpp"
#include "models/ledger.hpp"
#include "models/meetups.hpp"
#include "models/members.hpp"
#include "models/migration.hpp"
#include "models/onboarding.hpp"
#include "models/participation.hpp"
#include "models/pruning.hpp"
#include "models/reentry.hpp"
#include "models/retention.hpp"
#include "models/roles.hpp"
#include "models/stratification.hpp"

namespace commsim::models {

// The order is the order of every phase within a day: joins from outside
// (ads, then the channels outside the groups) first, levers and engagement
// before the decisions that read them, the funnel after the visits that build
// trust (re-entry just before it, coupons just after it), churn after
// everything that changes engagement, the ledger last so it sees every
// module's money.
std::vector<ModuleDefinition> all_modules() {
  return {
      members_module(),
      acquisition_module(),
      channels_module(),
      content_module(),
      onboarding_module(),
      engagement_module(),
      roles_module(),
      participation_module(),
      incentives_module(),
      pruning_module(),
      migration_module(),
      invites_module(),
      meetups_module(),
      reentry_module(),  // before the funnel: a member back in the pond can buy that day
      funnel_module(),
      coupons_module(),  // after the funnel: sees today's purchases; its coupons act tomorrow
      churn_module(),
      stratification_module(),  // after churn: counts who stayed; its signal acts tomorrow
      group_life_module(),
      retention_module(),
      ledger_module(),
  };
}

}  // namespace commsim::models
