#include "models/incentives/awards.hpp"

#include "models/ledger.hpp"

namespace commsim::models {
namespace {

// The end of every week: Sundays, as day 0 is a Monday.
const CadenceKeys kWeeks{.prefix = "incentives.awards_", .what = "the awards",
                         .fixed = Cadence::weekly(kSunday), .switch_key = "incentives.awards"};

}  // namespace

void Awards::declare(ParamRegistry& p) {
  p.flag("incentives.awards", false,
         "Weekly best-share awards paid from a group fund (on Sundays, days with day % 7 == 6).");
  declare_cadence(p, kWeeks);
  p.real("incentives.award_fund_per_member", 200.0, 0.0, 1e9, "yuan/member/year",
         "Group fund per member spent on awards over 52 weeks (the texts: a 200 yuan "
         "fee x 500 members = 100,000 yuan, about 2,000 yuan of prizes a week).");
  p.real("incentives.award_post_boost", 2.0, 0.0, 100.0, "",
         "Most extra posting propensity a week's prize gives creators.");
  p.real("incentives.award_scale", 1000.0, 0.01, 1e9, "yuan",
         "Weekly prize at which creators get half the most boost.");
}

Awards::Awards(const ParameterSet& p)
    : on_(p.flag("incentives.awards")),
      cadence_(read_cadence(p, kWeeks)),
      fund_per_member_(p.real("incentives.award_fund_per_member")),
      boost_max_(p.real("incentives.award_post_boost")),
      scale_(p.real("incentives.award_scale")) {}

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
