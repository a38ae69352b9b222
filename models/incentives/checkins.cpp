#include "models/incentives/checkins.hpp"

#include "models/ledger.hpp"
#include "models/member_fields.hpp"

namespace commsim::models {
namespace {

// Every day of the campaign window.
const CadenceKeys kCampaign{.prefix = "incentives.checkin_", .what = "the check-in campaign",
                            .switch_key = "incentives.checkin"};

}  // namespace

void CheckIns::declare(ParamRegistry& p) {
  p.flag("incentives.checkin", false, "Daily check-in points for every visit.");
  declare_cadence(p, kCampaign);
  p.real("incentives.checkin_points_yuan", 0.1, 0.0, 1e4, "yuan",
         "Cost of the points one check-in earns.");
  p.real("incentives.checkin_boost", 0.05, 0.0, 1.0, "probability",
         "Extra visit probability every day check-ins are on.");
}

void CheckIns::declare_layout(ModelLayout& layout) {
  layout.metric("checkins", MetricKind::Flow, "people d-1",
                "Members who checked in (visited while check-in points were on).");
  layout.reads(Item::Column, fields::kLastActiveDay, When::Today, "never visited: no check-ins");
}

CheckIns::CheckIns(const ParameterSet& p, const ModuleLayout& layout)
    : on_(p.flag("incentives.checkin")),
      cadence_(read_cadence(p, kCampaign)),
      points_fen_(to_fen(p.real("incentives.checkin_points_yuan"))),
      boost_(float(p.real("incentives.checkin_boost"))),
      checkins_(layout.metric("checkins")),
      last_active_day_(layout.column<Day>(fields::kLastActiveDay)) {}

void CheckIns::count(const DayContext& ctx, const Population& pop, const MemberChunk& chunk,
                     DayTally& tally) const {
  if (!today_) return;
  const auto last_active_day = pop.column(last_active_day_);
  for (const std::uint32_t i : chunk.members)
    if (is_member(pop.state[i]) && last_active_day[i] == ctx.day) tally.add(checkins_);
}

}  // namespace commsim::models
