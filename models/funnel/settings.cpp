#include "models/funnel/settings.hpp"

#include <string>

#include "sim/population.hpp"

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

std::string check_promotion(const ParamValue& value) {
  const auto& row = std::get<RecordList>(value).rows.front();
  // Fields in declaration order: start_day, end_day, intensity, tier.
  return std::get<std::int64_t>(row[1]) < std::get<std::int64_t>(row[0])
             ? "end_day must not be before start_day"
             : "";
}

}  // namespace

void FunnelSettings::declare(ParamRegistry& p) {
  // Trust.
  p.real("funnel.trust_gain", 0.1, 0.0, 1.0, "trust/day",
         "Trust a visiting member gains per unit of value read, as a share of the trust it "
         "still lacks: trust += min(1, trust_gain x value_read) x (1 - trust).");
  p.real("funnel.trust_decay", 0.002, 0.0, 1.0, "fraction/day",
         "Share of its trust a member loses on a day it does not visit.");
  p.real("funnel.hard_sell_trust_loss", 0.1, 0.0, 1.0, "fraction/day",
         "Share of its trust a member without trust loses per day and unit of sales pressure "
         "in its group (x distrust = 1 - trust / engagement.sales_trust_threshold): selling "
         "before trust is built provokes resistance.");
  p.real("funnel.trust_exponent", 2.0, 0.0, 10.0, "",
         "Every purchase chance is scaled by trust^trust_exponent: no trust, no deal.");
  p.real("funnel.price_scale", 100.0, 0.01, 1e6, "yuan",
         "Price at which a member of price sensitivity s is put off by s/2: purchase chances "
         "are scaled by 1 - s x price / (price + price_scale).");
  p.real("funnel.purchase_commitment", 0.5, 0.0, 1.0, "fraction",
         "Share of its missing attachment a member gains when it pays (bait class or product): "
         "paying makes members actually read.");
  // Bait class.
  p.flag("funnel.offer_bait", false,
         "Sell a low-price bait class (training camp) in the fish-pond groups.");
  p.real("funnel.bait_price", 9.9, 0.0, 50.0, "yuan",
         "Price of the bait class (the texts: 1 to 50 yuan; 0 is a free camp).");
  p.integer("funnel.bait_start_day", 0, 0, kMaxDays, "day",
            "Day the first term opens for enrolment.");
  p.integer("funnel.bait_every_days", 0, 0, kMaxDays, "days",
            "Days between terms (a new holiday class each term); 0 runs a single term.");
  p.integer("funnel.enrollment_days", 7, 1, kMaxDays, "days",
            "Days a term sells its bait class before the camp starts.");
  p.integer("funnel.camp_days", 7, 1, kMaxDays, "days", "Length of the camp.");
  p.real("funnel.camp_quality", 0.7, 0.0, 1.0, "fraction",
         "The camp's experience: adds to what trial members read, and the full product sells "
         "at camp end with camp_quality^quality_exponent.");
  p.real("funnel.bait_conversion", 0.2, 0.0, 1.0, "probability/visit",
         "Chance that a visiting fish-pond member with full trust and no price sensitivity "
         "buys the bait class on a day its term enrols.");
  p.real("funnel.camp_conversion", 0.8, 0.0, 1.0, "probability",
         "Chance that a trial member with full trust buys the full product at camp end after "
         "a perfect camp (needs offer_product).");
  p.real("funnel.quality_exponent", 2.0, 0.0, 10.0, "",
         "Steepness of camp conversion in camp quality: a good experience converts, a poor one "
         "hardly at all.");
  // Full product.
  p.flag("funnel.offer_product", false,
         "Sell the full product / paid membership (at camp end, and directly in the fish pond).");
  p.real("funnel.product_price", 1200.0, 0.0, 1e6, "yuan",
         "Price of the product, charged again at every renewal (the texts' tiers: 200 and "
         "1,200 yuan).");
  p.real("funnel.product_quality", 0.8, 0.0, 1.0, "fraction",
         "Value the product delivers: adds to what paid members read; refunds and "
         "testimonials depend on it.");
  p.real("funnel.direct_conversion", 0.01, 0.0, 1.0, "probability/visit",
         "Chance that a visiting fish-pond member with full trust and no price sensitivity "
         "buys the product outright.");
  p.integer("funnel.renewal_days", 365, 1, kMaxDays, "days",
            "Membership period: a paid member renews or lapses every renewal_days after buying.");
  p.real("funnel.renewal_probability", 0.8, 0.0, 1.0, "probability",
         "Chance that a paid member with full trust renews at a period end "
         "(x trust^trust_exponent).");
  p.integer("funnel.refund_window_days", 7, 0, 3650, "days",
            "Days after the first purchase in which a buyer may ask for a refund.");
  p.real("funnel.refund_probability", 0.5, 0.0, 1.0, "probability",
         "Chance that a buyer of a worthless product (quality 0) asks for a refund within the "
         "window; the chance is refund_probability x (1 - product_quality).");
  // Hard selling.
  p.list("funnel.promotions",
         {integer_field("start_day", 0, 0, kMaxDays, "day", "First day of the promotion."),
          integer_field("end_day", 0, 0, kMaxDays, "day", "Last day (inclusive)."),
          real_field("intensity", 1.0, 0.0, 1.0, "", "How hard the operator pushes."),
          text_field("tier", "discount",
                     "Ad copy: discount (third-rate, provokes resistance), features (aimed at "
                     "needs), pain_point (pain point plus expertise, first-rate).",
                     check_tier)},
         "Hard-selling campaigns in the fish-pond groups: each adds intensity x tier_pressure to "
         "the groups' sales_pressure and multiplies pond purchases by 1 + intensity x "
         "tier_effect.",
         check_promotion);
  p.real("funnel.discount_pressure", 1.0, 0.0, 10.0, "sales pressure",
         "Sales pressure of discount copy at intensity 1.");
  p.real("funnel.features_pressure", 0.5, 0.0, 10.0, "sales pressure",
         "Sales pressure of feature copy at intensity 1.");
  p.real("funnel.pain_point_pressure", 0.2, 0.0, 10.0, "sales pressure",
         "Sales pressure of pain-point copy at intensity 1.");
  p.real("funnel.discount_effect", 2.0, 0.0, 100.0, "",
         "Extra purchases of discount copy at intensity 1 (2: three times as many).");
  p.real("funnel.features_effect", 1.5, 0.0, 100.0, "", "Extra purchases of feature copy.");
  p.real("funnel.pain_point_effect", 3.0, 0.0, 100.0, "", "Extra purchases of pain-point copy.");
  // Segments.
  p.flag("funnel.move_buyers", false,
         "Move bait buyers into a training-camp group per term and paid members into a paid "
         "group; members who lapse or are refunded go back to the fish pond.");
  // Social proof.
  p.real("funnel.testimonial_probability", 0.05, 0.0, 1.0, "probability/visit",
         "Chance that a visiting paid member (satisfaction product_quality) or trial member in "
         "camp (satisfaction camp_quality) praises it publicly, x satisfaction.");
  p.integer("funnel.testimonial_window_days", 7, 1, 365, "days",
            "Testimonials stay visible in their group this long.");
  p.integer("funnel.proof_threshold", 3, 1, 100000, "testimonials",
            "Visible testimonials at which a group's demand jumps (the texts: 2 to 3).");
  p.real("funnel.proof_multiplier", 3.0, 0.0, 100.0, "",
         "Purchase chances in a group at or above the threshold are multiplied by this.");
}

FunnelSettings FunnelSettings::read(const ParameterSet& p) {
  FunnelSettings s;
  s.trust_gain = p.real("funnel.trust_gain");
  s.trust_decay = p.real("funnel.trust_decay");
  s.trust_exponent = p.real("funnel.trust_exponent");
  s.price_scale = p.real("funnel.price_scale");
  s.purchase_commitment = p.real("funnel.purchase_commitment");
  s.hard_sell_trust_loss = p.real("funnel.hard_sell_trust_loss");
  s.sales_trust_threshold = p.real("engagement.sales_trust_threshold");
  s.offer_bait = p.flag("funnel.offer_bait");
  s.bait_price = p.real("funnel.bait_price");
  s.schedule = {CampSchedule::term_days(int(p.integer("funnel.bait_start_day")),
                                        int(p.integer("funnel.bait_every_days"))),
                int(p.integer("funnel.enrollment_days")), int(p.integer("funnel.camp_days"))};
  s.camp_quality = p.real("funnel.camp_quality");
  s.bait_conversion = p.real("funnel.bait_conversion");
  s.camp_conversion = p.real("funnel.camp_conversion");
  s.quality_exponent = p.real("funnel.quality_exponent");
  s.offer_product = p.flag("funnel.offer_product");
  s.product_price = p.real("funnel.product_price");
  s.product_quality = p.real("funnel.product_quality");
  s.direct_conversion = p.real("funnel.direct_conversion");
  s.renewal_days = int(p.integer("funnel.renewal_days"));
  s.renewal_probability = p.real("funnel.renewal_probability");
  s.refund_window_days = int(p.integer("funnel.refund_window_days"));
  s.refund_probability = p.real("funnel.refund_probability");
  const ListView promotions(p, "funnel.promotions");
  for (std::size_t r = 0; r < promotions.size(); ++r)
    s.promotions.push_back({{int(promotions.integer(r, "start_day")), int(promotions.integer(r, "end_day"))},
                            promotions.real(r, "intensity"), tier_of(promotions.text(r, "tier"))});
  s.tier_pressure = {p.real("funnel.discount_pressure"), p.real("funnel.features_pressure"),
                     p.real("funnel.pain_point_pressure")};
  s.tier_effect = {p.real("funnel.discount_effect"), p.real("funnel.features_effect"),
                   p.real("funnel.pain_point_effect")};
  s.move_buyers = p.flag("funnel.move_buyers");
  s.testimonial_probability = p.real("funnel.testimonial_probability");
  s.testimonial_window_days = int(p.integer("funnel.testimonial_window_days"));
  s.proof_threshold = int(p.integer("funnel.proof_threshold"));
  s.proof_multiplier = p.real("funnel.proof_multiplier");
  return s;
}

}  // namespace commsim::models
