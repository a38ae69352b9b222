#include "models/retention.hpp"

#include <array>
#include <cmath>

namespace commsim::models {
namespace {

constexpr std::array<int, 3> kLags = {1, 7, 30};

class Retention final : public Behaviour {
 public:
  Retention(const ParameterSet&, const ModuleLayout& layout)
      : metrics_{layout.metric("retention_d1"), layout.metric("retention_d7"), layout.metric("retention_d30")},
        retained_{layout.metric("retained_at_1"), layout.metric("retained_at_7"),
                  layout.metric("retained_at_30")} {}

  void on_join(const DayContext& ctx, Population&, std::span<const std::uint32_t> joined,
               DayTally&) override {
    cohort_size_.resize(ctx.day + 1, 0);
    cohort_size_[ctx.day] += joined.size();
  }

  // Counts members whose age is exactly one of the lags.
  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i])) continue;
      const int age = ctx.day - pop.join_day[i];
      for (std::size_t k = 0; k < kLags.size(); ++k)
        if (age == kLags[k]) tally.add(retained_[k]);
    }
  }

  void end_day(const DayContext& ctx, const Population&, DayTally& today, DayMetrics& m) override {
    cohort_size_.resize(ctx.day + 1, 0);
    for (std::size_t k = 0; k < kLags.size(); ++k) {
      m.set(metrics_[k], std::nan(""));  // today's cohort: not observed yet
      const int cohort = ctx.day - kLags[k];
      if (cohort < 0) continue;
      const double size = double(cohort_size_[cohort]);
      m.set_on(Day(cohort), metrics_[k],
               size > 0 ? double(today.metric(retained_[k])) / size : std::nan(""));
    }
  }

 private:
  std::array<MetricId, 3> metrics_;
  std::array<MetricId, 3> retained_;  // helper counts, also written out
  std::vector<std::int64_t> cohort_size_;  // by join day
};

}  // namespace

ModuleDefinition retention_module() {
  return {
      .name = "retention",
      .help = "Cohort retention at day 1, 7 and 30 (the texts' day-1 / week-1 / month-1 "
              "retention). Series indexed by the cohort's join day; the seed members are day "
              "0's cohort.",
      .declare_parameters = [](ParamRegistry&) {},
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("retention_d1", MetricKind::Ratio, "1",
                          "Of the cohort that joined on this day (day 0: with the seed members), "
                          "the share still members 1 day later (NaN: not observed or nobody joined).");
            layout.metric("retention_d7", MetricKind::Ratio, "1",
                          "Of the cohort that joined on this day, the share still members 7 days "
                          "later (NaN: not observed or nobody joined).");
            layout.metric("retention_d30", MetricKind::Ratio, "1",
                          "Of the cohort that joined on this day, the share still members 30 days "
                          "later (NaN: not observed or nobody joined).");
            layout.metric("retained_at_1", MetricKind::Level, "people",
                          "Members who joined exactly 1 day before this day.", Better::Neither);
            layout.metric("retained_at_7", MetricKind::Level, "people",
                          "Members who joined exactly 7 days before this day.", Better::Neither);
            layout.metric("retained_at_30", MetricKind::Level, "people",
                          "Members who joined exactly 30 days before this day.", Better::Neither);
          },
      .create = make_module<Retention>,
  };
}

}  // namespace commsim::models
