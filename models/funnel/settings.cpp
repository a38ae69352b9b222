#include "models/funnel/settings.hpp"

#include <span>
#include <string>

#include "models/engagement.hpp"
#include "sim/population.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr const char* kTierNames[kCopyTiers] = {"discount", "features", "pain_point"};

std::string check_tier(const ParamValue& value) {
  const std::string& name = std::get<std::string>(value);
  for (const char* tier : kTierNames)
    if (name == tier) return "";
  return "must be one of discount, features, pain_point";
}

CopyTier tier_of(const std::string& name) {
  for (int t = 0; t < kCopyTiers; ++t)
    if (name == kTierNames[t]) return CopyTier(t);
  return CopyTier::Discount;  // unreachable: the loader checked the name
}

const SettingsBinding<FunnelSettings>& funnel_keys() {
  using S = FunnelSettings;
  static const auto keys = [] {
    const auto promotion =
        RecordBinding<Promotion>()
            .fields({{integer_field("start_day", 0, 0, kMaxDays, "day", "First day of the promotion."),
                      integer_field("end_day", 0, 0, kMaxDays, "day", "Last day (inclusive).")},
                     [](std::span<const Scalar> v, Promotion& promo) {
                       promo.days = {int(std::get<std::int64_t>(v[0])), int(std::get<std::int64_t>(v[1]))};
                     }})
            .real(&Promotion::intensity, "intensity", 1.0, 0.0, 1.0, "", "How hard the operator pushes.")
            .text_as<CopyTier>(&Promotion::tier, "tier", "discount",
                               "Ad copy: discount (third-rate, provokes resistance), features (aimed at "
                               "needs), pain_point (pain point plus expertise, first-rate).",
                               tier_of, check_tier)
            .check([](const Promotion& promo) -> std::string {
              return promo.days.end < promo.days.start ? "end_day must not be before start_day" : "";
            });
    return SettingsBinding<S>("funnel")
        // Trust.
        .real(&S::trust_gain, "trust_gain", 0.1, 0.0, 1.0, "trust/day",
              "Trust a visiting member gains per unit of value read, as a share of the trust it "
              "still lacks: trust += min(1, trust_gain x value_read) x (1 - trust).")
        .real(&S::trust_decay, "trust_decay", 0.002, 0.0, 1.0, "fraction/day",
              "Share of its trust a member loses on a day it does not visit.")
        .real(&S::hard_sell_trust_loss, "hard_sell_trust_loss", 0.1, 0.0, 1.0, "fraction/day",
              "Share of its trust a member without trust loses per day and unit of sales pressure "
              "in its group (x distrust = 1 - trust / engagement.sales_trust_threshold): selling "
              "before trust is built provokes resistance.")
        .real(&S::trust_exponent, "trust_exponent", 2.0, 0.0, 10.0, "",
              "Every purchase chance is scaled by trust^trust_exponent: no trust, no deal.")
        .real(&S::price_scale, "price_scale", 100.0, 0.01, 1e6, "yuan",
              "Price at which a member of price sensitivity s is put off by s/2: purchase chances "
              "are scaled by 1 - s x price / (price + price_scale).")
        .real(&S::purchase_commitment, "purchase_commitment", 0.5, 0.0, 1.0, "fraction",
              "Share of its missing attachment a member gains when it pays (bait class or product): "
              "paying makes members actually read.")
        // Bait class.
        .flag(&S::offer_bait, "offer_bait", false,
              "Sell a low-price bait class (training camp) in the fish-pond groups.")
        .real(&S::bait_price, "bait_price", 9.9, 0.0, 50.0, "yuan",
              "Price of the bait class (the texts: 1 to 50 yuan; 0 is a free camp).")
        .integer(&S::bait_start_day, "bait_start_day", 0, 0, kMaxDays, "day",
                 "Day the first term opens for enrolment.")
        .integer(&S::bait_every_days, "bait_every_days", 0, 0, kMaxDays, "days",
                 "Days between terms (a new holiday class each term); 0 runs a single term.")
        .integer(&S::enrollment_days, "enrollment_days", 7, 1, kMaxDays, "days",
                 "Days a term sells its bait class before the camp starts.")
        .integer(&S::camp_days, "camp_days", 7, 1, kMaxDays, "days", "Length of the camp.")
        .real(&S::camp_quality, "camp_quality", 0.7, 0.0, 1.0, "fraction",
              "The camp's experience: adds to what trial members read, and the full product sells "
              "at camp end with camp_quality^quality_exponent.")
        .real(&S::bait_conversion, "bait_conversion", 0.2, 0.0, 1.0, "probability/visit",
              "Chance that a visiting fish-pond member with full trust and no price sensitivity "
              "buys the bait class on a day its term enrols.")
        .real(&S::camp_conversion, "camp_conversion", 0.8, 0.0, 1.0, "probability",
              "Chance that a trial member with full trust buys the full product at camp end after "
              "a perfect camp (needs offer_product).")
        .real(&S::quality_exponent, "quality_exponent", 2.0, 0.0, 10.0, "",
              "Steepness of camp conversion in camp quality: a good experience converts, a poor one "
              "hardly at all.")
        // Full product.
        .flag(&S::offer_product, "offer_product", false,
              "Sell the full product / paid membership (at camp end, and directly in the fish pond).")
        .real(&S::product_price, "product_price", 1200.0, 0.0, 1e6, "yuan",
              "Price of the product, charged again at every renewal (the texts' tiers: 200 and "
              "1,200 yuan).")
        .real(&S::product_quality, "product_quality", 0.8, 0.0, 1.0, "fraction",
              "Value the product delivers: adds to what paid members read; refunds and "
              "testimonials depend on it.")
        .real(&S::direct_conversion, "direct_conversion", 0.01, 0.0, 1.0, "probability/visit",
              "Chance that a visiting fish-pond member with full trust and no price sensitivity "
              "buys the product outright.")
        .integer(&S::renewal_days, "renewal_days", 365, 1, kMaxDays, "days",
                 "Membership period: a paid member renews or lapses every renewal_days after buying.")
        .real(&S::renewal_probability, "renewal_probability", 0.8, 0.0, 1.0, "probability",
              "Chance that a paid member with full trust renews at a period end "
              "(x trust^trust_exponent).")
        .integer(&S::refund_window_days, "refund_window_days", 7, 0, 3650, "days",
                 "Days after the first purchase in which a buyer may ask for a refund.")
        .real(&S::refund_probability, "refund_probability", 0.5, 0.0, 1.0, "probability",
              "Chance that a buyer of a worthless product (quality 0) asks for a refund within the "
              "window; the chance is refund_probability x (1 - product_quality).")
        // Hard selling.
        .list(&S::promotions, "promotions", promotion,
              "Hard-selling campaigns in the fish-pond groups: each adds intensity x tier_pressure to "
              "the groups' sales_pressure and multiplies pond purchases by 1 + intensity x "
              "tier_effect.")
        .real(&S::tier_pressure, int(CopyTier::Discount), "discount_pressure", 1.0, 0.0, 10.0, "sales pressure",
              "Sales pressure of discount copy at intensity 1.")
        .real(&S::tier_pressure, int(CopyTier::Features), "features_pressure", 0.5, 0.0, 10.0, "sales pressure",
              "Sales pressure of feature copy at intensity 1.")
        .real(&S::tier_pressure, int(CopyTier::PainPoint), "pain_point_pressure", 0.2, 0.0, 10.0,
              "sales pressure", "Sales pressure of pain-point copy at intensity 1.")
        .real(&S::tier_effect, int(CopyTier::Discount), "discount_effect", 2.0, 0.0, 100.0, "",
              "Extra purchases of discount copy at intensity 1 (2: three times as many).")
        .real(&S::tier_effect, int(CopyTier::Features), "features_effect", 1.5, 0.0, 100.0, "",
              "Extra purchases of feature copy.")
        .real(&S::tier_effect, int(CopyTier::PainPoint), "pain_point_effect", 3.0, 0.0, 100.0, "",
              "Extra purchases of pain-point copy.")
        // Segments.
        .flag(&S::move_buyers, "move_buyers", false,
              "Move bait buyers into a training-camp group per term and paid members into a paid "
              "group; members who lapse or are refunded go back to the fish pond.")
        // Social proof.
        .real(&S::testimonial_probability, "testimonial_probability", 0.05, 0.0, 1.0, "probability/visit",
              "Chance that a visiting paid member (satisfaction product_quality) or trial member in "
              "camp (satisfaction camp_quality) praises it publicly, x satisfaction.")
        .integer(&S::testimonial_window_days, "testimonial_window_days", 7, 1, 365, "days",
                 "Testimonials stay visible in their group this long.")
        .integer(&S::proof_threshold, "proof_threshold", 3, 1, 100000, "testimonials",
                 "Visible testimonials at which a group's demand jumps (the texts: 2 to 3).")
        .real(&S::proof_multiplier, "proof_multiplier", 3.0, 0.0, 100.0, "",
              "Purchase chances in a group at or above the threshold are multiplied by this.");
  }();
  return keys;
}

}  // namespace

void FunnelSettings::declare(ParamRegistry& p) { funnel_keys().declare(p); }

FunnelSettings FunnelSettings::read(const ParameterSet& p) {
  FunnelSettings s = funnel_keys().read(p);
  s.sales_trust_threshold = commsim::models::sales_trust_threshold(p);
  s.schedule = {CampSchedule::term_days(s.bait_start_day, s.bait_every_days), s.enrollment_days, s.camp_days};
  return s;
}

}  // namespace commsim::models
