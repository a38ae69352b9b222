#include "models/onboarding.hpp"

#include <algorithm>

#include "models/entry_threshold.hpp"
#include "models/ledger.hpp"
#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct OnboardingSettings {
  bool welcome;
  double welcome_attachment;
  bool rules;
  double rules_structure;
};

const SettingsBinding<OnboardingSettings>& onboarding_keys() {
  static const auto keys =
      SettingsBinding<OnboardingSettings>("onboarding")
          .flag(&OnboardingSettings::welcome, "welcome", false, "Welcome every joiner with the ritual.")
          .real(&OnboardingSettings::welcome_attachment, "welcome_attachment", 0.3, 0.0, 1.0, "attachment",
                "Attachment the welcome ritual gives a joiner.")
          .flag(&OnboardingSettings::rules, "rules", false, "Announce and keep group rules.")
          .real(&OnboardingSettings::rules_structure, "rules_structure", 0.5, 0.0, 1.0, "structure",
                "Structure the rules add to every group each day.");
  return keys;
}

class Onboarding final : public Behaviour {
 public:
  Onboarding(const ParameterSet& p, const ModuleLayout& layout)
      : Onboarding(onboarding_keys().read(p), EntryThreshold(p), layout) {}
  Onboarding(const OnboardingSettings& s, const EntryThreshold& entry, const ModuleLayout& layout)
      : entry_(entry),
        welcome_(s.welcome),
        welcome_attachment_(float(s.welcome_attachment)),
        rules_(s.rules),
        rules_structure_(float(s.rules_structure)),
        fee_fen_(to_fen(entry_.fee())),
        revenue_(layout.metric(metrics::kRevenue)),
        structure_(layout.group_signal("structure")),
        attachment_(layout.column<float>(fields::kAttachment)),
        interest_(layout.column<float>(fields::kInterest)) {}

  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    started_ = true;
    if (!rules_) return;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g)
      actions.add_signal(structure_, g, rules_structure_);
  }

  // Seed members (joined before the first day runs) are the operator's
  // founders: welcomed, but they neither pay nor pass a filter.
  void on_join(const DayContext&, Population& pop, std::span<const std::uint32_t> joined,
               DayTally& tally) override {
    const bool through_entry = started_ && entry_.active();
    const float paid = entry_.paid_attachment();
    const auto attachment = pop.column(attachment_);
    const auto interest = pop.column(interest_);
    for (const std::uint32_t i : joined) {
      if (welcome_) attachment[i] = std::min(1.0f, attachment[i] + welcome_attachment_);
      if (!through_entry) continue;
      interest[i] = entry_.filtered_interest(interest[i]);
      attachment[i] = std::min(1.0f, attachment[i] + paid);
    }
    if (through_entry) tally.add(revenue_, fee_fen_ * std::int64_t(joined.size()));
  }

 private:
  EntryThreshold entry_;
  bool welcome_;
  float welcome_attachment_;
  bool rules_;
  float rules_structure_;
  std::int64_t fee_fen_;
  MetricId revenue_;
  SignalId structure_;
  Column<float> attachment_, interest_;
  bool started_ = false;  // false while the seed members join
};

}  // namespace

ModuleDefinition onboarding_module() {
  return {
      .name = "onboarding",
      .help = "Join-time levers. The welcome ritual adds welcome_attachment to every joiner's "
              "attachment (a new member's picture of the group forms within 24 hours); rules add "
              "rules_structure to every group's structure each day (groups above about 50 "
              "members need rules). The entry threshold is in section `entry`.",
      .declare_parameters =
          [](ParamRegistry& p) {
            onboarding_keys().declare(p);
            declare_entry_threshold(p);
          },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.column(fields::kAttachment, 0.0f,
                          "Tie strength to the group, 0..1 (welcome, fees, habit, purchases, meetups).");
            layout.writes(Item::Column, fields::kInterest);
            layout.writes(Item::Metric, metrics::kRevenue);
            layout.writes(Item::Signal, "structure");
          },
      .create = make_module<Onboarding>,
  };
}

}  // namespace commsim::models
