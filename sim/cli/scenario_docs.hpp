#pragma once
#include <string>

#include "sim/model.hpp"

namespace commsim::cli {

// docs/scenario-format.md, generated from the parameter and metric
// declarations so it cannot drift from the code.
std::string scenario_format_markdown(const Model& model);

}  // namespace commsim::cli
