#pragma once
// Social proof: satisfied buyers (paid members, trial members in camp)
// praise what they bought where others can see it; a group whose visible
// testimonials (the last testimonial_window_days) reach proof_threshold has
// its purchase chances multiplied by proof_multiplier.
#include <cstdint>
#include <span>
#include <vector>

#include "models/funnel/members.hpp"
#include "models/funnel/settings.hpp"
#include "models/funnel/testimonial_window.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

inline constexpr Purpose kTestimonialDraw{704};

class SocialProof {
 public:
  SocialProof(const FunnelSettings& s, const ModuleLayout& layout);

  // Operator phase: today's multiplier of every group.
  void begin_day(const DayContext& ctx);
  std::span<const double> factors() const { return factor_; }
  // Member phase: a visiting member may testify.
  void testify(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, DayTally& tally) const;
  // End of day: records the day's testimonials; sets proof_groups.
  void end_day(const DayContext& ctx, const DayTally& today, DayMetrics& metrics);

 private:
  double probability_, camp_quality_, product_quality_;
  int threshold_;
  double multiplier_;
  CampSchedule schedule_;
  MetricId testimonials_, proof_groups_;
  GroupCounterId by_group_;
  TestimonialWindow window_;
  std::vector<double> factor_;  // by group
};

}  // namespace commsim::models
