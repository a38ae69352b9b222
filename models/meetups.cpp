#include "models/meetups.hpp"

#include "models/cadence.hpp"
#include "models/ledger.hpp"
#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kAttendDraw{610};

struct MeetupSettings {
  Cadence meetups;
  double attend_probability, min_engagement;
  bool city_groups_only;
  double cost_per_attendee, attachment_gain;
};

const SettingsBinding<MeetupSettings>& meetup_keys() {
  using S = MeetupSettings;
  static const auto keys =
      SettingsBinding<S>("meetups")
          .custom(cadence_keys(&S::meetups,
                               {.what = "the meetups", .event = "meetup", .every = CadenceKeys::Every::Key,
                                .every_help = "Days between meetups (the first on start_day); 0: no meetups."}))
          .real(&S::attend_probability, "attend_probability", 0.3, 0.0, 1.0, "probability",
                "Chance that an eligible member attends a meetup.")
          .real(&S::min_engagement, "min_engagement", 0.3, 0.0, 1.0, "engagement",
                "Only members with engagement above this come (the engaged core).")
          .flag(&S::city_groups_only, "city_groups_only", false,
                "Hold meetups only for groups with a city (offline meetings need a place).")
          .real(&S::cost_per_attendee, "cost_per_attendee", 30.0, 0.0, 1e6, "yuan",
                "Operator's cost per attendee (venue, tea, materials).")
          .real(&S::attachment_gain, "attachment_gain", 0.2, 0.0, 1.0, "fraction",
                "Share of the missing attachment a meetup adds.");
  return keys;
}

class Meetups final : public Behaviour {
 public:
  Meetups(const ParameterSet& p, const ModuleLayout& layout) : Meetups(meetup_keys().read(p), layout) {}
  Meetups(const MeetupSettings& s, const ModuleLayout& layout)
      : cadence_(s.meetups),
        attend_probability_(float(s.attend_probability)),
        min_engagement_(float(s.min_engagement)),
        attachment_gain_(float(s.attachment_gain)),
        city_groups_only_(s.city_groups_only),
        cost_fen_(to_fen(s.cost_per_attendee)),
        attendees_(layout.metric("meetup_attendees")),
        cost_(layout.metric(metrics::kCost)),
        engagement_(layout.column<float>(fields::kEngagement)),
        attachment_(layout.column<float>(fields::kAttachment)),
        meetups_(layout.column<std::uint8_t>(fields::kMeetups)) {}

  void begin_day(const DayContext& ctx, OperatorActions&) override {
    meetup_today_ = cadence_.on(ctx.day);
  }

  // Runs after engagement (today's value decides who comes) and before
  // churn (which sees today's meetup count).
  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    if (!meetup_today_) return;
    std::int64_t came = 0;
    const auto engagement = pop.column(engagement_);
    const auto attachment = pop.column(attachment_);
    const auto meetups = pop.column(meetups_);
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i]) || engagement[i] <= min_engagement_) continue;
      if (city_groups_only_ && ctx.groups.city[pop.group[i]] == 0) continue;
      RandomStream stream(ctx.key, i, kAttendDraw);
      if (!stream.bernoulli(attend_probability_)) continue;
      if (meetups[i] < 255) ++meetups[i];
      attachment[i] += attachment_gain_ * (1.0f - attachment[i]);
      ++came;
    }
    tally.add(attendees_, came);
    tally.add(cost_, came * cost_fen_);
  }

 private:
  Cadence cadence_;
  float attend_probability_, min_engagement_, attachment_gain_;
  bool city_groups_only_;
  std::int64_t cost_fen_;
  MetricId attendees_, cost_;
  Column<float> engagement_, attachment_;
  Column<std::uint8_t> meetups_;
  bool meetup_today_ = false;
};

}  // namespace

ModuleDefinition meetups_module() {
  return {
      .name = "meetups",
      .help = "Offline meetups (\"more than 3 offline meetings create a strong tie\"): on a meetup "
              "day each member with engagement above min_engagement attends with "
              "attend_probability; attendees count one more meetup and gain attachment: "
              "attachment += attachment_gain x (1 - attachment). Churn reads the meetup count.",
      .declare_parameters = [](ParamRegistry& p) { meetup_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("meetup_attendees", MetricKind::Flow, "people d-1",
                          "Members who attended an offline meetup that day.");
            layout.purpose(kAttendDraw, "meetups.attend");
            layout.column(fields::kMeetups, std::uint8_t{0}, "Offline meetups attended (saturates at 255).");
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0: nobody comes");
            layout.writes(Item::Column, fields::kAttachment);
            layout.writes(Item::Metric, metrics::kCost);
          },
      .create = make_module<Meetups>,
  };
}

}  // namespace commsim::models
