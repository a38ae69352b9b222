// Micro-benchmarks of the daily member kernel: ns per member for the whole
// member phase and for each module's pass, on one thread, over a community
// of members in groups of 500 whose state has been warmed up for a few days;
// and of set-up's social graph, ns per link.
#include <benchmark/benchmark.h>

#include <memory>
#include <span>

#include <oneapi/tbb/global_control.h>

#include "models/all_modules.hpp"
#include "models/network/generational_growth.hpp"
#include "sim/day_phases.hpp"
#include "sim/replicate.hpp"
#include "sim/scenario.hpp"

namespace commsim {
namespace {

struct Community {
  Model model = models::standard_model();
  Scenario scenario;
  std::vector<std::unique_ptr<Behaviour>> behaviours;
  Population pop{model.layout().columns()};
  Groups groups;
  DayTally yesterday, tally;
  GroupSignals signals;

  // `scenario_file` empty: the default model with acquisition off; else a
  // workload file, resized to `members` seed members and no prospects.
  explicit Community(std::uint32_t members, const std::string& scenario_file = "")
      : scenario(scenario_file.empty()
                     ? parse_scenario("acquisition: {enabled: false}\n", "<bench>", model.parameters())
                     : load_scenario_file(scenario_file, model.parameters())) {
    apply_override(scenario, "community.initial_members=" + std::to_string(members));
    apply_override(scenario, "community.prospects=0");
    behaviours = model.instantiate(scenario.params);
    const std::uint32_t group_count = (members + 499) / 500;
    for (std::uint32_t g = 0; g < group_count; ++g) groups.open(0);
    for (std::uint32_t g = 0; g < group_count; ++g) {
      const std::uint32_t n = std::min<std::uint32_t>(500, members - g * 500);
      pop.append(n, g, 0);
      groups.size[g] = n;
    }
    const std::size_t metrics = model.layout().metrics().size(), means = model.layout().tally_size() - metrics;
    yesterday.reset(metrics, means, model.layout().group_counter_count(), group_count);
    tally.reset(metrics, means, model.layout().group_counter_count(), group_count);
    signals.reset(model.layout().group_signal_count(), group_count);
    const DayContext ctx = context(0);
    phases().init_members(ctx, pop, {0, pop.size()});
    all.resize(pop.size());
    for (std::uint32_t i = 0; i < pop.size(); ++i) all[i] = i;
    phases().on_join(ctx, pop, all, tally);
    fresh = pop;
  }

  Population fresh;  // the community as it joined: restored before each timed day
  std::vector<std::uint32_t> all;  // every member's index: one chunk

  DayContext context(Day day) const { return {{1, 0, day}, day, groups, yesterday, signals}; }
  DayPhases phases() const { return DayPhases(model.layout(), behaviours); }

  // Restores the fresh community (nobody churned or pruned yet) and runs
  // the operator phase of `day`; returns the day's context.
  DayContext begin(Day day) {
    pop = fresh;
    std::uint32_t intake = 0;
    const DayContext ctx = context(day);
    phases().operate(ctx, groups, intake, signals);
    return ctx;
  }
};

// The whole member phase of one day over 100,000 members, in chunks of the
// engine's default grain (4,096 members, as sim/replicate.cpp runs it: every
// module over one chunk, then the next chunk, so a chunk's columns stay in
// cache between modules); `chunk` = 0: one chunk of all members (every
// module streams the whole community from L3). `scenario_file` empty: the
// default model, else a workload's levers. With `by_module`, each module's
// time in the phase is a counter of its own (ns_per_member_<module>).
void member_phase(benchmark::State& state, const std::string& scenario_file, std::size_t chunk,
                  bool by_module = false) {
  Community c(100000, scenario_file);
  const std::span<const std::uint32_t> all(c.all);
  if (chunk == 0) chunk = all.size();
  std::vector<double> seconds(by_module ? c.behaviours.size() : 0, 0.0);
  Day day = 1;
  for (auto _ : state) {
    state.PauseTiming();
    const DayContext ctx = c.begin(day++ % 30 + 1);
    state.ResumeTiming();
    for (std::size_t at = 0; at < all.size(); at += chunk)
      c.phases().members(ctx, c.pop, MemberChunk{all.subspan(at, std::min(chunk, all.size() - at))}, c.tally,
                         seconds);
    benchmark::DoNotOptimize(c.tally.metric(0));
  }
  const double member_passes = double(state.iterations()) * double(c.pop.size());
  state.counters["ns_per_member"] =
      benchmark::Counter(member_passes, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  const auto names = c.model.enabled_module_names(c.scenario.params);
  for (std::size_t m = 0; m < seconds.size(); ++m)
    state.counters["ns_per_member_" + names[m]] =
        benchmark::Counter(member_passes / seconds[m], benchmark::Counter::kInvert);
}

const std::size_t kEngineGrain = RunSettings{}.grain;
const std::string kAllMechanisms = COMMSIM_SOURCE_DIR "/scenarios/bench/members-100k.yaml";

// Fixed iterations: each restores the community first.
void BM_MemberPhase(benchmark::State& state) { member_phase(state, "", kEngineGrain); }
BENCHMARK(BM_MemberPhase)->Iterations(60)->Unit(benchmark::kMillisecond);

// The same with every mechanism on (scenarios/bench/members-100k.yaml).
void BM_MemberPhaseAllMechanisms(benchmark::State& state) { member_phase(state, kAllMechanisms, kEngineGrain); }
BENCHMARK(BM_MemberPhaseAllMechanisms)->Iterations(60)->Unit(benchmark::kMillisecond);

// The same timing each module (the per-module table; the stopwatch adds a
// few ns per chunk and module).
void BM_MemberPhaseByModule(benchmark::State& state) {
  member_phase(state, kAllMechanisms, kEngineGrain, true);
}
BENCHMARK(BM_MemberPhaseByModule)->Iterations(60)->Unit(benchmark::kMillisecond);

// Every mechanism on, one chunk of 100,000 members: the cost of streaming
// the columns from L3 once per module instead of keeping a chunk in L2.
void BM_MemberPhaseAllMechanismsOneChunk(benchmark::State& state) { member_phase(state, kAllMechanisms, 0); }
BENCHMARK(BM_MemberPhaseAllMechanismsOneChunk)->Iterations(60)->Unit(benchmark::kMillisecond);

// The invite step in the per-edge (SI) mode with probability 1: every
// member sends to every prospect neighbour, so the time per edge endpoint
// visited is the pass time / (members x mean degree). Members' friends are
// members here, so nothing is accepted; the buffers are drained (untimed)
// after each pass.
void BM_InviteStepPerEdge(benchmark::State& state) {
  Community c(100000, COMMSIM_SOURCE_DIR "/scenarios/bench/members-100k.yaml");
  apply_override(c.scenario, "invites.per_edge_probability=1");
  std::size_t invites = 0;
  for (std::size_t m = 0; m < c.behaviours.size(); ++m)
    if (c.model.enabled_module_names(c.scenario.params)[m] == "invites") invites = m;
  for (const ModuleDefinition& d : c.model.modules())
    if (d.name == "invites") c.behaviours[invites] = d.create(c.scenario.params, c.model.module_layout("invites"), {});
  Day day = 1;
  JoinPlan plan;
  for (auto _ : state) {
    state.PauseTiming();
    const DayContext ctx = c.begin(day++ % 30 + 1);
    plan.clear();
    state.ResumeTiming();
    c.behaviours[invites]->update_members(ctx, c.pop, MemberChunk{c.all}, c.tally);
    state.PauseTiming();
    c.behaviours[invites]->plan_joins(ctx, c.pop, plan);
    state.ResumeTiming();
  }
  state.counters["ns_per_edge"] = benchmark::Counter(
      double(state.iterations()) * double(c.pop.size()) * 20.0,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_InviteStepPerEdge)->Iterations(20)->Unit(benchmark::kMillisecond);

// Set-up's largest part: growing members-1m's social graph (1.5 million
// people, mean degree 20, the default generator), on 1 and 2 threads, and a
// graph of 30,000 that fits in cache (how much of the time is memory); the
// time per link made.
void BM_SocialGraphGenerations(benchmark::State& state) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, std::size_t(state.range(0)));
  std::uint64_t edges = 0;
  for (auto _ : state) edges += models::network::generational_growth(std::uint32_t(state.range(1)), {20.0, 0.8}, 1).edge_count();
  state.counters["ns_per_edge"] =
      benchmark::Counter(double(edges), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SocialGraphGenerations)->Args({1, 1500000})->Args({2, 1500000})->Args({1, 30000})->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace commsim

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
