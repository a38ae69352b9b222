#include "sim/population.hpp"

namespace commsim {

static_assert(4 * sizeof(std::uint8_t) + 4 * sizeof(Day) + sizeof(std::uint32_t) +
                  6 * sizeof(float) ==
              Population::kBytesPerMember);

void Population::reserve(std::size_t n) {
  state.reserve(n);
  role.reserve(n);
  funnel.reserve(n);
  meetups.reserve(n);
  join_day.reserve(n);
  last_active_day.reserve(n);
  last_post_day.reserve(n);
  funnel_day.reserve(n);
  group.reserve(n);
  engagement.reserve(n);
  trust.reserve(n);
  interest.reserve(n);
  attachment.reserve(n);
  attention.reserve(n);
  price_sensitivity.reserve(n);
}

MemberRange Population::append(std::uint32_t count, std::uint32_t group_id, Day day,
                               MemberState initial) {
  const std::uint32_t begin = size();
  const std::size_t n = begin + std::size_t{count};
  state.resize(n, initial);
  role.resize(n, Role::Ordinary);
  funnel.resize(n, Funnel::None);
  meetups.resize(n, 0);
  join_day.resize(n, day);
  last_active_day.resize(n, kNever);
  last_post_day.resize(n, kNever);
  funnel_day.resize(n, kNever);
  group.resize(n, group_id);
  engagement.resize(n, 0.0f);
  trust.resize(n, 0.0f);
  interest.resize(n, 0.0f);
  attachment.resize(n, 0.0f);
  attention.resize(n, 1.0f);
  price_sensitivity.resize(n, 0.5f);
  return {begin, size()};
}

std::uint32_t Groups::open(Day day, Segment s, std::uint16_t c) {
  size.push_back(0);
  created_day.push_back(day);
  segment.push_back(s);
  city.push_back(c);
  return count() - 1;
}

}  // namespace commsim
