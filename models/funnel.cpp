#include "models/funnel.hpp"

#include "models/coupons.hpp"
#include "models/funnel/billing.hpp"
#include "models/funnel/camp_end.hpp"
#include "models/funnel/moves.hpp"
#include "models/funnel/promotions.hpp"
#include "models/funnel/purchase_terms.hpp"
#include "models/funnel/settings.hpp"
#include "models/funnel/shopping.hpp"
#include "models/funnel/social_proof.hpp"
#include "models/funnel/stages.hpp"
#include "models/funnel/trust.hpp"
#include "models/member_fields.hpp"

namespace commsim::models {
namespace {

// The module shell: today's selling conditions, then each member through
// the parts (models/funnel/) in a fixed order: trust, then its stage's
// step (shopping, camp end, billing), then testimonials.
class SalesFunnel final : public Behaviour {
 public:
  SalesFunnel(const ParameterSet& p, const ModuleLayout& layout)
      : s_(FunnelSettings::read(p)),
        columns_(FunnelColumns::of(layout)),
        terms_(s_, coupon_terms(p, s_)),
        stages_(s_, layout),
        trust_(s_, layout),
        shopping_(s_, terms_, stages_),
        camp_end_(s_, terms_, stages_),
        billing_(s_, terms_, stages_),
        proof_(s_, layout),
        promotions_(s_, layout),
        moves_(s_),
        paid_members_(layout.metric("paid_members")),
        mean_trust_(layout.mean("mean_trust")) {}
  // The parts hold references to terms_ and stages_.
  SalesFunnel(const SalesFunnel&) = delete;
  SalesFunnel& operator=(const SalesFunnel&) = delete;

  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    const int day = ctx.day;
    today_.bait_open = s_.offer_bait && s_.schedule.enrolling(day);
    const bool camp_ends = s_.offer_bait && s_.schedule.camp_ends(day);
    // Groups first: today's proof factors and pressure cover the new ones.
    moves_.open_groups(day, today_.bait_open, camp_ends, actions);
    today_.promotion = promotions_.begin_day(ctx, actions);
    proof_.begin_day(ctx);
    today_.proof = proof_.factors();
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    MoveBuffer* moves = moves_.buffer();
    const FunnelFields f(pop, columns_);
    std::int64_t trust_micro = 0, counted = 0, paid = 0;
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i])) continue;
      const FunnelMember m{i, pop.group[i], f.last_active_day[i] == ctx.day};
      trust_.update(ctx, f, m);
      switch (f.funnel[i]) {
        case Funnel::None:
          if (m.visited && is_pond(ctx.groups.segment[m.group])) shopping_.shop(ctx, f, m, today_, tally, moves);
          break;
        case Funnel::Trial: camp_end_.update(ctx, f, m, today_, tally, moves); break;
        case Funnel::Paid: billing_.bill(ctx, f, m, tally, moves); break;
        default: break;
      }
      if (m.visited) proof_.testify(ctx, f, m, tally);
      // Integer micro-units: the sum is exact whatever the chunking.
      trust_micro += static_cast<std::int64_t>(f.trust[i] * 1e6f + 0.5f);
      ++counted;
      paid += f.funnel[i] == Funnel::Paid;
    }
    tally.add_mean(mean_trust_, trust_micro, counted);
    tally.add(paid_members_, paid);
  }

  void plan_joins(const DayContext&, const Population&, JoinPlan& joins) override { moves_.plan_joins(joins); }

  void end_day(const DayContext& ctx, const Population&, DayTally& today, DayMetrics& metrics) override {
    proof_.end_day(ctx, today, metrics);
  }

 private:
  FunnelSettings s_;
  FunnelColumns columns_;
  PurchaseTerms terms_;
  StageChanges stages_;
  TrustUpdate trust_;
  Shopping shopping_;
  CampEnd camp_end_;
  Billing billing_;
  SocialProof proof_;
  Promotions promotions_;
  SegmentMoves moves_;
  MetricId paid_members_;
  MeanId mean_trust_;
  SalesDay today_;  // set in the operator phase
};

}  // namespace

ModuleDefinition funnel_module() {
  return {
      .name = "funnel",
      .help = "Trust and the sales funnel: fish pond -> bait class (training camp) -> full "
              "product / paid membership, renewals and refunds; hard-selling promotions; social "
              "proof from testimonials. A visiting member's trust += min(1, trust_gain x "
              "(content_value + engagement + experience)) x (1 - trust), else it decays by "
              "trust_decay; sales pressure erodes the trust of members who have too little. "
              "Purchase chance = conversion x trust^trust_exponent x (1 - price_sensitivity x "
              "price / (price + price_scale)) x proof x promotion, the price less the discount "
              "of a coupon for the offer the member holds (coupons). Nothing is offered by "
              "default.",
      .declare_parameters = [](ParamRegistry& p) { FunnelSettings::declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("trials", MetricKind::Flow, "people d-1",
                          "Members who bought the bait class (training camp) that day.");
            layout.metric("conversions", MetricKind::Flow, "people d-1",
                          "Members who bought the full product / paid membership that day "
                          "(at camp end or directly).");
            layout.metric("paid_members", MetricKind::Level, "people",
                          "Members holding a paid membership that day (counted before the "
                          "day's exits).");
            layout.metric("renewals", MetricKind::Flow, "people d-1",
                          "Paid members who renewed at their period end that day.");
            layout.metric("lapsed", MetricKind::Flow, "people d-1",
                          "Paid members who did not renew at their period end that day.", Better::Lower);
            layout.metric("refunds", MetricKind::Flow, "people d-1",
                          "Buyers refunded that day (the price is taken off revenue).", Better::Lower);
            layout.mean("mean_trust", "1",
                        "Mean trust in the operator of the members still in when the funnel "
                        "runs (after the day's pruning and bans, before its churn), after the "
                        "day's reading (0 with none).",
                        1e6, 0.0, Better::Higher);
            layout.metric("testimonials", MetricKind::Flow, "posts d-1",
                          "Public testimonials posted by satisfied buyers that day.");
            layout.metric("proof_groups", MetricKind::Level, "groups",
                          "Groups with members whose visible testimonials reach the proof "
                          "threshold (demand multiplied).");
            layout.group_counter("testimonials");
            layout.column(fields::kFunnel, Funnel::None, "0 none, 1 trial (bait class), 2 paid, 3 lapsed, 4 refunded.");
            layout.column(fields::kFunnelDay, kNever, "Day the current funnel stage began (65535: never).");
            layout.reads(Item::Column, fields::kTrust, When::Yesterday, "0");
            layout.writes(Item::Column, fields::kTrust);
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0");
            layout.reads(Item::Column, fields::kAttachment, When::Today, "0");
            layout.writes(Item::Column, fields::kAttachment);
            layout.reads(Item::Column, fields::kPriceSensitivity, When::Yesterday, "0.5");
            // Coupons run after the funnel: yesterday's coupons price today's offers.
            layout.reads(Item::Column, fields::kCouponUntil, When::Yesterday, "65535: nobody holds a coupon");
            layout.reads(Item::Column, fields::kLastActiveDay, When::Today, "nobody visits: nobody buys");
            layout.writes(Item::Metric, metrics::kRevenue);
            for (const char* signal : {"content_value", "sales_pressure"})
              layout.reads(Item::Signal, signal, When::Today, "0");
            layout.writes(Item::Signal, "sales_pressure");
            layout.purpose(kPurchaseDraw, "funnel.purchase");
            layout.purpose(kCampDraw, "funnel.camp_end");
            layout.purpose(kRenewalDraw, "funnel.renewal");
            layout.purpose(kRefundDraw, "funnel.refund");
            layout.purpose(kTestimonialDraw, "funnel.testimonial");
          },
      .create = make_module<SalesFunnel>,
  };
}

}  // namespace commsim::models
