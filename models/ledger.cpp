#include "models/ledger.hpp"

namespace commsim::models {
namespace {

class Ledger final : public Behaviour {
 public:
  Ledger(const ParameterSet& p, const ModelLayout& layout)
      : staff_cost_fen_(to_fen(p.real("ledger.staff_cost_per_group"))),
        fixed_cost_fen_(to_fen(p.real("ledger.fixed_cost"))),
        revenue_(layout.metric_id("revenue")),
        cost_(layout.metric_id("cost")),
        profit_(layout.metric_id("profit")) {}

  // Runs last: every other module has added its fen by now.
  void end_day(const DayContext& ctx, const Population&, const DayTally&, DayMetrics& m) override {
    std::int64_t staffed = 0;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) staffed += ctx.groups.size[g] > 0;
    const double cost_fen = m.get(cost_) + double(staffed * staff_cost_fen_ + fixed_cost_fen_);
    m.set(revenue_, m.get(revenue_) / 100.0);
    m.set(cost_, cost_fen / 100.0);
    m.set(profit_, m.get(revenue_) - m.get(cost_));
  }

 private:
  std::int64_t staff_cost_fen_, fixed_cost_fen_;
  MetricId revenue_, cost_, profit_;
};

}  // namespace

ModuleDefinition ledger_module() {
  return {
      .name = "ledger",
      .help = "Revenue, cost and profit in yuan per day. Modules book their money (fees, sales, "
              "incentives, rewards, paid admins) here; the ledger adds staff costs.",
      .declare_parameters =
          [](ParamRegistry& p) {
            p.real("ledger.staff_cost_per_group", 0.0, 0.0, 1e6, "yuan/day",
                   "Operator staff cost of each group with members (an owner's time is spread "
                   "thin over many groups).");
            p.real("ledger.fixed_cost", 0.0, 0.0, 1e9, "yuan/day", "Other fixed operating cost.");
          },
      .declare_outputs =
          [](ModelLayout& layout) {
            layout.metric("revenue", MetricKind::Flow, "yuan d-1",
                          "Money received that day (fees, bait classes, products, renewals) net "
                          "of refunds.");
            layout.metric("cost", MetricKind::Flow, "yuan d-1",
                          "Money spent that day (incentives, rewards, admins, staff).", Better::Lower);
            layout.metric("profit", MetricKind::Flow, "yuan d-1", "Revenue minus cost that day.");
          },
      .create = [](const ParameterSet& p, const ModelLayout& layout) -> std::unique_ptr<Behaviour> {
        return std::make_unique<Ledger>(p, layout);
      },
  };
}

}  // namespace commsim::models
