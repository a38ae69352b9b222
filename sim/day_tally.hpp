#pragma once
// Counts a member kernel adds to while it runs over a chunk of members.
//
// Every cross-member reduction is an integer sum, so the day's totals are
// exact and identical whatever the thread count or chunking: money is
// counted in integer fen, means as a fixed-point sum beside a count.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/model_layout.hpp"

namespace commsim {

class DayTally {
 public:
  // `means` extra slots hold the counts of the layout's means.
  void reset(std::size_t metrics, std::size_t means, std::size_t group_counters, std::uint32_t groups) {
    metrics_ = metrics;
    metric_.assign(metrics + means, 0);
    counters_ = group_counters;
    group_.assign(counters_ * groups, 0);
  }
  // Adds zeroed counters for groups opened since the reset.
  void resize_groups(std::uint32_t groups) { group_.resize(counters_ * groups, 0); }
  std::uint32_t groups() const {
    return counters_ ? static_cast<std::uint32_t>(group_.size() / counters_) : 0;
  }

  void add(MetricId metric, std::int64_t amount = 1) { metric_[metric] += amount; }
  // A mean's sum (in its fixed-point unit) and how many values it holds.
  void add_mean(MeanId mean, std::int64_t sum, std::int64_t count) {
    metric_[mean.metric] += sum;
    metric_[metrics_ + mean.count_slot] += count;
  }
  void add_group(GroupCounterId counter, std::uint32_t group, std::int64_t amount = 1) {
    group_[std::size_t{group} * counters_ + counter] += amount;
  }

  std::int64_t metric(MetricId metric) const { return metric_[metric]; }
  std::int64_t mean_count(MeanId mean) const { return metric_[metrics_ + mean.count_slot]; }
  // Zero for a group opened after this tally was reset.
  std::int64_t group(GroupCounterId counter, std::uint32_t group) const {
    const std::size_t at = std::size_t{group} * counters_ + counter;
    return at < group_.size() ? group_[at] : 0;
  }

  // this += other; both were reset with the same metrics and counters. Other
  // may cover fewer groups (reset before groups were opened, as the seed
  // members' tally is when a module opens a group on day 0): group-major
  // storage makes its groups a prefix of ours.
  void merge(const DayTally& other) {
    for (std::size_t i = 0; i < metric_.size(); ++i) metric_[i] += other.metric_[i];
    const std::size_t shared = std::min(group_.size(), other.group_.size());
    for (std::size_t i = 0; i < shared; ++i) group_[i] += other.group_[i];
  }

 private:
  std::vector<std::int64_t> metric_;
  std::vector<std::int64_t> group_;
  std::size_t metrics_ = 0;   // metric slots; the means' counts follow
  std::size_t counters_ = 0;  // group-major: [group][counter], so groups can be added
};

}  // namespace commsim
