#include "models/entry_threshold.hpp"

#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr const char* kSection = "entry";

struct EntrySettings {
  double fee, selectivity, fee_scale, selectivity_rejection, fee_attachment, selectivity_interest_shift,
      fee_interest_shift;
};

const SettingsBinding<EntrySettings>& entry_keys() {
  static const auto keys =
      SettingsBinding<EntrySettings>(kSection)
          .real(&EntrySettings::fee, "fee", 0.0, 0.0, 1e6, "yuan",
                "Paid by each joiner at join (booked as revenue); 0: free group.")
          .real(&EntrySettings::selectivity, "selectivity", 0.0, 0.0, 1.0, "fraction",
                "Strictness of invite codes and entry conditions; 0: anyone may join.")
          .real(&EntrySettings::fee_scale, "fee_scale", 100.0, 0.01, 1e6, "yuan",
                "Fee at which 1/e of would-be joiners still join and payers get half of "
                "fee_attachment.")
          .real(&EntrySettings::selectivity_rejection, "selectivity_rejection", 0.8, 0.0, 1.0, "fraction",
                "Share of would-be joiners turned away at full selectivity.")
          .real(&EntrySettings::fee_attachment, "fee_attachment", 0.5, 0.0, 1.0, "attachment",
                "Attachment a payer gains as the fee grows large (paying makes members actually read).")
          .real(&EntrySettings::selectivity_interest_shift, "selectivity_interest_shift", 2.0, 0.0, 100.0, "",
                "k from full selectivity: who passes the conditions matches the theme better.")
          .real(&EntrySettings::fee_interest_shift, "fee_interest_shift", 1.5, 0.0, 100.0, "",
                "k from a large fee: who pays matches the theme better.");
  return keys;
}

}  // namespace

void declare_entry_threshold(ParamRegistry& p) {
  p.section(kSection,
            "The entry threshold (switched with onboarding.enabled): an entry fee and a "
            "selectivity (invite codes, conditions). Would-be joiners pass with probability "
            "(1 - selectivity x selectivity_rejection) x exp(-fee / fee_scale); those who pass "
            "have interest' = 1 - (1 - interest)^(1 + k), k = selectivity_interest_shift x "
            "selectivity + fee_interest_shift x fee / (fee + fee_scale), and payers gain "
            "fee_attachment x fee / (fee + fee_scale) attachment. Seed members are exempt.");
  entry_keys().declare(p);
}

EntryThreshold::EntryThreshold(const ParameterSet& p) {
  if (!p.registry().has_section(kSection) || !p.flag("onboarding.enabled")) return;
  const EntrySettings s = entry_keys().read(p);
  fee_ = s.fee;
  selectivity_ = s.selectivity;
  fee_scale_ = s.fee_scale;
  rejection_ = s.selectivity_rejection;
  fee_attachment_ = s.fee_attachment;
  interest_shift_ = s.selectivity_interest_shift * selectivity_ + s.fee_interest_shift * fee_share();
}

}  // namespace commsim::models
