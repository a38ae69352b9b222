#include "models/incentives/checkins.hpp"

#include "models/ledger.hpp"
#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

struct CheckInSettings {
  bool checkin;
  Cadence campaign;
  double checkin_points_yuan, checkin_boost;
};

namespace {

const SettingsBinding<CheckInSettings>& checkin_keys() {
  using S = CheckInSettings;
  static const auto keys =
      SettingsBinding<S>("incentives")
          .flag(&S::checkin, "checkin", false, "Daily check-in points for every visit.")
          // Every day of the campaign window.
          .custom(cadence_keys(&S::campaign, {.prefix = "checkin_", .what = "the check-in campaign"}, &S::checkin))
          .real(&S::checkin_points_yuan, "checkin_points_yuan", 0.1, 0.0, 1e4, "yuan",
                "Cost of the points one check-in earns.")
          .real(&S::checkin_boost, "checkin_boost", 0.05, 0.0, 1.0, "probability",
                "Extra visit probability every day check-ins are on.");
  return keys;
}

}  // namespace

void CheckIns::declare(ParamRegistry& p) { checkin_keys().declare(p); }

void CheckIns::declare_layout(ModelLayout& layout) {
  layout.metric("checkins", MetricKind::Flow, "people d-1",
                "Members who checked in (visited while check-in points were on).");
  layout.reads(Item::Column, fields::kLastActiveDay, When::Today, "never visited: no check-ins");
}

CheckIns::CheckIns(const ParameterSet& p, const ModuleLayout& layout) : CheckIns(checkin_keys().read(p), layout) {}

CheckIns::CheckIns(const CheckInSettings& s, const ModuleLayout& layout)
    : on_(s.checkin),
      cadence_(s.campaign),
      points_fen_(to_fen(s.checkin_points_yuan)),
      boost_(float(s.checkin_boost)),
      checkins_(layout.metric("checkins")),
      last_active_day_(layout.column<Day>(fields::kLastActiveDay)) {}

void CheckIns::count(const DayContext& ctx, const Population& pop, const MemberChunk& chunk,
                     DayTally& tally) const {
  if (!today_) return;
  const auto last_active_day = pop.column(last_active_day_);
  // Counted without branches into a local: a visit is a coin flip the
  // branch predictor cannot learn.
  std::int64_t checkins = 0;
  for (const std::uint32_t i : chunk.members)
    checkins += is_member(pop.state[i]) & (last_active_day[i] == ctx.day);
  tally.add(checkins_, checkins);
}

}  // namespace commsim::models
