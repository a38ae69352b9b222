#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// The operator's content calendar (content.posts): each day's posts add
// content value, sales pressure and, for live courses, structure to the
// groups they reach; a post that goes out every day at the same hour builds
// a habit (attachment) in members who come to read it; posting beyond the
// helpful number a day annoys instead of helping.
ModuleDefinition content_module();

}  // namespace commsim::models
