#pragma once
// The funnel's view of its members: the columns it reads and writes,
// today's spans of them, and one member as the parts see it.
#include <cstdint>
#include <span>

#include "models/funnel/camp_schedule.hpp"
#include "models/member_fields.hpp"
#include "sim/model_layout.hpp"

namespace commsim::models {

struct FunnelColumns {
  Column<float> trust, engagement, attachment, price_sensitivity;
  Column<Day> last_active_day;
  Column<Funnel> funnel;
  Column<Day> funnel_day, coupon_until;

  static FunnelColumns of(const ModuleLayout& layout) {
    return {layout.column<float>(fields::kTrust),          layout.column<float>(fields::kEngagement),
            layout.column<float>(fields::kAttachment),     layout.column<float>(fields::kPriceSensitivity),
            layout.column<Day>(fields::kLastActiveDay),    layout.column<Funnel>(fields::kFunnel),
            layout.column<Day>(fields::kFunnelDay),        layout.column<Day>(fields::kCouponUntil)};
  }
};

// Today's spans of the columns (their storage moves when people join).
struct FunnelFields {
  std::span<float> trust, engagement, attachment, price_sensitivity;
  std::span<Day> last_active_day;
  std::span<Funnel> funnel;
  std::span<Day> funnel_day;
  std::span<const Day> coupon_until;  // as the coupons left it yesterday

  FunnelFields(Population& pop, const FunnelColumns& c)
      : trust(pop.column(c.trust)),
        engagement(pop.column(c.engagement)),
        attachment(pop.column(c.attachment)),
        price_sensitivity(pop.column(c.price_sensitivity)),
        last_active_day(pop.column(c.last_active_day)),
        funnel(pop.column(c.funnel)),
        funnel_day(pop.column(c.funnel_day)),
        coupon_until(pop.column(c.coupon_until)) {}

  // A trial member whose camp has begun.
  bool in_camp(std::uint32_t i, int day, const CampSchedule& schedule) const {
    return funnel[i] == Funnel::Trial && day >= schedule.camp_start(funnel_day[i]);
  }
};

struct FunnelMember {
  std::uint32_t id, group;
  bool visited;  // today
};

// Open groups, where the operator sells to everyone; camp and paid groups
// hold buyers only.
inline bool is_pond(Segment segment) {
  return segment == Segment::FishPond || segment == Segment::NewUsers;
}

}  // namespace commsim::models
