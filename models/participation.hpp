#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// What members do each day given their engagement: visit, read the
// operator's posts, post messages (ads for spammers), and which activity
// state that puts them in (newcomer, active, lurker, dormant).
ModuleDefinition participation_module();

// participation.newcomer_days: members younger than this are newcomers
// (engagement gives them the social-proof boost).
int newcomer_days(const ParameterSet& params);

}  // namespace commsim::models
