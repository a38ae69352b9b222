#include "models/reentry.hpp"

#include "models/member_fields.hpp"

#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kReentryDraw{720};

struct ReentrySettings {
  double probability;
  int cooldown_days;
  bool refunded;
};

const SettingsBinding<ReentrySettings>& reentry_keys() {
  static const auto keys =
      SettingsBinding<ReentrySettings>("reentry")
          .real(&ReentrySettings::probability, "probability", 0.0, 0.0, 1.0, "probability/day",
                "Daily chance that a lapsed (or refunded) member past the cooldown re-enters the funnel; "
                "0: nobody re-enters.")
          .integer(&ReentrySettings::cooldown_days, "cooldown_days", 30, 0, kMaxDays, "days",
                   "Days after it lapsed or was refunded (funnel_day) before a member can re-enter.")
          .flag(&ReentrySettings::refunded, "refunded", true,
                "Refunded members re-enter too (else only lapsed ones).");
  return keys;
}

class Reentry final : public Behaviour {
 public:
  Reentry(const ParameterSet& p, const ModuleLayout& layout) : Reentry(reentry_keys().read(p), layout) {}
  Reentry(const ReentrySettings& s, const ModuleLayout& layout)
      : probability_(float(s.probability)),
        cooldown_days_(int(s.cooldown_days)),
        refunded_(s.refunded),
        reentries_(layout.metric("reentries")),
        funnel_(layout.column<Funnel>(fields::kFunnel)),
        funnel_day_(layout.column<Day>(fields::kFunnelDay)) {}

  // Runs just before the funnel, so a member back in the pond can buy the
  // same day (it reads the stages the funnel left yesterday).
  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    if (probability_ <= 0.0f) return;
    const auto funnel = pop.column(funnel_);
    const auto funnel_day = pop.column(funnel_day_);
    std::int64_t back = 0;
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i]) || !eligible(funnel[i])) continue;
      if (ctx.day - int(funnel_day[i]) < cooldown_days_) continue;
      RandomStream stream(ctx.key, i, kReentryDraw);
      if (!stream.bernoulli(probability_)) continue;
      funnel[i] = Funnel::None;
      funnel_day[i] = ctx.day;
      ++back;
    }
    tally.add(reentries_, back);
  }

 private:
  bool eligible(Funnel stage) const {
    return stage == Funnel::Lapsed || (refunded_ && stage == Funnel::Refunded);
  }

  float probability_;
  int cooldown_days_;
  bool refunded_;
  MetricId reentries_;
  Column<Funnel> funnel_;
  Column<Day> funnel_day_;
};

}  // namespace

ModuleDefinition reentry_module() {
  return {
      .name = "reentry",
      .help = "Funnel re-entry: a member whose funnel stage is lapsed (no purchase at camp end, "
              "or no renewal) or refunded goes back to stage none, and can buy the bait class or "
              "the product again, with `probability` a day once `cooldown_days` have passed since "
              "it left the funnel. Off by default (probability 0).",
      .declare_parameters = [](ParamRegistry& p) { reentry_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("reentries", MetricKind::Flow, "people d-1",
                          "Lapsed or refunded members who re-entered the funnel (stage none) that "
                          "day.");
            layout.reads(Item::Column, fields::kFunnel, When::Yesterday,
                         "none: nobody lapses, nobody re-enters");
            layout.reads(Item::Column, fields::kFunnelDay, When::Yesterday, "never");
            layout.writes(Item::Column, fields::kFunnel);
            layout.writes(Item::Column, fields::kFunnelDay);
            layout.purpose(kReentryDraw, "reentry.draw");
          },
      .create = make_module<Reentry>,
  };
}

}  // namespace commsim::models
