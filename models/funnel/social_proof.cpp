#include "models/funnel/social_proof.hpp"

namespace commsim::models {

SocialProof::SocialProof(const FunnelSettings& s, const ModuleLayout& layout)
    : probability_(s.testimonial_probability),
      camp_quality_(s.camp_quality),
      product_quality_(s.product_quality),
      threshold_(s.proof_threshold),
      multiplier_(s.proof_multiplier),
      schedule_(s.schedule),
      testimonials_(layout.metric("testimonials")),
      proof_groups_(layout.metric("proof_groups")),
      by_group_(layout.group_counter("testimonials")),
      window_(s.testimonial_window_days) {}

void SocialProof::begin_day(const DayContext& ctx) {
  const std::uint32_t groups = ctx.groups.count();
  factor_.assign(groups, 1.0);
  for (std::uint32_t g = 0; g < groups; ++g)
    if (window_.visible(g) >= threshold_) factor_[g] = multiplier_;
}

void SocialProof::testify(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                          DayTally& tally) const {
  double satisfaction = 0.0;
  if (f.funnel[m.id] == Funnel::Paid && f.funnel_day[m.id] < ctx.day)
    satisfaction = product_quality_;
  else if (f.in_camp(m.id, ctx.day, schedule_))
    satisfaction = camp_quality_;
  if (satisfaction <= 0.0) return;
  RandomStream stream(ctx.key, m.id, kTestimonialDraw);
  if (!stream.bernoulli(probability_ * satisfaction)) return;
  tally.add(testimonials_);
  tally.add_group(by_group_, m.group);
}

void SocialProof::end_day(const DayContext& ctx, const DayTally& today, DayMetrics& metrics) {
  std::int64_t proof_groups = 0;
  for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
    window_.record(ctx.day, g, today.group(by_group_, g));
    proof_groups += ctx.groups.size[g] > 0 && window_.visible(g) >= threshold_;
  }
  metrics.set(proof_groups_, double(proof_groups));
}

}  // namespace commsim::models
