#include "models/funnel.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "models/funnel_settings.hpp"
#include "models/ledger.hpp"
#include "models/member_fields.hpp"
#include "models/testimonial_window.hpp"
#include "sim/thread_buffers.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kPurchaseDraw{700};     // bait class or product, bought in the pond
constexpr Purpose kCampDraw{701};         // product offered at camp end
constexpr Purpose kRenewalDraw{702};
constexpr Purpose kRefundDraw{703};
constexpr Purpose kTestimonialDraw{704};

// Where the operator moves a member whose funnel stage changed (move_buyers).
enum class Destination : std::uint8_t { Pond, Camp, Paid };
using MoveRequest = std::pair<std::uint32_t, Destination>;  // ordered by member

// Open groups, where the operator sells to everyone; camp and paid groups
// hold buyers only.
bool is_pond(Segment segment) {
  return segment == Segment::FishPond || segment == Segment::NewUsers;
}

// The daily hazard that adds up to `chance` over `days` days.
double daily_hazard(double chance, int days) {
  return days > 0 ? 1.0 - std::pow(1.0 - chance, 1.0 / days) : 0.0;
}

class SalesFunnel final : public Behaviour {
 public:
  SalesFunnel(const ParameterSet& p, const ModuleLayout& layout)
      : s_(FunnelSettings::read(p)),
        window_(s_.testimonial_window_days),
        bait_fen_(to_fen(s_.bait_price)),
        product_fen_(to_fen(s_.product_price)),
        camp_quality_term_(std::pow(s_.camp_quality, s_.quality_exponent)),
        refund_hazard_(daily_hazard(s_.refund_probability * (1.0 - s_.product_quality),
                                    s_.refund_window_days)),
        ids_{layout.metric("trials"),       layout.metric("conversions"), layout.metric("paid_members"),
             layout.metric("renewals"),     layout.metric("lapsed"),      layout.metric("refunds"),
             layout.metric("testimonials"), layout.metric("proof_groups"), layout.metric(metrics::kRevenue)},
        mean_trust_(layout.mean("mean_trust")),
        testimonials_(layout.group_counter("testimonials")),
        content_value_(layout.group_signal("content_value")),
        sales_pressure_(layout.group_signal("sales_pressure")),
        columns_{layout.column<float>(fields::kTrust),          layout.column<float>(fields::kEngagement),
                 layout.column<float>(fields::kAttachment),     layout.column<float>(fields::kPriceSensitivity),
                 layout.column<Day>(fields::kLastActiveDay),    layout.column<Funnel>(fields::kFunnel),
                 layout.column<Day>(fields::kFunnelDay)} {
    for (int k = 0; k <= kSteps; ++k)
      trust_term_[k] = std::pow(double(k) / kSteps, s_.trust_exponent);
  }

  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    const int day = ctx.day;
    double pressure = 0.0, effect = 0.0;
    for (const Promotion& promo : s_.promotions)
      if (day >= promo.start_day && day <= promo.end_day) {
        pressure += promo.intensity * s_.tier_pressure[int(promo.tier)];
        effect += promo.intensity * s_.tier_effect[int(promo.tier)];
      }
    promotion_factor_ = 1.0 + effect;
    bait_open_ = s_.offer_bait && s_.schedule.enrolling(day);
    camp_ends_ = s_.offer_bait && s_.schedule.camp_ends(day);
    if (s_.move_buyers) open_segment_groups(day, actions);

    const std::uint32_t groups = ctx.groups.count();
    proof_factor_.assign(groups, 1.0);
    for (std::uint32_t g = 0; g < groups; ++g) {
      if (window_.visible(g) >= s_.proof_threshold) proof_factor_[g] = s_.proof_multiplier;
      if (pressure > 0.0 && is_pond(ctx.groups.segment[g]))
        actions.add_signal(sales_pressure_, g, float(pressure));
    }
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    std::vector<MoveRequest>* moves = s_.move_buyers ? &moves_.local() : nullptr;
    const Fields f{pop.column(columns_.trust),          pop.column(columns_.engagement),
                   pop.column(columns_.attachment),     pop.column(columns_.price_sensitivity),
                   pop.column(columns_.last_active_day), pop.column(columns_.funnel),
                   pop.column(columns_.funnel_day)};
    std::int64_t trust_micro = 0, counted = 0, paid = 0;
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i])) continue;
      const Member m{i, pop.group[i], f.last_active_day[i] == ctx.day};
      update_trust(ctx, f, m);
      switch (f.funnel[i]) {
        case Funnel::None:
          if (m.visited && is_pond(ctx.groups.segment[m.group])) shop(ctx, f, m, tally, moves);
          break;
        case Funnel::Trial:
          if (ctx.day == s_.schedule.camp_end(f.funnel_day[i]))
            end_camp(ctx, f, m, tally, moves);
          break;
        case Funnel::Paid: bill(ctx, f, m, tally, moves); break;
        default: break;
      }
      if (m.visited) testify(ctx, f, m, tally);
      // Integer micro-units: the sum is exact whatever the chunking.
      trust_micro += static_cast<std::int64_t>(f.trust[i] * 1e6f + 0.5f);
      ++counted;
      paid += f.funnel[i] == Funnel::Paid;
    }
    tally.add_mean(mean_trust_, trust_micro, counted);
    tally.add(ids_.paid_members, paid);
  }

  void plan_joins(const DayContext&, const Population&, JoinPlan& joins) override {
    if (!s_.move_buyers) return;
    moves_.gather_sorted(gathered_);
    for (const auto& [member, destination] : gathered_) {
      const std::uint32_t group = destination == Destination::Camp   ? camp_group_
                                  : destination == Destination::Paid ? paid_group_
                                                                     : pond_group_;
      if (group != kNoGroup) joins.move(member, group);
    }
  }

  void end_day(const DayContext& ctx, const Population&, DayTally& today, DayMetrics& metrics) override {
    std::int64_t proof_groups = 0;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
      window_.record(ctx.day, g, today.group(testimonials_, g));
      proof_groups += ctx.groups.size[g] > 0 && window_.visible(g) >= s_.proof_threshold;
    }
    metrics.set(ids_.proof_groups, double(proof_groups));
  }

 private:
  struct Member {
    std::uint32_t id, group;
    bool visited;
  };
  struct Columns {
    Column<float> trust, engagement, attachment, price_sensitivity;
    Column<Day> last_active_day;
    Column<Funnel> funnel;
    Column<Day> funnel_day;
  };
  // Today's spans of the columns (their storage moves when people join).
  struct Fields {
    std::span<float> trust, engagement, attachment, price_sensitivity;
    std::span<Day> last_active_day;
    std::span<Funnel> funnel;
    std::span<Day> funnel_day;
  };

  // What today's visit was worth: the operator's content, what the member
  // got from the group (its engagement), and the camp or product it paid for.
  void update_trust(const DayContext& ctx, const Fields& f, const Member& m) const {
    float& trust = f.trust[m.id];
    if (const double sales = ctx.signals.get(sales_pressure_, m.group); sales > 0.0) {
      // Selling to a member who does not trust the operator yet provokes resistance.
      const double distrust = std::max(0.0, 1.0 - trust / s_.sales_trust_threshold);
      trust -= float(std::min(1.0, s_.hard_sell_trust_loss * sales * distrust)) * trust;
    }
    if (!m.visited) {
      trust -= float(s_.trust_decay) * trust;
      return;
    }
    double experience = 0.0;
    if (f.funnel[m.id] == Funnel::Paid) experience = s_.product_quality;
    else if (in_camp(f, m.id, ctx.day)) experience = s_.camp_quality;
    const double value =
        ctx.signals.get(content_value_, m.group) + f.engagement[m.id] + experience;
    trust += float(std::min(1.0, s_.trust_gain * value)) * (1.0f - trust);
  }

  // A visiting fish-pond member who has never bought: the bait class while a
  // term enrols, else (or also) the product outright.
  void shop(const DayContext& ctx, const Fields& f, const Member& m, DayTally& tally,
            std::vector<MoveRequest>* moves) const {
    const std::uint32_t i = m.id;
    const double willing =
        trust_term(f.trust[i]) * proof_factor_[m.group] * promotion_factor_;
    RandomStream stream(ctx.key, i, kPurchaseDraw);
    if (bait_open_ &&
        stream.bernoulli(s_.bait_conversion * willing * price_term(f, i, s_.bait_price))) {
      f.funnel[i] = Funnel::Trial;
      f.funnel_day[i] = ctx.day;
      commit(f, i);
      tally.add(ids_.trials);
      tally.add(ids_.revenue, bait_fen_);
      if (moves) moves->push_back({i, Destination::Camp});
      return;
    }
    if (s_.offer_product &&
        stream.bernoulli(s_.direct_conversion * willing * price_term(f, i, s_.product_price)))
      buy_product(ctx, f, m, tally, moves);
  }

  // Camp over: the full product is offered; the experience sells it.
  void end_camp(const DayContext& ctx, const Fields& f, const Member& m, DayTally& tally,
                std::vector<MoveRequest>* moves) const {
    const std::uint32_t i = m.id;
    RandomStream stream(ctx.key, i, kCampDraw);
    if (s_.offer_product &&
        stream.bernoulli(s_.camp_conversion * camp_quality_term_ * trust_term(f.trust[i]) *
                         proof_factor_[m.group] * price_term(f, i, s_.product_price))) {
      buy_product(ctx, f, m, tally, moves);
      return;
    }
    leave_funnel(ctx, f, m, Funnel::Lapsed, moves);
  }

  // A paid member: refunds within the window after buying, then renewal or
  // lapse at each period end.
  void bill(const DayContext& ctx, const Fields& f, const Member& m, DayTally& tally,
            std::vector<MoveRequest>* moves) const {
    const std::uint32_t i = m.id;
    const int held = ctx.day - f.funnel_day[i];
    if (held <= 0) return;
    if (held <= s_.refund_window_days) {
      RandomStream stream(ctx.key, i, kRefundDraw);
      if (stream.bernoulli(refund_hazard_)) {
        tally.add(ids_.refunds);
        tally.add(ids_.revenue, -product_fen_);
        leave_funnel(ctx, f, m, Funnel::Refunded, moves);
        return;
      }
    }
    if (held % s_.renewal_days != 0) return;
    RandomStream stream(ctx.key, i, kRenewalDraw);
    if (stream.bernoulli(s_.renewal_probability * trust_term(f.trust[i]))) {
      tally.add(ids_.renewals);
      tally.add(ids_.revenue, product_fen_);
    } else {
      tally.add(ids_.lapsed);
      leave_funnel(ctx, f, m, Funnel::Lapsed, moves);
    }
  }

  // Satisfied buyers praise what they bought where others can see it.
  void testify(const DayContext& ctx, const Fields& f, const Member& m,
               DayTally& tally) const {
    double satisfaction = 0.0;
    if (f.funnel[m.id] == Funnel::Paid && f.funnel_day[m.id] < ctx.day)
      satisfaction = s_.product_quality;
    else if (in_camp(f, m.id, ctx.day))
      satisfaction = s_.camp_quality;
    if (satisfaction <= 0.0) return;
    RandomStream stream(ctx.key, m.id, kTestimonialDraw);
    if (!stream.bernoulli(s_.testimonial_probability * satisfaction)) return;
    tally.add(ids_.testimonials);
    tally.add_group(testimonials_, m.group);
  }

  void buy_product(const DayContext& ctx, const Fields& f, const Member& m, DayTally& tally,
                   std::vector<MoveRequest>* moves) const {
    f.funnel[m.id] = Funnel::Paid;
    f.funnel_day[m.id] = ctx.day;
    commit(f, m.id);
    tally.add(ids_.conversions);
    tally.add(ids_.revenue, product_fen_);
    if (moves) moves->push_back({m.id, Destination::Paid});
  }

  // Paying makes members actually read: a lasting tie to the group.
  void commit(const Fields& f, std::uint32_t i) const {
    f.attachment[i] += float(s_.purchase_commitment) * (1.0f - f.attachment[i]);
  }

  void leave_funnel(const DayContext& ctx, const Fields& f, const Member& m, Funnel stage,
                    std::vector<MoveRequest>* moves) const {
    f.funnel[m.id] = stage;
    f.funnel_day[m.id] = ctx.day;
    if (moves && !is_pond(ctx.groups.segment[m.group])) moves->push_back({m.id, Destination::Pond});
  }

  bool in_camp(const Fields& f, std::uint32_t i, int day) const {
    return f.funnel[i] == Funnel::Trial && day >= s_.schedule.camp_start(f.funnel_day[i]);
  }

  double trust_term(float trust) const { return trust_term_[int(trust * kSteps + 0.5f)]; }

  double price_term(const Fields& f, std::uint32_t i, double price) const {
    return 1.0 - f.price_sensitivity[i] * price / (price + s_.price_scale);
  }

  // Groups for the segments, opened when first needed: a training-camp
  // group for each term, one paid-members group.
  void open_segment_groups(int day, OperatorActions& actions) {
    pond_group_ = actions.intake_group();
    if (bait_open_ && s_.schedule.term_start(day) != camp_term_) {
      camp_group_ = actions.open_group(Segment::TrainingCamp);
      camp_term_ = s_.schedule.term_start(day);
    }
    if (s_.offer_product && paid_group_ == kNoGroup && (s_.direct_conversion > 0.0 || camp_ends_))
      paid_group_ = actions.open_group(Segment::Paid);
  }

  struct Ids {
    MetricId trials, conversions, paid_members, renewals, lapsed, refunds, testimonials, proof_groups,
        revenue;
  };
  static constexpr int kSteps = 1024;

  FunnelSettings s_;
  TestimonialWindow window_;
  std::int64_t bait_fen_, product_fen_;
  double camp_quality_term_, refund_hazard_;
  Ids ids_;
  MeanId mean_trust_;
  GroupCounterId testimonials_;
  SignalId content_value_, sales_pressure_;
  Columns columns_;
  double trust_term_[kSteps + 1];
  // Today's levers, set in the operator phase.
  double promotion_factor_ = 1.0;
  bool bait_open_ = false, camp_ends_ = false;
  std::vector<double> proof_factor_;  // by group
  // Segments (move_buyers).
  std::uint32_t pond_group_ = kNoGroup, camp_group_ = kNoGroup, paid_group_ = kNoGroup;
  int camp_term_ = -1;
  ThreadBuffers<MoveRequest> moves_;
  std::vector<MoveRequest> gathered_;
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
              "price / (price + price_scale)) x proof x promotion. Nothing is offered by "
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
