#pragma once
// Where a run's time goes, by day phase and, within the member phase, by
// module. Collected only when asked for (RunSettings::profile): it is not
// part of the results, and timing the member phase per chunk costs a little.
#include <chrono>
#include <string>
#include <vector>

namespace commsim {

struct RunProfile {
  // Wall-clock seconds summed over replicates: setting a replicate up
  // (modules, social graph, seed community), then each day phase.
  double setup_s = 0;
  double operator_s = 0, members_s = 0, reduction_s = 0, joins_s = 0, end_day_s = 0;
  // Thread-seconds each module spent in the member phase.
  std::vector<std::string> module_names;
  std::vector<double> module_member_s;

  void merge(const RunProfile& other) {
    setup_s += other.setup_s;
    operator_s += other.operator_s;
    members_s += other.members_s;
    reduction_s += other.reduction_s;
    joins_s += other.joins_s;
    end_day_s += other.end_day_s;
    if (module_names.empty()) {
      module_names = other.module_names;
      module_member_s.assign(module_names.size(), 0.0);
    }
    for (std::size_t i = 0; i < module_member_s.size() && i < other.module_member_s.size(); ++i)
      module_member_s[i] += other.module_member_s[i];
  }
};

// Adds the seconds since construction (or the last lap) to a counter.
class Stopwatch {
 public:
  Stopwatch() : last_(std::chrono::steady_clock::now()) {}
  void lap(double& seconds) {
    const auto now = std::chrono::steady_clock::now();
    seconds += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_;
};

}  // namespace commsim
