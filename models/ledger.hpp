#pragma once
#include "sim/behaviour.hpp"

namespace commsim::models {

// The operator's money: modules add revenue and cost in integer fen (exact,
// order-independent sums; the engine writes yuan); the ledger declares the
// accounts and adds the operator's own costs.
ModuleDefinition ledger_module();

// What a module adds to the "revenue" or "cost" metric is in fen.
inline std::int64_t to_fen(double yuan) { return static_cast<std::int64_t>(yuan * 100.0 + 0.5); }

}  // namespace commsim::models
