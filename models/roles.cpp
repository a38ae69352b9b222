#include "models/roles.hpp"

#include <algorithm>
#include <cmath>

#include "models/ad_share.hpp"
#include "models/member_fields.hpp"

#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kRoleDraw{500};
constexpr Purpose kKolLeaveDraw{501};
constexpr Purpose kBanDraw{502};

// What a group's traffic was like yesterday (bits of Roles::traffic_).
constexpr std::uint8_t kAdRidden = 1;  // ad share above the KOLs' tolerance
constexpr std::uint8_t kHadAds = 2;    // some spammer posted ads: the operator can see them

struct RolesSettings {
  double kol_share;
  double creator_share;
  double spammer_share;
  int volunteer_admins_per_group;
  double admin_burnout_days;
  double admin_structure;
  double admin_presence_cap;
  double kol_leave_ad_share;
  double kol_leave_probability;
  double spammer_engagement;
  bool moderation;
  double detection_probability;
};

const SettingsBinding<RolesSettings>& roles_keys() {
  static const auto keys =
      SettingsBinding<RolesSettings>("roles")
          .real(&RolesSettings::kol_share, "kol_share", 0.01, 0.0, 1.0, "fraction",
                "Share of joiners who are KOLs / experts (post more, their messages weigh more). Shares "
                "are taken in the order KOL, creator, spammer; if they add up to more than 1 the last get "
                "what is left.")
          .real(&RolesSettings::creator_share, "creator_share", 0.05, 0.0, 1.0, "fraction",
                "Share of joiners who are content creators (post when rewarded: the post_boost signal).")
          .real(&RolesSettings::spammer_share, "spammer_share", 0.0, 0.0, 1.0, "fraction",
                "Share of joiners who are spammers / advertisers (post ads).")
          .integer(&RolesSettings::volunteer_admins_per_group, "volunteer_admins_per_group", 0, 0, 100000, "people",
                   "The first this many joiners of each group become its volunteer admins.")
          .real(&RolesSettings::admin_burnout_days, "admin_burnout_days", 60.0, 0.1, 36500.0, "days",
                "Time constant of a volunteer admin's burnout: engagement x exp(-tenure / this). Paid "
                "admins do not burn out.")
          .real(&RolesSettings::admin_structure, "admin_structure", 0.25, 0.0, 1.0, "structure",
                "Structure (rules, steering) one fresh admin gives its group; a group's structure is "
                "capped at 1 by engagement.")
          .real(&RolesSettings::admin_presence_cap, "admin_presence_cap", 2.0, 0.0, 1000.0, "admins",
                "Most admin presence (sum of burnout factors) that still adds structure.")
          .real(&RolesSettings::kol_leave_ad_share, "kol_leave_ad_share", 0.5, 0.0, 1.0, "fraction",
                "A KOL leaves a group whose ad share yesterday (ads / all messages) was above this.")
          .real(&RolesSettings::kol_leave_probability, "kol_leave_probability", 0.05, 0.0, 1.0, "probability/day",
                "Daily chance that a KOL in such a group leaves.")
          .real(&RolesSettings::spammer_engagement, "spammer_engagement", 1.0, 0.0, 1.0, "engagement",
                "A spammer's engagement, whatever the group is like (it comes to advertise).")
          .flag(&RolesSettings::moderation, "moderation", false,
                "The operator watches for ads and bans spammers it catches.")
          .real(&RolesSettings::detection_probability, "detection_probability", 0.2, 0.0, 1.0, "probability/day",
                "With moderation on, daily chance of banning a spammer who visited a group with ads "
                "yesterday.");
  return keys;
}

class Roles final : public Behaviour {
 public:
  Roles(const ParameterSet& p, const ModuleLayout& layout) : Roles(roles_keys().read(p), layout) {}
  Roles(const RolesSettings& s, const ModuleLayout& layout)
      : kol_share_(s.kol_share),
        creator_share_(s.creator_share),
        spammer_share_(s.spammer_share),
        admins_per_group_(std::uint32_t(s.volunteer_admins_per_group)),
        admin_structure_(float(s.admin_structure)),
        presence_cap_(float(s.admin_presence_cap)),
        kol_tolerance_(s.kol_leave_ad_share),
        kol_leave_probability_(s.kol_leave_probability),
        spammer_engagement_(float(s.spammer_engagement)),
        moderation_(s.moderation),
        detection_probability_(s.detection_probability),
        ids_{layout.metric("kols"), layout.metric("admins"), layout.metric("spammers"),
             layout.metric("kol_departures"), layout.metric("banned"),
             layout.metric(metrics::kChurned)},
        messages_(layout.group_counter("messages")),
        kol_messages_(layout.group_counter("kol_messages")),
        ads_(layout.group_counter("ads")),
        structure_(layout.group_signal("structure")),
        role_(layout.column<Role>(fields::kRole)),
        engagement_(layout.column<float>(fields::kEngagement)),
        last_active_day_(layout.column<Day>(fields::kLastActiveDay)) {
    // burnout(tenure) = exp(-tenure / admin_burnout_days), tabulated once.
    const double tau = s.admin_burnout_days;
    burnout_.resize(kMaxDays + 1);
    for (int t = 0; t <= kMaxDays; ++t) burnout_[t] = float(std::exp(-t / tau));
  }

  // Yesterday's traffic per group, and the structure today's admins give.
  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    const std::uint32_t groups = ctx.groups.count();
    traffic_.assign(groups, 0);
    for (std::uint32_t g = 0; g < groups; ++g) {
      const std::int64_t ads = ctx.yesterday.group(ads_, g);
      if (ads == 0) continue;
      traffic_[g] = kHadAds;
      if (*ad_share(ads, ctx.yesterday.group(messages_, g), ctx.yesterday.group(kol_messages_, g)) >
          kol_tolerance_)
        traffic_[g] |= kAdRidden;
    }
    presence_.assign(groups, 0.0f);
    for (const Admin& a : admins_)
      if (a.group < groups) presence_[a.group] += burnout_[ctx.day - a.since];
    for (std::uint32_t g = 0; g < groups; ++g)
      if (presence_[g] > 0.0f)
        actions.add_signal(structure_, g, admin_structure_ * std::min(presence_[g], presence_cap_));
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    const auto role = pop.column(role_);
    const auto engagement = pop.column(engagement_);
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i])) continue;
      switch (role[i]) {
        case Role::VolunteerAdmin:
          // Volunteers burn out and drift into activity for its own sake.
          engagement[i] *= burnout_[ctx.day - pop.join_day[i]];
          tally.add(ids_.admins);
          break;
        case Role::PaidAdmin:  // paid admins do not burn out
          tally.add(ids_.admins);
          break;
        case Role::Kol:
          kol(ctx, pop, i, tally);
          break;
        case Role::Spammer:
          spammer(ctx, pop, i, tally);
          break;
        default:
          break;
      }
    }
  }

  // The first joiners of each group become its volunteer admins; everyone
  // else draws a role.
  void on_join(const DayContext& ctx, Population& pop, std::span<const std::uint32_t> joined,
               DayTally&) override {
    appointed_.resize(ctx.groups.count(), 0);
    const auto role = pop.column(role_);
    for (const std::uint32_t person : joined) {
      if (role[person] != Role::Ordinary) continue;  // set by someone else
      const std::uint32_t g = pop.group[person];
      if (appointed_[g] < admins_per_group_) {
        ++appointed_[g];
        role[person] = Role::VolunteerAdmin;
        admins_.push_back({person, g, ctx.day});
        continue;
      }
      RandomStream stream(ctx.key, person, kRoleDraw);
      const double u = stream.uniform();
      if (u < kol_share_) role[person] = Role::Kol;
      else if (u < kol_share_ + creator_share_) role[person] = Role::Creator;
      else if (u < kol_share_ + creator_share_ + spammer_share_) role[person] = Role::Spammer;
    }
  }

  // Keeps the admin list to members who still are volunteer admins, and
  // where they are now.
  void end_day(const DayContext&, const Population& pop, DayTally&, DayMetrics&) override {
    const auto role = pop.column(role_);
    std::erase_if(admins_, [&](const Admin& a) {
      return !is_member(pop.state[a.person]) || role[a.person] != Role::VolunteerAdmin;
    });
    for (Admin& a : admins_) a.group = pop.group[a.person];
  }

 private:
  std::uint8_t traffic(std::uint32_t g) const { return g < traffic_.size() ? traffic_[g] : 0; }

  // KOLs leave a group whose chat is low-value.
  void kol(const DayContext& ctx, Population& pop, std::uint32_t i, DayTally& tally) const {
    if (traffic(pop.group[i]) & kAdRidden) {
      RandomStream stream(ctx.key, i, kKolLeaveDraw);
      if (stream.bernoulli(kol_leave_probability_)) {
        pop.state[i] = MemberState::Churned;
        tally.add(ids_.kol_departures);
        tally.add(ids_.churned);
        return;
      }
    }
    tally.add(ids_.kols);
  }

  // A spammer is there to advertise: the group's value does not move it.
  // With moderation on, one seen in a group with ads yesterday is banned
  // with the detection probability.
  void spammer(const DayContext& ctx, Population& pop, std::uint32_t i, DayTally& tally) const {
    pop.column(engagement_)[i] = spammer_engagement_;
    if (moderation_ && int(pop.column(last_active_day_)[i]) + 1 == int(ctx.day) &&
        (traffic(pop.group[i]) & kHadAds)) {
      RandomStream stream(ctx.key, i, kBanDraw);
      if (stream.bernoulli(detection_probability_)) {
        pop.state[i] = MemberState::Pruned;
        tally.add(ids_.banned);
        return;
      }
    }
    tally.add(ids_.spammers);
  }

  struct Admin {
    std::uint32_t person;
    std::uint32_t group;
    Day since;  // the day it became admin (its join day)
  };
  struct Ids {
    MetricId kols, admins, spammers, kol_departures, banned, churned;
  };
  double kol_share_, creator_share_, spammer_share_;
  std::uint32_t admins_per_group_;
  float admin_structure_, presence_cap_;
  double kol_tolerance_, kol_leave_probability_;
  float spammer_engagement_;
  bool moderation_;
  double detection_probability_;
  Ids ids_;
  GroupCounterId messages_, kol_messages_, ads_;
  SignalId structure_;
  Column<Role> role_;
  Column<float> engagement_;
  Column<Day> last_active_day_;
  std::vector<float> burnout_;             // by tenure in days
  std::vector<Admin> admins_;              // volunteer admins still serving
  std::vector<std::uint32_t> appointed_;   // by group: volunteer admins ever appointed
  std::vector<float> presence_;            // by group: today's admin presence
  std::vector<std::uint8_t> traffic_;      // by group: yesterday's traffic bits
};

}  // namespace

ModuleDefinition roles_module() {
  return {
      .name = "roles",
      .help = "Members with distinct behaviour. At join a member becomes a KOL, a content "
              "creator or a spammer with the given shares (the first volunteer_admins_per_group "
              "joiners of each group become its volunteer admins instead). A volunteer admin's "
              "engagement is multiplied by exp(-tenure / admin_burnout_days); each group gets "
              "structure += admin_structure x min(sum of its admins' burnout factors, "
              "admin_presence_cap). A KOL in a group whose ad share yesterday exceeded "
              "kol_leave_ad_share leaves with kol_leave_probability a day. Spammers keep a fixed "
              "engagement; with moderation on, a spammer who visited a group with ads yesterday is "
              "banned with detection_probability.",
      .declare_parameters = [](ParamRegistry& p) { roles_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("kols", MetricKind::Level, "people", "KOL members (after the day's departures).");
            layout.metric("admins", MetricKind::Level, "people",
                          "Volunteer and paid admins among the members.", Better::Neither);
            layout.metric("spammers", MetricKind::Level, "people",
                          "Spammer members (after the day's bans).", Better::Lower);
            layout.metric("kol_departures", MetricKind::Flow, "people d-1",
                          "KOLs who left an ad-ridden group that day (also counted in churned).",
                          Better::Lower);
            layout.metric("banned", MetricKind::Flow, "people d-1",
                          "Spammers banned by the operator's moderation that day.", Better::Neither);
            layout.purpose(kRoleDraw, "roles.assign");
            layout.purpose(kKolLeaveDraw, "roles.kol_leave");
            layout.purpose(kBanDraw, "roles.ban");
            layout.column(fields::kRole, Role::Ordinary,
                          "0 ordinary, 1 KOL, 2 creator, 3 volunteer admin, 4 paid admin, 5 spammer.");
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0");
            layout.writes(Item::Column, fields::kEngagement);
            layout.reads(Item::Column, fields::kLastActiveDay, When::Yesterday,
                         "never visited: no spammer is caught");
            layout.writes(Item::Metric, metrics::kChurned);
            layout.writes(Item::Signal, "structure");
            for (const char* counter : {"messages", "kol_messages", "ads"})
              layout.reads(Item::GroupCounter, counter, When::Yesterday, "0: no ads, no KOL leaves");
          },
      .create = make_module<Roles>,
  };
}

double admin_structure(const ParameterSet& params) { return roles_keys().read(params).admin_structure; }

}  // namespace commsim::models
