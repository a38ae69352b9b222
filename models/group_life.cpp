#include "models/group_life.hpp"

#include "sim/settings_binding.hpp"

#include "models/ad_share.hpp"

namespace commsim::models {
namespace {

struct GroupLifeSettings {
  double dead_chat_level;
  int dead_after_days;
  double memory_days;
};

const SettingsBinding<GroupLifeSettings>& group_life_keys() {
  static const auto keys =
      SettingsBinding<GroupLifeSettings>("group_life")
          .real(&GroupLifeSettings::dead_chat_level, "dead_chat_level", 0.02, 0.0, 100.0, "messages/member/day",
                "Genuine chat below which a group is quiet.")
          .integer(&GroupLifeSettings::dead_after_days, "dead_after_days", 7, 1, 3650, "days",
                   "Consecutive quiet days after which a group counts as dead.")
          .real(&GroupLifeSettings::memory_days, "memory_days", 7.0, 1.0, 365.0, "days",
                "Time constant of the moving average of chat.");
  return keys;
}

class GroupLife final : public Behaviour {
 public:
  GroupLife(const ParameterSet& p, const ModuleLayout& layout) : GroupLife(group_life_keys().read(p), layout) {}
  GroupLife(const GroupLifeSettings& s, const ModuleLayout& layout)
      : threshold_(s.dead_chat_level),
        dead_after_(s.dead_after_days),
        memory_(1.0 / s.memory_days),
        messages_(layout.group_counter("messages")),
        kol_messages_(layout.group_counter("kol_messages")),
        ads_(layout.group_counter("ads")),
        groups_dead_(layout.metric("groups_dead")),
        groups_alive_(layout.metric("groups_alive")),
        ad_share_(layout.metric("ad_share")) {}

  void end_day(const DayContext& ctx, const Population&, DayTally& today, DayMetrics& m) override {
    const std::uint32_t groups = ctx.groups.count();
    chat_.resize(groups, -1.0);  // -1: no history yet
    quiet_days_.resize(groups, 0);
    std::int64_t dead = 0, alive = 0, genuine_total = 0, ads_total = 0;
    for (std::uint32_t g = 0; g < groups; ++g) {
      const std::uint32_t size = ctx.groups.size[g];
      const std::int64_t genuine =
          today.group(messages_, g) + today.group(kol_messages_, g);
      genuine_total += genuine;
      ads_total += today.group(ads_, g);
      const double per_member = size ? double(genuine) / size : 0.0;
      chat_[g] = chat_[g] < 0 ? per_member : chat_[g] + memory_ * (per_member - chat_[g]);
      quiet_days_[g] = chat_[g] < threshold_ ? quiet_days_[g] + 1 : 0;
      if (size == 0) continue;  // emptied groups are neither
      if (quiet_days_[g] >= dead_after_) ++dead;
      else ++alive;
    }
    m.set(groups_dead_, double(dead));
    m.set(groups_alive_, double(alive));
    m.set(ad_share_, ad_share(ads_total, genuine_total, 0).value_or(0.0));  // genuine: KOLs included
  }

 private:
  double threshold_;
  int dead_after_;
  double memory_;
  GroupCounterId messages_, kol_messages_, ads_;
  MetricId groups_dead_, groups_alive_, ad_share_;
  std::vector<double> chat_;     // by group: recent genuine messages per member
  std::vector<int> quiet_days_;  // by group: consecutive days below the threshold
};

}  // namespace

ModuleDefinition group_life_module() {
  return {
      .name = "group_life",
      .help = "A group with members is dead once its recent genuine chat (messages per member "
              "per day, moving average) has stayed below dead_chat_level for dead_after_days "
              "days; it comes back to life if chat returns.",
      .declare_parameters = [](ParamRegistry& p) { group_life_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("groups_dead", MetricKind::Level, "groups",
                          "Groups with members whose genuine chat has died out.", Better::Lower);
            layout.metric("groups_alive", MetricKind::Level, "groups",
                          "Groups with members that are not dead.");
            layout.metric("ad_share", MetricKind::Ratio, "1",
                          "Ads / (ads + genuine messages) that day, over all groups.", Better::Lower);
            for (const char* counter : {"messages", "kol_messages", "ads"})
              layout.reads(Item::GroupCounter, counter, When::Today, "0: every group falls silent");
          },
      .create = make_module<GroupLife>,
  };
}

}  // namespace commsim::models
