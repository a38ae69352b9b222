#include "models/acquisition.hpp"

#include <algorithm>
#include <boost/random/binomial_distribution.hpp>

namespace commsim::models {
namespace {

constexpr Purpose kJoinDraw{100};

class Acquisition final : public Behaviour {
 public:
  explicit Acquisition(const ParameterSet& p)
      : pool_left_(p.integer("acquisition.traffic_pool")),
        daily_reach_(p.integer("acquisition.daily_ads_reach")),
        join_probability_(p.real("acquisition.join_probability")),
        start_day_(p.integer("acquisition.start_day")),
        end_day_(p.integer("acquisition.end_day")) {}

  void plan_joins(const DayContext& ctx, const Population&, JoinPlan& joins) override {
    if (ctx.day < start_day_ || (end_day_ >= 0 && ctx.day > end_day_)) return;
    const std::int64_t reach = std::min(daily_reach_, pool_left_);
    if (reach <= 0 || join_probability_ <= 0.0) return;
    RandomStream stream(ctx.key, 0, kJoinDraw);
    const std::int64_t joiners =
        boost::random::binomial_distribution<std::int64_t>(reach, join_probability_)(stream);
    pool_left_ -= joiners;
    joins.add(static_cast<std::uint32_t>(joiners));
  }

 private:
  std::int64_t pool_left_;
  std::int64_t daily_reach_;
  double join_probability_;
  std::int64_t start_day_;
  std::int64_t end_day_;
};

}  // namespace

ModuleDefinition acquisition_module() {
  return {
      .name = "acquisition",
      .help = "Prospects pulled in from the operator's traffic pool (ads, official account, "
              "Moments, partners). Daily joins ~ Binomial(min(reach, pool left), p).",
      .declare_parameters =
          [](ParamRegistry& p) {
            p.integer("acquisition.traffic_pool", 200000, 0, 2000000000, "people",
                      "Prospects the operator can reach at all; each joiner leaves the pool.");
            p.integer("acquisition.daily_ads_reach", 1000, 0, 100000000, "people/day",
                      "Prospects of the pool who see the operator's ads each day.");
            p.real("acquisition.join_probability", 0.02, 0.0, 1.0, "probability",
                   "Chance that a reached prospect joins.");
            p.integer("acquisition.start_day", 0, 0, kMaxDays, "day",
                      "First day of the acquisition campaign.");
            p.integer("acquisition.end_day", -1, -1, kMaxDays, "day",
                      "Last day of the campaign; -1 runs to the horizon.");
          },
      .declare_outputs = [](ModelLayout& layout) { layout.purpose(kJoinDraw, "acquisition.join"); },
      .create = [](const ParameterSet& p, const ModelLayout&) -> std::unique_ptr<Behaviour> {
        return std::make_unique<Acquisition>(p);
      },
  };
}

}  // namespace commsim::models
