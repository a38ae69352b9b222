#include "sim/cli/distributed_runs.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/input_error.hpp"

#ifdef COMMSIM_WITH_MPI
// The C API only: the deprecated C++ bindings need a library we do not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#endif

namespace commsim::cli {
namespace {

int environment_int(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (!text) return fallback;
  try {
    return std::stoi(text);
  } catch (const std::exception&) {
    return fallback;
  }
}

}  // namespace

#ifndef COMMSIM_WITH_MPI

MpiWorld::MpiWorld() {
  if (environment_int("OMPI_COMM_WORLD_SIZE", 1) > 1 || environment_int("PMI_SIZE", 1) > 1)
    throw InputError("started by an MPI launcher with several ranks, but this commsim was built without MPI "
                     "(install libopenmpi-dev and rebuild)");
}
MpiWorld::~MpiWorld() = default;
bool MpiWorld::all(bool ok) const { return ok; }

std::vector<EnsembleResult> run_ensembles_distributed(const MpiWorld&, const Model& model,
                                                      const std::vector<const ParameterSet*>& scenarios,
                                                      const RunSettings& shared,
                                                      const std::vector<std::vector<std::uint8_t>>& skip, unsigned) {
  return run_ensembles(model, scenarios, shared, skip);
}

#else

namespace {

// Messages: a rank asks for work (kAsk), gets a run (kRun: scenario,
// replicate) or the end (kEnd), returns each run (kResult: a header, then
// its [day][metric] rows) and says when it has stopped (kDone).
enum Tag : int { kAsk = 1, kRun, kEnd, kResult, kRows, kDone };

struct Run {
  std::uint64_t scenario, replicate;
};

struct Finished {
  Run run;
  bool complete;
  std::vector<double> rows;  // [day][metric]
};

// Up to `slots` runs at once on a TBB arena of that many threads, leaving
// this thread free to talk MPI: finished runs are queued for it.
class LocalRunner {
 public:
  LocalRunner(const Model& model, const std::vector<const ParameterSet*>& scenarios,
              const std::vector<RunSettings>& settings, unsigned slots)
      : model_(model), scenarios_(scenarios), settings_(settings), slots_(slots),
        // The arena's threads are TBB workers: allow `slots` of them besides this thread.
        limit_(tbb::global_control::max_allowed_parallelism, slots + 1), arena_(int(slots), 0) {}

  // Waits until every task has let go of this object (the mutex is the last
  // thing a task touches), whether or not its run was collected.
  ~LocalRunner() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return released_ == started_; });
  }

  bool has_slot() const { return running_ < slots_; }
  unsigned running() const { return running_; }

  void start(const Run& run) {
    ++running_;
    {
      std::lock_guard lock(mutex_);
      ++started_;
    }
    arena_.enqueue([this, run] { simulate(run); });
  }

  // A finished run, waiting up to `wait` for one.
  std::optional<Finished> next(std::chrono::microseconds wait) {
    std::unique_lock lock(mutex_);
    if (!wake_.wait_for(lock, wait, [this] { return !done_.empty(); })) return std::nullopt;
    Finished finished = std::move(done_.front());
    done_.pop_front();
    --running_;
    return finished;
  }

 private:
  // On a TBB worker. An exception cannot leave an enqueued task (TBB
  // aborts): a run that throws (out of memory) is reported as incomplete
  // and its message printed.
  void simulate(const Run& run) noexcept {
    const RunSettings& settings = settings_[run.scenario];
    Finished finished{run, false, {}};
    try {
      finished.rows.assign(std::size_t{settings.days} * model_.layout().metrics().size(), 0.0);
      if (!(settings.stop && settings.stop->load(std::memory_order_relaxed)))
        finished.complete = simulate_replicate(model_, *scenarios_[run.scenario], settings,
                                               std::uint32_t(run.replicate), finished.rows);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "commsim sweep: run (point %llu, replicate %llu) failed: %s\n",
                   static_cast<unsigned long long>(run.scenario), static_cast<unsigned long long>(run.replicate),
                   e.what());
      finished.complete = false;
    }
    std::lock_guard lock(mutex_);
    done_.push_back(std::move(finished));
    ++released_;
    wake_.notify_all();
  }

  const Model& model_;
  const std::vector<const ParameterSet*>& scenarios_;
  const std::vector<RunSettings>& settings_;
  unsigned slots_;
  unsigned running_ = 0;  // touched by the MPI thread only
  tbb::global_control limit_;
  tbb::task_arena arena_;
  std::mutex mutex_;
  std::uint64_t started_ = 0, released_ = 0;  // under mutex_
  std::condition_variable wake_;
  std::deque<Finished> done_;
};

std::vector<RunSettings> per_scenario_settings(const std::vector<const ParameterSet*>& scenarios,
                                               const RunSettings& shared) {
  std::vector<RunSettings> settings;
  for (const ParameterSet* params : scenarios) settings.push_back(scenario_settings(*params, shared));
  return settings;
}

bool stopping(const RunSettings& shared) { return shared.stop && shared.stop->load(std::memory_order_relaxed); }

// Rank 0: hands out runs, simulates its share, gathers everything.
std::vector<EnsembleResult> coordinate(MPI_Comm comm, const MpiWorld& world, const Model& model,
                                       const std::vector<const ParameterSet*>& scenarios, const RunSettings& shared,
                                       const std::vector<std::vector<std::uint8_t>>& skip, unsigned threads) {
  const std::vector<RunSettings> settings = per_scenario_settings(scenarios, shared);
  std::vector<EnsembleResult> results;
  std::deque<Run> queue;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    results.push_back(empty_ensemble_result(model, settings[s]));
    for (std::uint32_t r = 0; r < settings[s].replicates; ++r)
      if (skip.empty() || !skip[s].at(r)) queue.push_back({s, r});
  }
  const std::size_t metrics = model.layout().metrics().size();
  const auto store = [&](const Finished& finished) {
    if (finished.complete)
      store_replicate(results[finished.run.scenario], std::uint32_t(finished.run.replicate), finished.rows);
  };
  LocalRunner local(model, scenarios, settings, threads);
  int peers_running = world.size() - 1;
  while (peers_running > 0 || local.running() > 0 || (!queue.empty() && !stopping(shared))) {
    bool busy = false;
    // Peers first: a rank waiting for work is a core idle.
    for (int flag = 1; flag;) {
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &flag, &status);
      if (!flag) break;
      busy = true;
      const int peer = status.MPI_SOURCE;
      if (status.MPI_TAG == kAsk) {
        MPI_Recv(nullptr, 0, MPI_BYTE, peer, kAsk, comm, MPI_STATUS_IGNORE);
        if (queue.empty() || stopping(shared)) {
          MPI_Send(nullptr, 0, MPI_BYTE, peer, kEnd, comm);
        } else {
          const std::uint64_t run[2] = {queue.front().scenario, queue.front().replicate};
          queue.pop_front();
          MPI_Send(run, 2, MPI_UINT64_T, peer, kRun, comm);
        }
      } else if (status.MPI_TAG == kResult) {
        std::uint64_t header[3];
        MPI_Recv(header, 3, MPI_UINT64_T, peer, kResult, comm, MPI_STATUS_IGNORE);
        Finished finished{{header[0], header[1]}, header[2] != 0,
                          std::vector<double>(std::size_t{settings[header[0]].days} * metrics)};
        MPI_Recv(finished.rows.data(), int(finished.rows.size()), MPI_DOUBLE, peer, kRows, comm,
                 MPI_STATUS_IGNORE);
        store(finished);
        // The progress line counts the peers' days as their runs return.
        if (shared.days_done) shared.days_done->fetch_add(settings[header[0]].days, std::memory_order_relaxed);
      } else if (status.MPI_TAG == kDone) {
        MPI_Recv(nullptr, 0, MPI_BYTE, peer, kDone, comm, MPI_STATUS_IGNORE);
        --peers_running;
      }
    }
    while (local.has_slot() && !queue.empty() && !stopping(shared)) {
      local.start(queue.front());
      queue.pop_front();
    }
    // Short waits: this thread is the peers' dispatcher, and a blocking
    // MPI call would spin on a core the runs need.
    while (std::optional<Finished> finished = local.next(std::chrono::microseconds(busy ? 0 : 200))) {
      store(*finished);
      busy = true;
    }
  }
  return results;
}

// Other ranks: ask, run, return, until told the end.
void work(MPI_Comm comm, const Model& model, const std::vector<const ParameterSet*>& scenarios,
          const RunSettings& shared, unsigned threads) {
  const std::vector<RunSettings> settings = per_scenario_settings(scenarios, shared);
  LocalRunner local(model, scenarios, settings, threads);
  bool ended = false;
  const auto send = [comm](const Finished& finished) {
    const std::uint64_t header[3] = {finished.run.scenario, finished.run.replicate, finished.complete ? 1u : 0u};
    MPI_Send(header, 3, MPI_UINT64_T, 0, kResult, comm);
    MPI_Send(finished.rows.data(), int(finished.rows.size()), MPI_DOUBLE, 0, kRows, comm);
  };
  while (!ended || local.running() > 0) {
    while (!ended && local.has_slot()) {
      if (stopping(shared)) {
        ended = true;
        break;
      }
      MPI_Send(nullptr, 0, MPI_BYTE, 0, kAsk, comm);
      MPI_Status status;
      std::uint64_t run[2];
      MPI_Recv(run, 2, MPI_UINT64_T, 0, MPI_ANY_TAG, comm, &status);
      if (status.MPI_TAG == kEnd) ended = true;
      else local.start({run[0], run[1]});
    }
    if (std::optional<Finished> finished = local.next(std::chrono::milliseconds(50))) send(*finished);
  }
  MPI_Send(nullptr, 0, MPI_BYTE, 0, kDone, comm);
}

}  // namespace

MpiWorld::MpiWorld() {
  if (environment_int("OMPI_COMM_WORLD_SIZE", 1) <= 1 && environment_int("PMI_SIZE", 1) <= 1) return;
  int provided = 0;
  // Only this (the main) thread calls MPI; the runs' threads never do.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  local_size_ = std::max(1, environment_int("OMPI_COMM_WORLD_LOCAL_SIZE", 1));
}

MpiWorld::~MpiWorld() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) MPI_Finalize();
}

bool MpiWorld::all(bool ok) const {
  if (!distributed()) return ok;
  int mine = ok ? 1 : 0, every = 0;
  MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return every == 1;
}

std::vector<EnsembleResult> run_ensembles_distributed(const MpiWorld& world, const Model& model,
                                                      const std::vector<const ParameterSet*>& scenarios,
                                                      const RunSettings& shared,
                                                      const std::vector<std::vector<std::uint8_t>>& skip,
                                                      unsigned threads) {
  if (!world.distributed()) return run_ensembles(model, scenarios, shared, skip);
  threads = std::max(1u, threads);
  // A communicator of this call's own: a rank that has finished it and
  // asks for the next call's work cannot be answered from this one's queue.
  MPI_Comm comm;
  MPI_Comm_dup(MPI_COMM_WORLD, &comm);
  std::vector<EnsembleResult> results;
  if (world.root()) results = coordinate(comm, world, model, scenarios, shared, skip, threads);
  else work(comm, model, scenarios, shared, threads);
  MPI_Comm_free(&comm);
  return results;
}

#endif

}  // namespace commsim::cli
