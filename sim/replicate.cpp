#include "sim/replicate.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <unordered_map>

#include "sim/day_phases.hpp"
#include "sim/input_error.hpp"

namespace commsim {

RunSettings run_settings(const ParameterSet& params) {
  RunSettings s;
  s.seed = static_cast<std::uint64_t>(params.integer("run.seed"));
  s.days = static_cast<std::uint32_t>(params.integer("run.days"));
  s.replicates = static_cast<std::uint32_t>(params.integer("run.replicates"));
  return s;
}

void check_engine_constraints(const ParameterSet& params, const std::string& source) {
  for (const ParamRegistry::Constraint& c : params.registry().constraints())
    if (const std::string why = c.check(params); !why.empty()) {
      std::string keys;
      for (const std::string& key : c.keys) keys += (keys.empty() ? "'" : " and '") + key + "'";
      throw InputError(source + ": keys " + keys + ": " + why);
    }
  const std::int64_t groups = params.integer("community.initial_groups");
  const std::int64_t members = params.integer("community.initial_members");
  const std::int64_t cap = params.integer("community.group_cap");
  if (members > groups * cap)
    throw InputError(source + ": keys 'community.initial_members' (" + std::to_string(members) +
                     ") and 'community.initial_groups' x 'community.group_cap' (" +
                     std::to_string(groups) + " x " + std::to_string(cap) +
                     "): the seed members do not fit in the initial groups");
}

namespace {

// Per-thread tally, reset lazily the first time a thread touches it each day.
struct ThreadTally {
  DayTally tally;
  int day = -1;
  std::vector<std::uint32_t> members;  // scratch: the current chunk's members
};

class ReplicateSimulation {
 public:
  ReplicateSimulation(const Model& model, const ParameterSet& params, const RunSettings& settings,
                      std::uint32_t replicate)
      : settings_(settings),
        replicate_(replicate),
        ids_(model.engine_metrics()),
        metric_count_(model.layout().metrics().size()),
        mean_count_(model.layout().tally_size() - metric_count_),
        counter_count_(model.layout().group_counter_count()),
        group_cap_(static_cast<std::uint32_t>(params.integer("community.group_cap"))),
        behaviours_(model.instantiate(params, settings.resources)),
        phases_(model.layout(), behaviours_),
        population_(model.layout().columns()) {
    profile_.module_names = model.enabled_module_names(params);
    profile_.module_member_s.assign(behaviours_.size(), 0.0);
    seed_community(params);
  }

  const RunProfile& profile() {
    for (const std::vector<double>& per_thread : module_seconds_)
      for (std::size_t m = 0; m < per_thread.size(); ++m) profile_.module_member_s[m] += per_thread[m];
    module_seconds_.clear();
    return profile_;
  }

  // Runs `day`; `series` is [day][metric] for days 0..day.
  void run_day(Day day, std::span<double> series) {
    const DayContext ctx{{settings_.seed, replicate_, day}, day, groups_, yesterday_, signals_};
    const std::span<double> row = series.subspan(std::size_t{day} * metric_count_, metric_count_);

    Stopwatch phase;
    phases_.operate(ctx, groups_, intake_group_, signals_);
    phase.lap(profile_.operator_s);

    // Member phase: disjoint chunks in parallel, each into its thread's tally.
    plan_chunks();
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, chunks_.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t c = r.begin(); c < r.end(); ++c) update_chunk(ctx, day, chunks_[c]);
        },
        tbb::simple_partitioner());
    phase.lap(profile_.members_s);


    // Group-level reduction: integer sums, so merge order does not matter.
    today_.reset(metric_count_, mean_count_, counter_count_, groups_.count());
    if (day == 0) today_.merge(seed_tally_);
    for (ThreadTally& local : thread_tallies_)
      if (local.day == day) today_.merge(local.tally);
    for (std::uint32_t g = 0; g < groups_.count(); ++g)
      groups_.size[g] = static_cast<std::uint32_t>(today_.group(ids_.group_members, g));
    phase.lap(profile_.reduction_s);

    // Joins and moves, in request order; exits were marked by the member phase.
    joins_.clear();
    phases_.plan_joins(ctx, population_, joins_);
    today_.resize_groups(groups_.count());
    apply_joins(ctx);
    live_block_.resize((population_.size() + kBlock - 1) / kBlock, 1);
    for (std::uint32_t person : joined_today_) live_block_[person / kBlock] = 1;
    today_.resize_groups(groups_.count());
    phases_.on_join(ctx, population_, joined_today_, today_);
    const auto joined = static_cast<std::uint32_t>(joined_today_.size());
    phase.lap(profile_.joins_s);

    // Metrics: the tally's counts, the engine's own, then the modules'.
    phases_.count_metrics(today_, series, day);
    std::uint64_t members = 0;
    for (std::uint32_t size : groups_.size) members += size;
    row[ids_.members] = double(members);
    row[ids_.joined] = double(joined);
    row[ids_.groups] = double(groups_.count());
    phases_.close(ctx, population_, today_, series);

    std::swap(yesterday_, today_);
    phase.lap(profile_.end_day_s);
  }

 private:
  // Day 0: seed members spread evenly over the initial groups, then the
  // prospects (people in members' social circles, not yet in a group).
  void seed_community(const ParameterSet& params) {
    const auto groups = static_cast<std::uint32_t>(params.integer("community.initial_groups"));
    const auto members = static_cast<std::uint32_t>(params.integer("community.initial_members"));
    const auto prospects = static_cast<std::uint32_t>(params.integer("community.prospects"));
    const auto segment = static_cast<Segment>(params.integer("community.initial_segment"));
    const auto cities = static_cast<std::uint32_t>(params.integer("community.cities"));
    population_.reserve(std::size_t{members} + prospects);
    for (std::uint32_t g = 0; g < groups; ++g) {
      const std::uint32_t id =
          groups_.open(0, segment, cities ? static_cast<std::uint16_t>(1 + g % cities) : 0);
      const std::uint32_t count = members / groups + (g < members % groups ? 1 : 0);
      population_.append(count, id, 0);
      groups_.size[id] = count;
    }
    population_.append(prospects, kNoGroup, 0, MemberState::Prospect);
    intake_group_ = groups_.count() - 1;
    yesterday_.reset(metric_count_, mean_count_, counter_count_, groups_.count());
    today_.reset(metric_count_, mean_count_, counter_count_, groups_.count());
    const DayContext ctx{{settings_.seed, replicate_, 0}, 0, groups_, yesterday_, signals_};
    init_people(ctx, {0, population_.size()}, settings_.grain);
    joined_today_.resize(members);
    for (std::uint32_t i = 0; i < members; ++i) joined_today_[i] = i;
    // Join-time effects of the seed members count towards day 0's tallies.
    phases_.on_join(ctx, population_, joined_today_, today_);
    seed_tally_ = today_;
  }

  // New people's attributes, in parallel chunks of `grain` (per-person
  // draws, so the chunking never changes them).
  void init_people(const DayContext& ctx, MemberRange people, std::uint32_t grain) {
    tbb::parallel_for(
        tbb::blocked_range<std::uint32_t>(people.begin, people.end, std::max<std::uint32_t>(grain, 1)),
        [&](const tbb::blocked_range<std::uint32_t>& r) {
          phases_.init_members(ctx, population_, {r.begin(), r.end()});
        },
        tbb::simple_partitioner());
  }

  // One chunk of the member phase: every module in order, then the recount.
  void update_chunk(const DayContext& ctx, Day day, MemberRange range) {
    ThreadTally& local = thread_tallies_.local();
    if (local.day != day) {
      local.tally.reset(metric_count_, mean_count_, counter_count_, groups_.count());
      local.day = day;
    }
    // The chunk's members, gathered without branches: modules then loop over
    // members only, with no mispredicted skips of people who left.
    std::vector<std::uint32_t>& list = local.members;
    list.resize(range.end - range.begin);
    std::size_t n = 0;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      list[n] = i;
      n += is_member(population_.state[i]);
    }
    const MemberChunk chunk{std::span<const std::uint32_t>(list.data(), n)};
    if (settings_.profile) {
      std::vector<double>& seconds = module_seconds_.local();
      seconds.resize(behaviours_.size(), 0.0);
      phases_.members(ctx, population_, chunk, local.tally, seconds);
    } else {
      phases_.members(ctx, population_, chunk, local.tally);
    }
    count_group_members(chunk, local.tally);
  }

  // Today's chunks: runs of blocks that held a member after yesterday (or
  // joined since), cut at `grain` people. Blocks of people who all left, and
  // of prospects, are skipped: modules act on members only.
  void plan_chunks() {
    const std::uint32_t people = population_.size();
    const std::uint32_t blocks = (people + kBlock - 1) / kBlock;
    live_block_.resize(blocks, 1);  // new blocks hold joiners
    chunks_.clear();
    const std::uint32_t grain = std::max<std::uint32_t>(settings_.grain, 1);
    for (std::uint32_t b = 0; b < blocks;) {
      if (!live_block_[b]) {
        ++b;
        continue;
      }
      const std::uint32_t begin = b * kBlock;
      while (b < blocks && live_block_[b]) ++b;
      const std::uint32_t end = std::min(people, b * kBlock);
      // Steps never pass `end`, so `at` cannot wrap around whatever the grain.
      for (std::uint32_t at = begin; at < end;) {
        const std::uint32_t next = at + std::min(grain, end - at);
        chunks_.push_back({at, next});
        at = next;
      }
    }
    std::fill(live_block_.begin(), live_block_.end(), 0);  // set again by this day's chunks
  }

  // Recounts group sizes from the chunk's members still in after today, and
  // marks their blocks live for tomorrow's chunks.
  void count_group_members(const MemberChunk& chunk, DayTally& tally) {
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(population_.state[i])) continue;
      tally.add_group(ids_.group_members, population_.group[i]);
      // A block split across chunks may be marked by two threads.
      std::atomic_ref<std::uint8_t>(live_block_[i / kBlock]).store(1, std::memory_order_relaxed);
    }
  }

  // A group with room for a joiner: the requested one, else the intake
  // group, opening a new intake group (same segment) when that is full.
  std::uint32_t group_for_joiner(std::uint32_t requested, Day day) {
    if (requested < groups_.count() && groups_.size[requested] < group_cap_) return requested;
    if (groups_.size[intake_group_] >= group_cap_)
      intake_group_ = groups_.open(day, groups_.segment[intake_group_], groups_.city[intake_group_]);
    return intake_group_;
  }

  // A group with room for a member moving to `target`: the target, else an
  // overflow group of the same segment and city opened today.
  std::uint32_t group_for_move(std::uint32_t target, Day day) {
    while (groups_.size[target] >= group_cap_) {
      auto [it, fresh] = overflow_.try_emplace(target, 0);
      if (fresh || groups_.size[it->second] >= group_cap_)
        it->second = groups_.open(day, groups_.segment[target], groups_.city[target]);
      target = it->second;
    }
    return target;
  }

  // Applies today's requests in order and lists who became a member; then
  // the new people's attributes, all at once (nothing in between reads
  // them), so that even a day's few hundred are drawn on every thread.
  void apply_joins(const DayContext& ctx) {
    joined_today_.clear();
    overflow_.clear();
    const std::uint32_t first_new = population_.size();
    for (const JoinPlan::Request& request : joins_.requests()) {
      switch (request.kind) {
        case JoinPlan::Kind::New: {
          std::uint32_t remaining = request.value;
          while (remaining > 0) {
            const std::uint32_t group = group_for_joiner(request.group, ctx.day);
            const std::uint32_t n = std::min(remaining, group_cap_ - groups_.size[group]);
            const MemberRange added = population_.append(n, group, ctx.day);
            groups_.size[group] += n;
            remaining -= n;
            for (std::uint32_t i = added.begin; i < added.end; ++i) joined_today_.push_back(i);
          }
          break;
        }
        case JoinPlan::Kind::Admit: {
          const std::uint32_t person = request.value;
          if (person >= population_.size() || population_.state[person] != MemberState::Prospect)
            break;
          const std::uint32_t group = group_for_joiner(request.group, ctx.day);
          population_.state[person] = MemberState::Newcomer;
          population_.group[person] = group;
          population_.join_day[person] = ctx.day;
          ++groups_.size[group];
          joined_today_.push_back(person);
          break;
        }
        case JoinPlan::Kind::Move: {
          const std::uint32_t person = request.value;
          if (person >= population_.size() || !is_member(population_.state[person]) ||
              request.group >= groups_.count() || population_.group[person] == request.group)
            break;
          const std::uint32_t group = group_for_move(request.group, ctx.day);
          --groups_.size[population_.group[person]];
          population_.group[person] = group;
          ++groups_.size[group];
          break;
        }
      }
    }
    init_people(ctx, {first_new, population_.size()}, kJoinerGrain);
  }

  RunSettings settings_;
  std::uint32_t replicate_;
  EngineMetrics ids_;
  std::size_t metric_count_;
  std::size_t mean_count_;
  std::size_t counter_count_;
  std::uint32_t group_cap_;
  std::vector<std::unique_ptr<Behaviour>> behaviours_;
  DayPhases phases_;
  Population population_;
  Groups groups_;
  std::uint32_t intake_group_ = 0;
  JoinPlan joins_;
  std::vector<std::uint32_t> joined_today_;
  std::unordered_map<std::uint32_t, std::uint32_t> overflow_;  // full move target -> overflow group
  DayTally yesterday_;
  DayTally today_;
  DayTally seed_tally_;  // join-time tallies of the seed members, counted on day 0
  GroupSignals signals_;
  tbb::enumerable_thread_specific<ThreadTally> thread_tallies_;
  static constexpr std::uint32_t kBlock = 1024;  // people per liveness block
  static constexpr std::uint32_t kJoinerGrain = 256;  // joiners per task of their attribute draws
  std::vector<std::uint8_t> live_block_;          // by block: holds a member
  std::vector<MemberRange> chunks_;               // today's member-phase chunks
  RunProfile profile_;
  tbb::enumerable_thread_specific<std::vector<double>> module_seconds_;  // per thread, by module
};

}  // namespace

bool simulate_replicate(const Model& model, const ParameterSet& params, const RunSettings& settings,
                        std::uint32_t replicate, std::span<double> series, RunProfile* profile) {
  const auto stopping = [&] { return settings.stop && settings.stop->load(std::memory_order_relaxed); };
  const std::size_t metric_count = model.layout().metrics().size();
  Stopwatch setup;
  ReplicateSimulation simulation(model, params, settings, replicate);
  double setup_s = 0;
  setup.lap(setup_s);
  for (std::uint32_t day = 0; day < settings.days; ++day) {
    if (stopping()) return false;
    simulation.run_day(static_cast<Day>(day), series.first((std::size_t{day} + 1) * metric_count));
    if (settings.days_done) settings.days_done->fetch_add(1, std::memory_order_relaxed);
  }
  if (profile) {
    profile->merge(simulation.profile());
    profile->setup_s += setup_s;
  }
  return true;
}

}  // namespace commsim
