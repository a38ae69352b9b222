#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Stratification: every person has a taste (a segment of interest) drawn at
// creation from a declared mix; some pairs of tastes conflict. A group whose
// members' tastes conflict is worth less to every member: each day the
// group's conflict (the chance that two of yesterday's members, drawn at
// random, have conflicting tastes) adds conflict_weight x conflict to its
// overload signal, which engagement subtracts. Off by default (no tastes).
ModuleDefinition stratification_module();

}  // namespace commsim::models
