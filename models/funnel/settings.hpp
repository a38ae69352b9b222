#pragma once
// The funnel module's scenario keys: declared once here, read into one
// struct its parts (models/funnel/) take their settings from.
#include <array>
#include <cstdint>
#include <vector>

#include "models/cadence.hpp"
#include "models/funnel/camp_schedule.hpp"
#include "sim/parameters.hpp"

namespace commsim::models {

// The three tiers of ad copy (domain: selling style).
enum class CopyTier : std::uint8_t { Discount = 0, Features, PainPoint };
inline constexpr int kCopyTiers = 3;

struct Promotion {
  DayWindow days;    // every day of it
  double intensity;  // 0..1
  CopyTier tier;
};

struct FunnelSettings {
  // Trust.
  double trust_gain, trust_decay, trust_exponent, price_scale, purchase_commitment;
  double hard_sell_trust_loss, sales_trust_threshold;  // the threshold is engagement's key
  // Bait class (training camp).
  bool offer_bait;
  double bait_price;
  int bait_start_day, bait_every_days, enrollment_days, camp_days;
  CampSchedule schedule;  // of the four above
  double camp_quality, bait_conversion, camp_conversion, quality_exponent;
  // Full product / paid membership.
  bool offer_product;
  double product_price, product_quality, direct_conversion;
  int renewal_days;
  double renewal_probability;
  int refund_window_days;
  double refund_probability;
  // Hard selling.
  std::vector<Promotion> promotions;
  std::array<double, kCopyTiers> tier_pressure, tier_effect;
  // Segments.
  bool move_buyers;
  // Social proof.
  double testimonial_probability;
  int testimonial_window_days;
  int proof_threshold;
  double proof_multiplier;

  static void declare(ParamRegistry& p);
  static FunnelSettings read(const ParameterSet& p);
};

}  // namespace commsim::models
