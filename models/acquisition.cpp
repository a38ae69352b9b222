#include "models/acquisition.hpp"

#include <algorithm>
#include <boost/random/binomial_distribution.hpp>

#include "models/cadence.hpp"
#include "models/entry_threshold.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kJoinDraw{100};

struct AcquisitionSettings {
  std::int64_t traffic_pool, daily_ads_reach;
  double join_probability, word_of_mouth;
  Cadence campaign;
};

const SettingsBinding<AcquisitionSettings>& acquisition_keys() {
  static const auto keys =
      SettingsBinding<AcquisitionSettings>("acquisition")
          .integer(&AcquisitionSettings::traffic_pool, "traffic_pool", 200000, 0, 2000000000, "people",
                   "Prospects the operator can reach at all; each joiner leaves the pool.")
          .integer(&AcquisitionSettings::daily_ads_reach, "daily_ads_reach", 1000, 0, 100000000, "people/day",
                   "Prospects of the pool who see the operator's ads each day.")
          .real(&AcquisitionSettings::join_probability, "join_probability", 0.02, 0.0, 1.0, "probability",
                "Chance that a reached prospect joins (Bass p, innovation).")
          .real(&AcquisitionSettings::word_of_mouth, "word_of_mouth", 0.0, 0.0, 1.0, "probability",
                "Bass q (imitation): every prospect left in the pool also joins with "
                "probability q x members / (members + pool) a day, ads or not; 0: no word "
                "of mouth.")
          // Ads run every day of the campaign window.
          .custom(cadence_keys(&AcquisitionSettings::campaign, {.what = "the ad campaign"}));
  return keys;
}

class Acquisition final : public Behaviour {
 public:
  Acquisition(const ParameterSet& p, const ModuleLayout& layout)
      : Acquisition(acquisition_keys().read(p), EntryThreshold(p).pass_rate(), layout) {}
  Acquisition(const AcquisitionSettings& s, double pass_rate, const ModuleLayout&)
      : pool_left_(s.traffic_pool),
        daily_reach_(s.daily_ads_reach),
        join_probability_(s.join_probability),
        word_of_mouth_(s.word_of_mouth),
        pass_rate_(pass_rate),
        campaign_(s.campaign) {}

  // Bass diffusion: a prospect reached by the ads adopts with probability
  // p + w, every other prospect of the pool with w = q x members /
  // (members + pool) (word of mouth); both times the entry threshold's pass
  // rate. With q = 0 this is Binomial(reach, p) as before. Ads run within
  // the campaign window; word of mouth goes on outside it.
  void plan_joins(const DayContext& ctx, const Population&, JoinPlan& joins) override {
    const bool campaign = campaign_.on(ctx.day);
    const std::int64_t reach = campaign ? std::min(daily_reach_, pool_left_) : 0;
    double mouth = 0.0;
    if (word_of_mouth_ > 0.0 && pool_left_ > 0) {
      std::int64_t members = 0;
      for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) members += ctx.groups.size[g];
      mouth = word_of_mouth_ * double(members) / double(members + pool_left_);
    }
    const double reached_p = std::min(1.0, join_probability_ + mouth) * pass_rate_;
    RandomStream stream(ctx.key, 0, kJoinDraw);
    std::int64_t joiners = 0;
    if (reach > 0 && reached_p > 0.0)
      joiners = boost::random::binomial_distribution<std::int64_t>(reach, reached_p)(stream);
    if (mouth > 0.0 && pool_left_ > reach)
      joiners += boost::random::binomial_distribution<std::int64_t>(
          pool_left_ - reach, std::min(1.0, mouth) * pass_rate_)(stream);
    pool_left_ -= joiners;
    joins.add(static_cast<std::uint32_t>(joiners));
  }

 private:
  std::int64_t pool_left_;
  std::int64_t daily_reach_;
  double join_probability_;
  double word_of_mouth_;
  double pass_rate_;  // share of would-be joiners the entry threshold lets through
  Cadence campaign_;
};

}  // namespace

ModuleDefinition acquisition_module() {
  return {
      .name = "acquisition",
      .help = "Prospects pulled in from the operator's traffic pool (ads, official account, "
              "Moments, partners). Daily joins ~ Binomial(min(reach, pool left), p + w) + "
              "Binomial(pool left - reach, w), w = word_of_mouth x members / (members + pool "
              "left) (Bass diffusion), each times the entry threshold's pass rate.",
      .declare_parameters = [](ParamRegistry& p) { acquisition_keys().declare(p); },
      .declare_layout = [](ModelLayout& layout) { layout.purpose(kJoinDraw, "acquisition.join"); },
      .create = make_module<Acquisition>,
      .memory_needs =
          [](const ParameterSet& p) { return MemoryNeeds{acquisition_joiners_bound(p), 0}; },
  };
}

double acquisition_joiners_bound(const ParameterSet& p) {
  if (!p.flag("acquisition.enabled")) return 0.0;
  // Every joiner is a new person. Ads bring at most reach x (p + q) a day;
  // word of mouth can bring the whole pool.
  const AcquisitionSettings s = acquisition_keys().read(p);
  const double pool = double(s.traffic_pool);
  const double q = s.word_of_mouth;
  const double ads = double(s.daily_ads_reach) * std::min(1.0, s.join_probability + q) *
                     double(p.integer("run.days"));
  return q > 0 ? pool : std::min(pool, ads);
}

}  // namespace commsim::models
