#include "models/incentives/paid_admins.hpp"

#include "models/ledger.hpp"
#include "models/member_fields.hpp"
#include "models/roles.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

struct PaidAdminSettings {
  bool paid_admins;
  Cadence weeks;
  double admin_pay_per_week;
};

namespace {

const SettingsBinding<PaidAdminSettings>& paid_admin_keys() {
  using S = PaidAdminSettings;
  static const auto keys =
      SettingsBinding<S>("incentives")
          .flag(&S::paid_admins, "paid_admins", false, "Paid rotating admins: one member per group each week.")
          .custom(cadence_keys(&S::weeks,
                               {.prefix = "paid_admins_", .what = "the paid rotating admins", .fixed = Cadence::every(7)},
                               &S::paid_admins))
          .real(&S::admin_pay_per_week, "admin_pay_per_week", 1150.0, 0.0, 1e9, "yuan/group/week",
                "Pay of a group's admin for a week (the texts: 10 yuan a month from 500 "
                "members, 60,000 yuan a year).");
  return keys;
}

}  // namespace

void PaidAdmins::declare(ParamRegistry& p) { paid_admin_keys().declare(p); }

void PaidAdmins::declare_layout(ModelLayout& layout) {
  layout.writes(Item::Signal, "structure");
  layout.reads(Item::Column, fields::kLastPostDay, When::Today, "nobody posted");
  layout.reads(Item::Column, fields::kEngagement, When::Today, "0");
  layout.reads(Item::Column, fields::kRole, When::Today, "everyone ordinary");
  layout.writes(Item::Column, fields::kRole);
}

PaidAdmins::PaidAdmins(const ParameterSet& p, const ModuleLayout& layout)
    : PaidAdmins(paid_admin_keys().read(p), admin_structure(p), layout) {}

PaidAdmins::PaidAdmins(const PaidAdminSettings& s, double structure, const ModuleLayout& layout)
    : on_(s.paid_admins),
      rotations_(s.weeks),
      pay_fen_(to_fen(s.admin_pay_per_week)),
      structure_(float(structure)),
      rotation_(layout.column<Role>(fields::kRole), layout.column<Day>(fields::kLastPostDay),
                layout.column<float>(fields::kEngagement)) {}

void PaidAdmins::update_members(Population& pop, const MemberChunk& chunk) const {
  if (!on_) return;
  const auto role = pop.column(rotation_.role_column());
  for (const std::uint32_t i : chunk.members) rotation_.apply(pop, role, i);
}

// The admin chosen on a rotation day serves the following week (until
// end_day), so none is chosen on end_day itself.
std::int64_t PaidAdmins::end_day(const DayContext& ctx, const Population& pop, bool funded) {
  if (!on_) return 0;
  const int d = ctx.day;
  if (!funded || !rotations_.window.contains(d) || d == rotations_.window.end) {
    rotation_.stop();
    return 0;
  }
  rotation_.drop_leavers(pop);
  if (!rotations_.on(d)) return 0;
  return pay_fen_ * rotation_.rotate(pop, ctx.groups.count());
}

}  // namespace commsim::models
