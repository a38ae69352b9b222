#pragma once
// The member columns modules share, by name: each is declared (typed, with
// its initial value) by the module that owns it and read or written by
// others through the names below, declared in their layouts so that the
// model's dataflow is checked at start-up (sim/dataflow.hpp).
#include <cstdint>

#include "sim/population.hpp"

namespace commsim::models {

enum class Role : std::uint8_t {
  Ordinary = 0,
  Kol,             // key opinion leader / expert
  Creator,         // content creator / sharer
  VolunteerAdmin,  // unpaid group admin
  PaidAdmin,       // paid, rotating admin
  Spammer,         // advertiser
};
inline constexpr int kRoleCount = 6;

// Position in the sales funnel (fish pond -> bait class -> paid).
enum class Funnel : std::uint8_t { None = 0, Trial, Paid, Lapsed, Refunded };

namespace fields {
// Owner `members`: drawn when a person is created.
inline constexpr const char* kInterest = "interest";                  // float, match with the theme, 0..1
inline constexpr const char* kAttention = "attention";                // float, attention free for the group, 0..1
inline constexpr const char* kPriceSensitivity = "price_sensitivity";  // float, 0 buys at any price .. 1
inline constexpr const char* kTrust = "trust";                        // float, trust in the operator, 0..1
// Owner `onboarding`.
inline constexpr const char* kAttachment = "attachment";  // float, tie strength to the group, 0..1
// Owner `engagement`.
inline constexpr const char* kEngagement = "engagement";  // float, today's propensity to take part, 0..1
// Owner `roles`.
inline constexpr const char* kRole = "role";  // Role
// Owner `participation`.
inline constexpr const char* kLastActiveDay = "last_active_day";  // Day of the last visit, kNever
inline constexpr const char* kLastPostDay = "last_post_day";      // Day of the last message, kNever
// Owner `meetups`.
inline constexpr const char* kMeetups = "meetups";  // uint8, offline meetups attended (saturates)
// Owner `funnel`.
inline constexpr const char* kFunnel = "funnel";         // Funnel
inline constexpr const char* kFunnelDay = "funnel_day";  // Day the current stage began, kNever
// Owner `coupons`.
inline constexpr const char* kCouponUntil = "coupon_until";  // Day, last day a held coupon is valid, kNever
}  // namespace fields

// Money and the metrics several modules add to, owned by `ledger` and `churn`.
namespace metrics {
inline constexpr const char* kRevenue = "revenue";
inline constexpr const char* kCost = "cost";
inline constexpr const char* kChurned = "churned";
}  // namespace metrics

}  // namespace commsim::models
