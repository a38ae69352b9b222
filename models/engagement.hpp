#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// A member's engagement today, from its own state and its group's: the
// newcomer honeymoon, attachment, the pull of recent chat (stronger in small
// groups), the operator's content, ads and hard selling. Every lever that
// changes how much members take part acts through this one equation
// (docs/model.md, "Engagement").
ModuleDefinition engagement_module();

// engagement.sales_trust_threshold: the trust above which selling no longer
// drives a member away (the funnel's hard-selling trust loss uses it too).
double sales_trust_threshold(const ParameterSet& params);

}  // namespace commsim::models
