#include "models/incentives.hpp"

#include <string>

#include "models/day_window.hpp"
#include "models/ledger.hpp"
#include "models/member_fields.hpp"
#include "models/paid_admins.hpp"
#include "models/red_packets.hpp"

namespace commsim::models {
namespace {

DayWindow window(const ParameterSet& p, const std::string& lever) {
  return read_day_window(p, "incentives." + lever + "_");
}

void declare_window(ParamRegistry& p, const std::string& lever, const std::string& what) {
  declare_day_window(p, "incentives." + lever + "_", what);
}

class Incentives final : public Behaviour {
 public:
  Incentives(const ParameterSet& p, const ModuleLayout& layout)
      : rounds_(read_red_packets(p)),
        packet_spike_(p.real("incentives.red_packet_spike")),
        packet_scale_(p.real("incentives.red_packet_scale")),
        checkin_(p.flag("incentives.checkin")),
        checkin_window_(window(p, "checkin")),
        checkin_fen_(to_fen(p.real("incentives.checkin_points_yuan"))),
        checkin_boost_(float(p.real("incentives.checkin_boost"))),
        lottery_every_(int(p.integer("incentives.lottery_every_days"))),
        lottery_window_(window(p, "lottery")),
        lottery_fen_(to_fen(p.real("incentives.lottery_prize"))),
        lottery_spike_(float(p.real("incentives.lottery_spike"))),
        awards_(p.flag("incentives.awards")),
        awards_window_(window(p, "awards")),
        fund_per_member_(p.real("incentives.award_fund_per_member")),
        award_boost_(p.real("incentives.award_post_boost")),
        award_scale_(p.real("incentives.award_scale")),
        paid_admins_(p.flag("incentives.paid_admins")),
        admins_window_(window(p, "paid_admins")),
        admin_pay_fen_(to_fen(p.real("incentives.admin_pay_per_week"))),
        admin_structure_(float(p.real("roles.admin_structure"))),
        spike_(layout.group_signal("attention_spike")),
        post_boost_(layout.group_signal("post_boost")),
        structure_(layout.group_signal("structure")),
        checkins_(layout.metric("checkins")),
        incentive_cost_(layout.metric("incentive_cost")),
        cost_(layout.metric(metrics::kCost)),
        last_active_day_(layout.column<Day>(fields::kLastActiveDay)),
        budget_fen_(to_fen(p.real("incentives.budget"))),
        rotation_(layout.column<Role>(fields::kRole), layout.column<Day>(fields::kLastPostDay),
                  layout.column<float>(fields::kEngagement)) {}

  // Today's spikes, award boosts and paid admins' structure; the money for
  // packets and lottery prizes is booked in end_day.
  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    const int d = ctx.day;
    pending_fen_ = 0;
    // With a budget, the day that reaches it is paid in full; from the next
    // day every incentive stops.
    funded_today_ = budget_fen_ == 0 || spent_fen_ < budget_fen_;
    checkin_today_ = funded_today_ && checkin_ && checkin_window_.contains(d);
    const bool lottery = funded_today_ && lottery_window_.due(d, lottery_every_);
    today_rounds_.clear();
    for (const RedPacketRound& r : rounds_)
      if (funded_today_ && r.sent_on(d)) {
        // A short spike that saturates with the money sent to the group.
        const double money = r.amount * double(r.packets);
        today_rounds_.push_back(
            {float(packet_spike_ * money / (money + packet_scale_)), to_fen(r.amount) * r.packets, r.segment});
      }
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
      if (ctx.groups.size[g] == 0) continue;
      float spike = checkin_today_ ? checkin_boost_ : 0.0f;
      for (const Round& r : today_rounds_)
        if (r.segment < 0 || r.segment == int(ctx.groups.segment[g])) {
          spike += r.spike;
          pending_fen_ += r.fen;
        }
      if (lottery) {
        spike += lottery_spike_;
        pending_fen_ += lottery_fen_;
      }
      if (spike > 0.0f) actions.add_signal(spike_, g, spike);
      if (funded_today_ && d <= boost_until_ && g < boost_.size() && boost_[g] > 0.0f)
        actions.add_signal(post_boost_, g, boost_[g]);
      if (rotation_.admin_of(g) != PaidAdminRotation::kNone)
        actions.add_signal(structure_, g, admin_structure_);
    }
  }

  // Counts check-ins (members who visited today) and lets each member take
  // or give up this week's paid admin role.
  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    if (checkin_today_) {
      const auto last_active_day = pop.column(last_active_day_);
      for (const std::uint32_t i : chunk.members)
        if (is_member(pop.state[i]) && last_active_day[i] == ctx.day) tally.add(checkins_);
    }
    if (paid_admins_) {
      const auto role = pop.column(rotation_.role_column());
      for (const std::uint32_t i : chunk.members) rotation_.apply(pop, role, i);
    }
  }

  void end_day(const DayContext& ctx, const Population& pop, DayTally& today, DayMetrics&) override {
    std::int64_t fen = pending_fen_ + (checkin_today_ ? today.metric(checkins_) * checkin_fen_ : 0);
    if (funded_today_ && awards_ && awards_window_.contains(ctx.day) && ctx.day % 7 == 6)
      fen += pay_awards(ctx);
    if (paid_admins_) fen += funded_today_ ? rotate_admins(ctx, pop) : stop_admins();
    spent_fen_ += fen;
    today.add(cost_, fen);
    today.add(incentive_cost_, fen);
  }

 private:
  // Each week's prize of a group is its fund's share, fund_per_member x
  // members / 52; it makes creators post for the following week.
  std::int64_t pay_awards(const DayContext& ctx) {
    boost_.assign(ctx.groups.count(), 0.0f);
    std::int64_t fen = 0;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
      if (ctx.groups.size[g] == 0) continue;
      const double prize = fund_per_member_ * double(ctx.groups.size[g]) / 52.0;
      fen += to_fen(prize);
      boost_[g] = float(award_boost_ * prize / (prize + award_scale_));
    }
    boost_until_ = ctx.day + 7;
    return fen;
  }

  std::int64_t stop_admins() {
    rotation_.stop();
    return 0;
  }

  // Rotation on start_day, start_day + 7, ...: the chosen member serves the
  // following week (until end_day), paid in advance.
  std::int64_t rotate_admins(const DayContext& ctx, const Population& pop) {
    const int d = ctx.day;
    if (!admins_window_.contains(d) || d == admins_window_.end) {
      rotation_.stop();
      return 0;
    }
    rotation_.drop_leavers(pop);
    if ((d - admins_window_.start) % 7 != 0) return 0;
    return admin_pay_fen_ * rotation_.rotate(pop, ctx.groups.count());
  }

  struct Round {
    float spike;
    std::int64_t fen;  // per group
    int segment;
  };
  std::vector<RedPacketRound> rounds_;
  double packet_spike_, packet_scale_;
  bool checkin_;
  DayWindow checkin_window_;
  std::int64_t checkin_fen_;
  float checkin_boost_;
  int lottery_every_;
  DayWindow lottery_window_;
  std::int64_t lottery_fen_;
  float lottery_spike_;
  bool awards_;
  DayWindow awards_window_;
  double fund_per_member_, award_boost_, award_scale_;
  bool paid_admins_;
  DayWindow admins_window_;
  std::int64_t admin_pay_fen_;
  float admin_structure_;
  SignalId spike_, post_boost_, structure_;
  MetricId checkins_, incentive_cost_, cost_;
  Column<Day> last_active_day_;

  std::int64_t budget_fen_;  // 0: no budget

  bool funded_today_ = true;
  std::int64_t spent_fen_ = 0;  // on incentives so far
  bool checkin_today_ = false;
  std::int64_t pending_fen_ = 0;   // booked in begin_day, added to cost in end_day
  std::vector<Round> today_rounds_;
  std::vector<float> boost_;       // by group: this week's award post boost
  int boost_until_ = -1;           // last day of the award boost
  PaidAdminRotation rotation_;
};

}  // namespace

ModuleDefinition incentives_module() {
  return {
      .name = "incentives",
      .help = "The operator's incentives, each off by default, each booking its cost. Red packets "
              "and lotteries: attention_spike += red_packet_spike x money / (money + "
              "red_packet_scale) (money = amount x packets per group) or lottery_spike, that day "
              "only. Check-in points: attention_spike += checkin_boost, cost checkin_points_yuan "
              "per visit. Weekly awards (day % 7 == 6): prize = award_fund_per_member x members "
              "/ 52 per group, and creators get post_boost = award_post_boost x prize / (prize + "
              "award_scale) for the following week. Paid rotating admins: each week one member "
              "per group (the most recent poster who has not served) is paid admin_pay_per_week "
              "and gives structure roles.admin_structure without burning out.",
      .declare_parameters =
          [](ParamRegistry& p) {
            p.real("incentives.budget", 0.0, 0.0, 1e12, "yuan",
                   "Total the operator will spend on incentives over the run; 0: no limit. The "
                   "day that reaches it is paid in full, then every incentive stops.");
            declare_red_packet_list(p);
            p.real("incentives.red_packet_spike", 0.3, 0.0, 1.0, "probability",
                   "Most extra visit probability a red-packet round gives on its day.");
            p.real("incentives.red_packet_scale", 100.0, 0.01, 1e9, "yuan",
                   "Money per group at which a round gives half the most spike.");
            p.flag("incentives.checkin", false, "Daily check-in points for every visit.");
            declare_window(p, "checkin", "the check-in campaign");
            p.real("incentives.checkin_points_yuan", 0.1, 0.0, 1e4, "yuan",
                   "Cost of the points one check-in earns.");
            p.real("incentives.checkin_boost", 0.05, 0.0, 1.0, "probability",
                   "Extra visit probability every day check-ins are on.");
            p.integer("incentives.lottery_every_days", 0, 0, kMaxDays, "days",
                      "A lottery in every group every this many days from lottery_start_day; "
                      "0: no lotteries.");
            declare_window(p, "lottery", "the lotteries");
            p.real("incentives.lottery_prize", 100.0, 0.0, 1e9, "yuan",
                   "Prize of one lottery in one group.");
            p.real("incentives.lottery_spike", 0.1, 0.0, 1.0, "probability",
                   "Extra visit probability on a lottery day.");
            p.flag("incentives.awards", false,
                   "Weekly best-share awards paid from a group fund (on days with day % 7 == 6).");
            declare_window(p, "awards", "the awards");
            p.real("incentives.award_fund_per_member", 200.0, 0.0, 1e9, "yuan/member/year",
                   "Group fund per member spent on awards over 52 weeks (the texts: a 200 yuan "
                   "fee x 500 members = 100,000 yuan, about 2,000 yuan of prizes a week).");
            p.real("incentives.award_post_boost", 2.0, 0.0, 100.0, "",
                   "Most extra posting propensity a week's prize gives creators.");
            p.real("incentives.award_scale", 1000.0, 0.01, 1e9, "yuan",
                   "Weekly prize at which creators get half the most boost.");
            p.flag("incentives.paid_admins", false,
                   "Paid rotating admins: one member per group each week.");
            declare_window(p, "paid_admins", "the paid rotating admins");
            p.real("incentives.admin_pay_per_week", 1150.0, 0.0, 1e9, "yuan/group/week",
                   "Pay of a group's admin for a week (the texts: 10 yuan a month from 500 "
                   "members, 60,000 yuan a year).");
          },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("checkins", MetricKind::Flow, "people d-1",
                          "Members who checked in (visited while check-in points were on).");
            layout.money("incentive_cost",
                         "The part of cost spent on incentives (packets, points, prizes, awards, "
                         "paid admins).", Better::Lower);
            layout.group_signal("attention_spike");
            layout.group_signal("post_boost");
            layout.writes(Item::Signal, "structure");
            layout.writes(Item::Metric, metrics::kCost);
            layout.reads(Item::Column, fields::kLastActiveDay, When::Today, "never visited: no check-ins");
            layout.reads(Item::Column, fields::kLastPostDay, When::Today, "nobody posted");
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0");
            layout.reads(Item::Column, fields::kRole, When::Today, "everyone ordinary");
            layout.writes(Item::Column, fields::kRole);
          },
      .create = make_module<Incentives>,
  };
}

}  // namespace commsim::models
