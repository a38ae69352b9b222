#pragma once
// Runs spread over the ranks of an MPI job (OpenMPI's mpirun): dynamic load
// balancing, since runs differ in cost by 10x and more. Rank 0 hands out one
// (scenario, replicate) run at a time to whichever rank asks, simulates too,
// and gathers every result; each run is a pure function of its parameters
// and replicate index, so the data equal a single process's bit for bit.
#include <cstdint>
#include <vector>

#include "sim/ensemble.hpp"

namespace commsim::cli {

class MpiWorld {
 public:
  // Initialises MPI when the process was started by an MPI launcher with
  // more than one rank (OMPI_COMM_WORLD_SIZE > 1); otherwise a world of
  // one that never calls MPI. Throws InputError when launched with several
  // ranks by a build without MPI.
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  bool distributed() const { return size_ > 1; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  // Ranks of this job on this node (OMPI_COMM_WORLD_LOCAL_SIZE), to share its cores.
  int local_size() const { return local_size_; }

  // Collective: true when every rank passes true (a go/no-go after the
  // checks one rank makes); a world of one returns `ok`.
  bool all(bool ok) const;

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
};

// As run_ensembles, over every rank of `world` (collective: every rank
// calls it with the same scenarios and skip mask). Each rank runs up to
// `threads` runs at once. The results are filled on rank 0 only; other
// ranks get empty results. settings.stop on any rank ends that rank's runs
// early; rank 0 then hands out no more.
std::vector<EnsembleResult> run_ensembles_distributed(const MpiWorld& world, const Model& model,
                                                      const std::vector<const ParameterSet*>& scenarios,
                                                      const RunSettings& shared,
                                                      const std::vector<std::vector<std::uint8_t>>& skip,
                                                      unsigned threads);

}  // namespace commsim::cli
