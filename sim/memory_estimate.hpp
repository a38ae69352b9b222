#pragma once
// The memory guard: an upper estimate of a run's memory, made before
// anything is allocated, so a run that cannot fit is refused at once with
// the estimate instead of being killed by the kernel hours later.
//
//   total = in_flight x bytes_per_person x (initial members + prospects + joiners)
//         + shared (social graph at its peak)
//         + series (metrics x replicates x days x 8 bytes, all scenarios,
//                   + one [day][metric] buffer per replicate in flight)
//         + process (64 MiB: code, libraries, TBB's and HDF5's pools)
//
// in_flight = min(threads, (scenario, replicate) pairs): replicates whose
// people are alive at once. Joiners and shared bytes come from the modules'
// memory_needs (the acquisition's reach, the invites' graph).
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model.hpp"

namespace commsim {

struct MemoryEstimate {
  double people_per_replicate = 0;  // the largest over the scenarios
  double bytes_per_person = 0;
  unsigned in_flight = 0;
  double people_bytes = 0;  // in_flight x bytes_per_person x people_per_replicate
  double shared_bytes = 0;
  double series_bytes = 0;

  double process_bytes = 0;  // the program itself: code, libraries, pools

  double total() const { return people_bytes + shared_bytes + series_bytes + process_bytes; }
  // "about 5.3 GiB: people 0.7 GiB (2 replicates x 15,365,000 people), ..."
  std::string explain() const;
};

MemoryEstimate estimate_memory(const Model& model, const std::vector<const ParameterSet*>& scenarios,
                               unsigned threads);

// The machine's physical memory in bytes (0 if unknown).
std::uint64_t physical_memory_bytes();

// "512M", "8G", "1.5T", "1000000" (bytes; K, M, G, T are powers of 1024);
// throws InputError naming `label` otherwise.
std::uint64_t parse_memory_size(const std::string& text, const std::string& label);

// Throws InputError with the estimate and the limit when the run does not fit.
void check_memory(const MemoryEstimate& estimate, std::uint64_t limit, const std::string& limit_source);

std::string gibibytes(double bytes);  // "5.3 GiB", "12 MiB"

}  // namespace commsim
