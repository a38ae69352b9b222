#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Joins from the operator's traffic pool (ads, official account, partners):
// each day `daily_ads_reach` prospects of the remaining pool see an ad and
// each joins with `join_probability`; joiners go to the intake group.
ModuleDefinition acquisition_module();

}  // namespace commsim::models
