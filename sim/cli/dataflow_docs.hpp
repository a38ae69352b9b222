#pragma once
#include <string>

#include "sim/model.hpp"

namespace commsim::cli {

// docs/dataflow.md, generated from the layout: the member columns and, per
// module, what it owns, writes and reads, so it cannot drift from the code.
std::string dataflow_markdown(const Model& model);

}  // namespace commsim::cli
