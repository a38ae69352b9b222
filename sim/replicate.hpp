#pragma once
// The runtime: simulates one replicate day by day.
#include <atomic>
#include <cstdint>
#include <span>

#include "sim/model.hpp"
#include "sim/run_profile.hpp"

namespace commsim {

struct RunSettings {
  std::uint64_t seed = 1;
  std::uint32_t days = 365;
  std::uint32_t replicates = 8;
  std::uint32_t grain = 4096;  // members per task in the member phase; never changes results
  bool profile = false;        // time the phases (RunProfile); never changes results
  // When set, gains one (relaxed) per simulated replicate-day: a progress
  // counter for whoever watches the run; never changes results.
  std::atomic<std::uint64_t>* days_done = nullptr;
  // When set and true, replicates stop before their next day (a clean stop
  // on a signal); read relaxed once per day, it never changes results.
  std::atomic<bool>* stop = nullptr;
  // Handed to every module instance (a cache directory, where warnings go);
  // never changes results.
  ModuleResources resources;
};

// Reads run.seed, run.days and run.replicates.
RunSettings run_settings(const ParameterSet& params);

// Checks constraints between keys that no single declaration can (throws
// InputError naming the scenario source and the keys).
void check_engine_constraints(const ParameterSet& params, const std::string& source);

// Simulates replicate `replicate` and writes metric m of day d to
// series[d * metric_count + m]. The result depends only on the parameters,
// seed and replicate index: not on threads, grain or other replicates.
// With settings.profile, adds the replicate's timings to `profile`.
// Returns false when settings.stop ended it early: `series` is then partial.
bool simulate_replicate(const Model& model, const ParameterSet& params,
                        const RunSettings& settings, std::uint32_t replicate,
                        std::span<double> series, RunProfile* profile = nullptr);

}  // namespace commsim
