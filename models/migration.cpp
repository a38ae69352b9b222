#include "models/migration.hpp"

#include "models/cadence.hpp"
#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"
#include "sim/thread_buffers.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kFollowDraw{850};

struct MigrationSettings {
  Cadence checks;
  int min_group_age_days;
  double lukewarm_talk_share;
  float min_engagement;
  double follow_probability;
};

const SettingsBinding<MigrationSettings>& migration_keys() {
  static const auto keys =
      SettingsBinding<MigrationSettings>("migration")
          .custom(cadence_keys(&MigrationSettings::checks,
                               {.prefix = "check_", .what = "the migration checks",
                                .every = CadenceKeys::Every::Key,
                                .every_help = "Interval between the operator's checks; 0 never migrates.",
                                .every_max = 3650, .window = false}))
          .integer(&MigrationSettings::min_group_age_days, "min_group_age_days", 30, 0, 3650, "days",
                   "Only groups at least this old are migrated.")
          .real(&MigrationSettings::lukewarm_talk_share, "lukewarm_talk_share", 0.02, 0.0, 1.0, "fraction",
                "A group where fewer than this share of members posted yesterday is lukewarm.")
          .real(&MigrationSettings::min_engagement, "min_engagement", 0.2, 0.0, 1.0, "engagement",
                "Members at least this engaged follow to the new group.")
          .real(&MigrationSettings::follow_probability, "follow_probability", 0.8, 0.0, 1.0, "probability",
                "Chance that an engaged member follows the announcement.");
  return keys;
}

class Migration final : public Behaviour {
 public:
  Migration(const ParameterSet& p, const ModuleLayout& layout) : Migration(migration_keys().read(p), layout) {}
  Migration(const MigrationSettings& s, const ModuleLayout& layout)
      : checks_(checks_from_day_n(s.checks)),
        min_age_(s.min_group_age_days),
        lukewarm_(s.lukewarm_talk_share),
        min_engagement_(s.min_engagement),
        follow_(s.follow_probability),
        posters_(layout.group_counter("posters")),
        migrated_(layout.metric("migrated")),
        migrations_(layout.metric("migrations")),
        engagement_(layout.column<float>(fields::kEngagement)) {}

  // On check days, each lukewarm group old enough gets a fresh successor.
  void begin_day(const DayContext& ctx, OperatorActions& ops) override {
    successor_.assign(ctx.groups.count(), kNoGroup);
    opened_today_ = 0;
    if (!checks_.on(ctx.day)) return;
    const std::uint32_t groups = ctx.groups.count();
    for (std::uint32_t g = 0; g < groups; ++g) {
      const std::uint32_t size = ctx.groups.size[g];
      if (size == 0 || ctx.day - ctx.groups.created_day[g] < min_age_) continue;
      const double talk = double(ctx.yesterday.group(posters_, g)) / size;
      if (talk >= lukewarm_) continue;
      successor_[g] = ops.open_group(ctx.groups.segment[g], ctx.groups.city[g]);
      if (g == ops.intake_group()) ops.set_intake_group(successor_[g]);
      ++opened_today_;
    }
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally&) override {
    if (opened_today_ == 0) return;
    std::vector<std::uint32_t>& followers = followers_.local();
    const auto engagement = pop.column(engagement_);
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i])) continue;
      const std::uint32_t g = pop.group[i];
      if (g >= successor_.size() || successor_[g] == kNoGroup) continue;
      if (engagement[i] < min_engagement_) continue;
      RandomStream stream(ctx.key, i, kFollowDraw);
      if (stream.bernoulli(follow_)) followers.push_back(i);
    }
  }

  void plan_joins(const DayContext&, const Population& pop, JoinPlan& joins) override {
    if (opened_today_ == 0) return;
    followers_.gather_sorted(gathered_);
    for (std::uint32_t person : gathered_) joins.move(person, successor_[pop.group[person]]);
  }

  void end_day(const DayContext&, const Population&, DayTally&, DayMetrics& m) override {
    m.set(migrated_, double(opened_today_ ? gathered_.size() : 0));
    m.set(migrations_, double(opened_today_));
  }

 private:
  // Checks on days N, 2N, 3N, ... (N = check_every_days), counted from day 0,
  // which is never one: it has no yesterday to judge a group's talk by.
  static Cadence checks_from_day_n(Cadence c) {
    c.window.start = c.every_days;
    return c;
  }

  Cadence checks_;
  int min_age_;
  double lukewarm_;
  float min_engagement_;
  double follow_;
  GroupCounterId posters_;
  MetricId migrated_, migrations_;
  Column<float> engagement_;
  std::vector<std::uint32_t> successor_;  // by group: today's new group, or kNoGroup
  std::uint32_t opened_today_ = 0;
  ThreadBuffers<std::uint32_t> followers_;
  std::vector<std::uint32_t> gathered_;
};

}  // namespace

ModuleDefinition migration_module() {
  return {
      .name = "migration",
      .help = "Every check_every_days days, each group at least min_group_age_days old whose "
              "share of members posting yesterday is below lukewarm_talk_share gets a fresh "
              "successor group; members with engagement >= min_engagement follow with "
              "follow_probability, the rest stay behind. Off while check_every_days is 0.",
      .declare_parameters = [](ParamRegistry& p) { migration_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("migrated", MetricKind::Flow, "people d-1",
                          "Members who moved to a successor group that day.", Better::Neither);
            layout.metric("migrations", MetricKind::Flow, "groups d-1",
                          "Successor groups opened for lukewarm groups that day.", Better::Neither);
            layout.purpose(kFollowDraw, "migration.follow");
            layout.reads(Item::GroupCounter, "posters", When::Yesterday,
                         "0: every old enough group is lukewarm");
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0");
          },
      .create = make_module<Migration>,
  };
}

}  // namespace commsim::models
