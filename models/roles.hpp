#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Members with distinct behaviour (domain: "Roles with distinct behaviour"):
// KOLs, content creators and spammers drawn at join, volunteer admins (the
// first joiners of each group) who give the group structure and burn out,
// KOLs leaving ad-ridden groups, and the operator banning spammers when
// moderation is on. Participation and engagement read the roles.
ModuleDefinition roles_module();

// roles.admin_structure: the structure one fresh admin gives its group
// (paid admins give it too).
double admin_structure(const ParameterSet& params);

}  // namespace commsim::models
