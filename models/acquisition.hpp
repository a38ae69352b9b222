#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Joins from the operator's traffic pool (ads, official account, partners):
// each day `daily_ads_reach` prospects of the remaining pool see an ad and
// each joins with `join_probability`; joiners go to the intake group.
ModuleDefinition acquisition_module();

// An upper bound of the people it brings into one replicate (its memory
// needs; the invites module sizes its joiners' friendships from it too). 0
// when the module is off.
double acquisition_joiners_bound(const ParameterSet& params);

}  // namespace commsim::models
