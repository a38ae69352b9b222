#pragma once
// The start-up check of a model's dataflow: every read of a column, metric,
// group counter or signal has an enabled writer (or a documented value when
// none writes it), and a read of today's value runs after a writer of it.
#include <functional>
#include <string>
#include <vector>

#include "sim/model_layout.hpp"

namespace commsim {

// `modules` in the day's order; `enabled` says which run. Returns "" or the
// first problem, naming the reading module and the writer.
std::string dataflow_error(const ModelLayout& layout, const std::vector<std::string>& modules,
                           const std::function<bool(const std::string&)>& enabled);

}  // namespace commsim
