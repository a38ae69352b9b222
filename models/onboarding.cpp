#include "models/onboarding.hpp"

#include <algorithm>

#include "models/entry_threshold.hpp"
#include "models/ledger.hpp"
#include "models/member_fields.hpp"

namespace commsim::models {
namespace {

class Onboarding final : public Behaviour {
 public:
  Onboarding(const ParameterSet& p, const ModuleLayout& layout)
      : entry_(p),
        welcome_(p.flag("onboarding.welcome")),
        welcome_attachment_(float(p.real("onboarding.welcome_attachment"))),
        rules_(p.flag("onboarding.rules")),
        rules_structure_(float(p.real("onboarding.rules_structure"))),
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

void declare_entry(ParamRegistry& p) {
  p.section("entry",
            "The entry threshold (switched with onboarding.enabled): an entry fee and a "
            "selectivity (invite codes, conditions). Would-be joiners pass with probability "
            "(1 - selectivity x selectivity_rejection) x exp(-fee / fee_scale); those who pass "
            "have interest' = 1 - (1 - interest)^(1 + k), k = selectivity_interest_shift x "
            "selectivity + fee_interest_shift x fee / (fee + fee_scale), and payers gain "
            "fee_attachment x fee / (fee + fee_scale) attachment. Seed members are exempt.");
  p.real("entry.fee", 0.0, 0.0, 1e6, "yuan",
         "Paid by each joiner at join (booked as revenue); 0: free group.");
  p.real("entry.selectivity", 0.0, 0.0, 1.0, "fraction",
         "Strictness of invite codes and entry conditions; 0: anyone may join.");
  p.real("entry.fee_scale", 100.0, 0.01, 1e6, "yuan",
         "Fee at which 1/e of would-be joiners still join and payers get half of "
         "fee_attachment.");
  p.real("entry.selectivity_rejection", 0.8, 0.0, 1.0, "fraction",
         "Share of would-be joiners turned away at full selectivity.");
  p.real("entry.fee_attachment", 0.5, 0.0, 1.0, "attachment",
         "Attachment a payer gains as the fee grows large (paying makes members actually read).");
  p.real("entry.selectivity_interest_shift", 2.0, 0.0, 100.0, "",
         "k from full selectivity: who passes the conditions matches the theme better.");
  p.real("entry.fee_interest_shift", 1.5, 0.0, 100.0, "",
         "k from a large fee: who pays matches the theme better.");
}

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
            p.flag("onboarding.welcome", false, "Welcome every joiner with the ritual.");
            p.real("onboarding.welcome_attachment", 0.3, 0.0, 1.0, "attachment",
                   "Attachment the welcome ritual gives a joiner.");
            p.flag("onboarding.rules", false, "Announce and keep group rules.");
            p.real("onboarding.rules_structure", 0.5, 0.0, 1.0, "structure",
                   "Structure the rules add to every group each day.");
            declare_entry(p);
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
