#include "models/ledger.hpp"

#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct LedgerSettings {
  double staff_cost_per_group, fixed_cost;
};

const SettingsBinding<LedgerSettings>& ledger_keys() {
  static const auto keys =
      SettingsBinding<LedgerSettings>("ledger")
          .real(&LedgerSettings::staff_cost_per_group, "staff_cost_per_group", 0.0, 0.0, 1e6, "yuan/day",
                "Operator staff cost of each group with members (an owner's time is spread thin over "
                "many groups).")
          .real(&LedgerSettings::fixed_cost, "fixed_cost", 0.0, 0.0, 1e9, "yuan/day", "Other fixed operating cost.");
  return keys;
}

class Ledger final : public Behaviour {
 public:
  Ledger(const ParameterSet& p, const ModuleLayout& layout) : Ledger(ledger_keys().read(p), layout) {}
  Ledger(const LedgerSettings& s, const ModuleLayout& layout)
      : staff_cost_fen_(to_fen(s.staff_cost_per_group)),
        fixed_cost_fen_(to_fen(s.fixed_cost)),
        cost_(layout.metric(metrics::kCost)) {}

  // The operator's own costs; the engine writes revenue, cost and profit in
  // yuan from every module's fen.
  void end_day(const DayContext& ctx, const Population&, DayTally& today, DayMetrics&) override {
    std::int64_t staffed = 0;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) staffed += ctx.groups.size[g] > 0;
    today.add(cost_, staffed * staff_cost_fen_ + fixed_cost_fen_);
  }

 private:
  std::int64_t staff_cost_fen_, fixed_cost_fen_;
  MetricId cost_;
};

}  // namespace

ModuleDefinition ledger_module() {
  return {
      .name = "ledger",
      .help = "Revenue, cost and profit in yuan per day. Modules book their money (fees, sales, "
              "incentives, rewards, paid admins) in integer fen; the engine writes yuan whichever "
              "modules are on, and the ledger adds the operator's staff and fixed costs.",
      .declare_parameters = [](ParamRegistry& p) { ledger_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.money(metrics::kRevenue,
                         "Money received that day (fees, bait classes, products, renewals) net of "
                         "refunds.");
            layout.money(metrics::kCost, "Money spent that day (incentives, rewards, admins, staff).",
                         Better::Lower);
            layout.difference("profit", "yuan d-1", "Revenue minus cost that day.", metrics::kRevenue,
                              metrics::kCost);
          },
      .create = make_module<Ledger>,
  };
}

}  // namespace commsim::models
