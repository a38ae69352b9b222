#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// The sales funnel: members build trust by reading the group; trusting
// fish-pond members buy a bait class (training camp), whose experience sells
// the full product or paid membership at camp end; members renew, lapse or
// ask for refunds. Hard-selling promotions buy short-term sales with sales
// pressure (engagement turns it into churn of members without trust), and
// visible testimonials of satisfied buyers multiply demand once they reach
// a threshold (social proof). Sales are booked as revenue in fen.
// docs/model.md (Trust and the sales funnel) has the equations.
ModuleDefinition funnel_module();

}  // namespace commsim::models
