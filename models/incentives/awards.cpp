#include "models/incentives/awards.hpp"

#include "models/ledger.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct AwardSettings {
  bool awards;
  Cadence weeks;
  double award_fund_per_member, award_post_boost, award_scale;
};

const SettingsBinding<AwardSettings>& award_keys() {
  using S = AwardSettings;
  static const auto keys =
      SettingsBinding<S>("incentives")
          .flag(&S::awards, "awards", false,
                "Weekly best-share awards paid from a group fund (on Sundays, days with day % 7 == 6).")
          // The end of every week: Sundays, as day 0 is a Monday.
          .custom(cadence_keys(&S::weeks, {.prefix = "awards_", .what = "the awards", .fixed = Cadence::weekly(kSunday)},
                               &S::awards))
          .real(&S::award_fund_per_member, "award_fund_per_member", 200.0, 0.0, 1e9, "yuan/member/year",
                "Group fund per member spent on awards over 52 weeks (the texts: a 200 yuan "
                "fee x 500 members = 100,000 yuan, about 2,000 yuan of prizes a week).")
          .real(&S::award_post_boost, "award_post_boost", 2.0, 0.0, 100.0, "",
                "Most extra posting propensity a week's prize gives creators.")
          .real(&S::award_scale, "award_scale", 1000.0, 0.01, 1e9, "yuan",
                "Weekly prize at which creators get half the most boost.");
  return keys;
}

}  // namespace

void Awards::declare(ParamRegistry& p) { award_keys().declare(p); }

Awards::Awards(const ParameterSet& p) {
  const AwardSettings s = award_keys().read(p);
  on_ = s.awards;
  cadence_ = s.weeks;
  fund_per_member_ = s.award_fund_per_member;
  boost_max_ = s.award_post_boost;
  scale_ = s.award_scale;
}

// Each week's prize of a group is its fund's share, fund_per_member x
// members / 52; it makes creators post for the following week.
std::int64_t Awards::end_day(const DayContext& ctx, bool funded) {
  if (!funded || !on_ || !cadence_.on(ctx.day)) return 0;
  boost_.assign(ctx.groups.count(), 0.0f);
  std::int64_t fen = 0;
  for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
    if (ctx.groups.size[g] == 0) continue;
    const double prize = fund_per_member_ * double(ctx.groups.size[g]) / 52.0;
    fen += to_fen(prize);
    boost_[g] = float(boost_max_ * prize / (prize + scale_));
  }
  boost_until_ = ctx.day + 7;
  return fen;
}

}  // namespace commsim::models
