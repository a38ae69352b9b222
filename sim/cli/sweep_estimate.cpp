#include "sim/cli/sweep_estimate.hpp"

#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "sim/memory_estimate.hpp"
#include "sim/replicate.hpp"

namespace commsim::cli {
namespace {

// The full model's cost per member-day and thread on our machines
// (scripts/bench.sh), when no pilot is run (set-up then left out).
constexpr double kSecondsPerMemberDay = 150e-9;
constexpr std::uint32_t kPilotDays = 14;
constexpr double kPilotPeopleLimit = 1e6;

struct PointSize {
  double initial = 0;  // members at day 0
  double added = 0;    // people the modules may bring in over the run
};

PointSize size_of(const Model& model, const ParameterSet& params) {
  PointSize size;
  size.initial = double(params.integer("community.initial_members"));
  const double people = estimate_memory(model, {&params}, 1).people_per_replicate;
  size.added = std::max(0.0, people - size.initial - double(params.integer("community.prospects")));
  return size;
}

struct RunCost {
  double setup_seconds = 0;           // per run, before its first day
  double seconds_per_member_day = kSecondsPerMemberDay;
};

// One replicate of `params` for `days`, on one thread (the sweep runs one
// run per thread): its seconds and member-days.
std::pair<double, double> pilot(const Model& model, const ParameterSet& params, std::uint32_t days) {
  RunSettings settings = run_settings(params);
  settings.days = std::min(settings.days, days);
  settings.replicates = 1;
  const std::size_t metrics = model.layout().metrics().size();
  std::vector<double> rows(std::size_t{settings.days} * metrics);
  tbb::task_arena one(1);
  const auto start = std::chrono::steady_clock::now();
  one.execute([&] { simulate_replicate(model, params, settings, 0, rows); });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double member_days = 0;
  const MetricId members = model.engine_metrics().members;
  for (std::uint32_t d = 0; d < settings.days; ++d) member_days += rows[d * metrics + members];
  return {seconds, member_days};
}

// Set-up and cost per member-day on this machine, from a 1-day and a
// 14-day pilot (the difference is the days' cost alone).
RunCost measure_cost(const Model& model, const ParameterSet& params, double& spent) {
  const auto [short_s, short_md] = pilot(model, params, 1);
  const auto [long_s, long_md] = pilot(model, params, kPilotDays);
  spent = short_s + long_s;
  RunCost cost;
  if (long_md > short_md && long_s > short_s) cost.seconds_per_member_day = (long_s - short_s) / (long_md - short_md);
  cost.setup_seconds = std::max(0.0, short_s - short_md * cost.seconds_per_member_day);
  return cost;
}

}  // namespace

SweepEstimate estimate_sweep(const Model& model, const Sweep& sweep, const std::vector<std::vector<std::uint8_t>>& skip,
                             bool daily_series, std::uint64_t shards, unsigned workers) {
  SweepEstimate e;
  const ParameterSet& first = sweep.points.front().params;
  const double replicates = double(first.integer("run.replicates")), days = double(first.integer("run.days"));
  const double points = double(sweep.points.size()), metrics = double(model.layout().metrics().size());
  const double series = daily_series ? metrics * points * replicates * days * 8 : 0;
  const double reduced = metrics * points * (6 * days + 2 * replicates) * 8;
  e.file_bytes = (series + reduced) / double(shards);

  std::vector<PointSize> sizes;
  std::size_t largest = 0;
  double low = 0, high = 0;  // member-days to do
  std::uint64_t runs = 0;
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    sizes.push_back(size_of(model, sweep.points[p].params));
    const double todo = double(std::count(skip[p].begin(), skip[p].end(), 0));
    runs += std::uint64_t(todo);
    low += todo * days * sizes[p].initial;
    high += todo * days * (sizes[p].initial + sizes[p].added / 2);
    if (sizes[p].initial + sizes[p].added > sizes[largest].initial + sizes[largest].added) largest = p;
  }
  if (runs == 0) return e;
  const double people = sizes[largest].initial + sizes[largest].added;
  const RunCost cost = people <= kPilotPeopleLimit ? measure_cost(model, sweep.points[largest].params, e.pilot_seconds)
                                                   : RunCost{};
  // A thread's cost; the runs share `workers` threads (fewer when there are fewer runs).
  const double parallel = std::max(1.0, std::min<double>(double(workers), double(runs)));
  const double setup = double(runs) * cost.setup_seconds;
  e.low_seconds = (setup + low * cost.seconds_per_member_day) / parallel;
  e.high_seconds = (setup + std::max(high, low) * cost.seconds_per_member_day) / parallel;
  return e;
}

}  // namespace commsim::cli
