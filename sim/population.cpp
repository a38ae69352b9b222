#include "sim/population.hpp"

namespace commsim {

static_assert(sizeof(MemberState) + sizeof(Role) + 2 * sizeof(Day) + sizeof(std::uint32_t) +
                  4 * sizeof(float) ==
              Population::kBytesPerMember);

void Population::reserve(std::size_t n) {
  state.reserve(n);
  role.reserve(n);
  join_day.reserve(n);
  last_active_day.reserve(n);
  group.reserve(n);
  engagement.reserve(n);
  trust.reserve(n);
  interest.reserve(n);
  attachment.reserve(n);
}

MemberRange Population::append(std::uint32_t count, std::uint32_t group_id, Day day) {
  const std::uint32_t begin = size();
  const std::size_t n = begin + std::size_t{count};
  state.resize(n, MemberState::Newcomer);
  role.resize(n, Role::Ordinary);
  join_day.resize(n, day);
  last_active_day.resize(n, kNever);
  group.resize(n, group_id);
  engagement.resize(n, 0.0f);
  trust.resize(n, 0.0f);
  interest.resize(n, 0.0f);
  attachment.resize(n, 0.0f);
  return {begin, size()};
}

std::uint32_t Groups::open(Day day) {
  size.push_back(0);
  created_day.push_back(day);
  return count() - 1;
}

}  // namespace commsim
