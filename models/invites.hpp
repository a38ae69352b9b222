#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// Members invite friends on a social graph (fission, 裂变): during the
// campaign a member who visited invites one random friend with a daily
// probability that grows with engagement and the reward per accepted
// invite; a friend who is still a prospect accepts with a probability that
// grows with its interest and joins the inviter's group. A per-edge mode
// turns the module into SI / SIR spreading on the network (see
// docs/model.md (Invites)).
ModuleDefinition invites_module();

}  // namespace commsim::models
