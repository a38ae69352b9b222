#include "models/incentives.hpp"

#include "models/incentives/awards.hpp"
#include "models/incentives/budget.hpp"
#include "models/incentives/checkins.hpp"
#include "models/incentives/lottery.hpp"
#include "models/incentives/paid_admins.hpp"
#include "models/incentives/red_packets.hpp"
#include "models/member_fields.hpp"

namespace commsim::models {
namespace {

// The module shell: the shared budget, the group signals the levers feed,
// and the day's cost; each lever (models/incentives/) decides its own days
// and amounts.
class Incentives final : public Behaviour {
 public:
  Incentives(const ParameterSet& p, const ModuleLayout& layout)
      : budget_(p),
        red_packets_(p),
        checkins_(p, layout),
        lottery_(p),
        awards_(p),
        paid_admins_(p, layout),
        spike_(layout.group_signal("attention_spike")),
        post_boost_(layout.group_signal("post_boost")),
        structure_(layout.group_signal("structure")),
        incentive_cost_(layout.metric("incentive_cost")),
        cost_(layout.metric(metrics::kCost)) {}

  // Today's spikes, award boosts and paid admins' structure; the money for
  // packets and lottery prizes is booked in end_day.
  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    const int d = ctx.day;
    funded_today_ = budget_.funded();
    checkins_.begin_day(d, funded_today_);
    lottery_.begin_day(d, funded_today_);
    red_packets_.begin_day(d, funded_today_);
    pending_fen_ = 0;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
      if (ctx.groups.size[g] == 0) continue;
      // One sum per group, in this order, so the signal is the same float.
      float spike = checkins_.spike();
      red_packets_.add(ctx.groups.segment[g], spike, pending_fen_);
      lottery_.add(spike, pending_fen_);
      if (spike > 0.0f) actions.add_signal(spike_, g, spike);
      if (const float boost = awards_.post_boost(g, d, funded_today_); boost > 0.0f)
        actions.add_signal(post_boost_, g, boost);
      if (paid_admins_.serves(g)) actions.add_signal(structure_, g, paid_admins_.structure());
    }
  }

  // Counts check-ins (members who visited today) and lets each member take
  // or give up this week's paid admin role.
  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    checkins_.count(ctx, pop, chunk, tally);
    paid_admins_.update_members(pop, chunk);
  }

  void end_day(const DayContext& ctx, const Population& pop, DayTally& today, DayMetrics&) override {
    std::int64_t fen = pending_fen_ + checkins_.cost(today);
    fen += awards_.end_day(ctx, funded_today_);
    fen += paid_admins_.end_day(ctx, pop, funded_today_);
    budget_.spend(fen);
    today.add(cost_, fen);
    today.add(incentive_cost_, fen);
  }

 private:
  IncentiveBudget budget_;
  RedPackets red_packets_;
  CheckIns checkins_;
  Lottery lottery_;
  Awards awards_;
  PaidAdmins paid_admins_;
  SignalId spike_, post_boost_, structure_;
  MetricId incentive_cost_, cost_;

  bool funded_today_ = true;
  std::int64_t pending_fen_ = 0;  // booked in begin_day, added to cost in end_day
};

}  // namespace

ModuleDefinition incentives_module() {
  return {
      .name = "incentives",
      .help = "The operator's incentives, each off by default, each booking its cost. Red packets "
              "and lotteries: attention_spike += red_packet_spike x money / (money + "
              "red_packet_scale) (money = amount x packets per group) or lottery_spike, that day "
              "only. Check-in points: attention_spike += checkin_boost, cost checkin_points_yuan "
              "per visit. Weekly awards (Sundays, day % 7 == 6): prize = award_fund_per_member x "
              "members / 52 per group, and creators get post_boost = award_post_boost x prize / "
              "(prize + award_scale) for the following week. Paid rotating admins: each week one "
              "member per group (the most recent poster who has not served) is paid "
              "admin_pay_per_week and gives structure roles.admin_structure without burning out.",
      .declare_parameters =
          [](ParamRegistry& p) {
            IncentiveBudget::declare(p);
            RedPackets::declare(p);
            CheckIns::declare(p);
            Lottery::declare(p);
            Awards::declare(p);
            PaidAdmins::declare(p);
          },
      .declare_layout =
          [](ModelLayout& layout) {
            CheckIns::declare_layout(layout);
            layout.money("incentive_cost",
                         "The part of cost spent on incentives (packets, points, prizes, awards, "
                         "paid admins).", Better::Lower);
            layout.group_signal("attention_spike");
            layout.group_signal("post_boost");
            layout.writes(Item::Metric, metrics::kCost);
            PaidAdmins::declare_layout(layout);
          },
      .create = make_module<Incentives>,
  };
}

}  // namespace commsim::models
