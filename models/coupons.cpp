#include "models/coupons.hpp"

#include <algorithm>
#include <string>

#include "models/cadence.hpp"
#include "models/ledger.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr const char* kSection = "coupons";

std::string check_offer(const ParamValue& value) {
  const std::string& name = std::get<std::string>(value);
  return name == "bait" || name == "product" ? "" : "must be bait or product";
}

// The funnel stage a purchase of the named offer leads to.
Funnel offer_stage(const std::string& name) { return name == "product" ? Funnel::Paid : Funnel::Trial; }

struct CouponSettings {
  Cadence rounds;
  double value;
  Funnel offer;
  int valid_days;
};

const SettingsBinding<CouponSettings>& coupon_keys() {
  using S = CouponSettings;
  static const auto keys =
      SettingsBinding<S>(kSection)
          .custom(cadence_keys(&S::rounds,
                               {.what = "the coupon rounds", .event = "coupon round", .every = CadenceKeys::Every::Key,
                                .every_help = "Days between coupon rounds (the first on start_day); 0: no coupons."}))
          .real(&S::value, "value", 5.0, 0.0, 1e6, "yuan",
                "Discount a coupon takes off its offer's price (at most the price: a larger "
                "coupon makes it free).")
          .text_as<Funnel>(&S::offer, "offer", "bait",
                           "What a coupon is for: bait (the bait class, funnel.bait_price) "
                           "or product (the full product, funnel.product_price, also at "
                           "camp end).",
                           offer_stage, check_offer)
          .integer(&S::valid_days, "valid_days", 7, 1, 3650, "days",
                   "Days after its round on which a coupon can be used.");
  return keys;
}

CouponTerms terms_of(const CouponSettings& s, const FunnelSettings& funnel) {
  const double price = s.offer == Funnel::Paid ? funnel.product_price : funnel.bait_price;
  return {s.offer, std::min(s.value, price)};
}

// Who may get a coupon: members who have not bought its offer yet.
bool may_get(Funnel offer, Funnel stage) {
  return stage == Funnel::None || (offer == Funnel::Paid && stage == Funnel::Trial);
}

class Coupons final : public Behaviour {
 public:
  Coupons(const ParameterSet& p, const ModuleLayout& layout)
      : Coupons(coupon_keys().read(p), FunnelSettings::read(p), layout) {}
  Coupons(const CouponSettings& s, const FunnelSettings& funnel, const ModuleLayout& layout)
      : rounds_(s.rounds),
        valid_days_(s.valid_days),
        terms_(terms_of(s, funnel)),
        discount_fen_(to_fen(terms_.discount)),
        ids_{layout.metric("coupons_issued"), layout.metric("coupons_redeemed"),
             layout.metric("coupons_held"), layout.metric("coupon_cost"), layout.metric(metrics::kCost)},
        columns_{layout.column<Day>(fields::kCouponUntil), layout.column<Funnel>(fields::kFunnel),
                 layout.column<Day>(fields::kFunnelDay), layout.column<Day>(fields::kLastActiveDay)} {}

  void begin_day(const DayContext& ctx, OperatorActions&) override {
    issue_today_ = rounds_.on(ctx.day);
    // Coupons outlive their round by valid_days; after that nothing is held.
    if (issue_today_) last_valid_day_ = ctx.day + valid_days_;
  }

  // Runs after the funnel: today's purchases are known (a coupon held since
  // before today is redeemed), and a coupon handed out today is first seen
  // by tomorrow's funnel, which prices its offer at the discount.
  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    if (!issue_today_ && ctx.day > last_valid_day_) return;
    const Fields f{pop.column(columns_.until), pop.column(columns_.funnel), pop.column(columns_.funnel_day),
                   pop.column(columns_.last_active_day)};
    std::int64_t issued = 0, redeemed = 0, held = 0;
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i])) continue;
      if (f.until[i] != kNever) {
        if (f.funnel_day[i] == ctx.day && f.funnel[i] == terms_.offer) {
          ++redeemed;
          f.until[i] = kNever;
        } else if (ctx.day >= f.until[i]) {
          f.until[i] = kNever;  // today was its last day
        }
      }
      if (issue_today_ && f.until[i] == kNever && f.last_active_day[i] == ctx.day &&
          may_get(terms_.offer, f.funnel[i])) {
        f.until[i] = Day(std::min(ctx.day + valid_days_, kMaxDays));
        ++issued;
      }
      held += f.until[i] != kNever;
    }
    tally.add(ids_.issued, issued);
    tally.add(ids_.redeemed, redeemed);
    tally.add(ids_.held, held);
    tally.add(ids_.coupon_cost, redeemed * discount_fen_);
    tally.add(ids_.cost, redeemed * discount_fen_);
  }

 private:
  struct Columns {
    Column<Day> until;
    Column<Funnel> funnel;
    Column<Day> funnel_day, last_active_day;
  };
  struct Fields {
    std::span<Day> until;
    std::span<Funnel> funnel;
    std::span<Day> funnel_day, last_active_day;
  };
  struct Ids {
    MetricId issued, redeemed, held, coupon_cost, cost;
  };
  Cadence rounds_;  // every every_days in the window
  int valid_days_;
  CouponTerms terms_;
  std::int64_t discount_fen_;  // per coupon redeemed
  Ids ids_;
  Columns columns_;
  bool issue_today_ = false;
  int last_valid_day_ = -1;
};

}  // namespace

ModuleDefinition coupons_module() {
  return {
      .name = "coupons",
      .help = "Coupons: every every_days days from start_day to end_day the operator gives each "
              "member who visited that day and has not bought the coupon's offer (bait: a member "
              "at funnel stage none; product: none or trial) a coupon worth `value` yuan off it, "
              "usable on the next valid_days days. While it holds one, the funnel prices the offer "
              "at p - min(value, p) (p its price, funnel.bait_price or funnel.product_price); the "
              "other offer keeps its price. Buying the offer while the coupon is valid redeems it; "
              "revenue is booked at the list price and the discount as cost. Off by default "
              "(every_days 0).",
      .declare_parameters = [](ParamRegistry& p) { coupon_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("coupons_issued", MetricKind::Flow, "people d-1",
                          "Members handed a coupon that day.", Better::Neither);
            layout.metric("coupons_redeemed", MetricKind::Flow, "people d-1",
                          "Members who used their coupon that day: they bought its offer.",
                          Better::Neither);
            layout.metric("coupons_held", MetricKind::Level, "people",
                          "Members holding a valid coupon at the end of the day's member phase.",
                          Better::Neither);
            layout.money("coupon_cost", "The part of cost that is coupon discounts (value x coupons "
                                        "redeemed).", Better::Lower);
            layout.writes(Item::Metric, metrics::kCost);
            layout.column(fields::kCouponUntil, kNever,
                          "Last day the member's coupon can be used (65535: none); the funnel "
                          "prices the coupon's offer at its discount for a holder.");
            layout.reads(Item::Column, fields::kFunnel, When::Today, "none: nothing is bought, no coupon is used");
            layout.reads(Item::Column, fields::kFunnelDay, When::Today, "never");
            layout.reads(Item::Column, fields::kLastActiveDay, When::Today, "nobody visits: no coupons");
          },
      .create = make_module<Coupons>,
  };
}

CouponTerms coupon_terms(const ParameterSet& params, const FunnelSettings& funnel) {
  if (!params.registry().has_section(kSection)) return {};
  return terms_of(coupon_keys().read(params), funnel);
}

}  // namespace commsim::models
