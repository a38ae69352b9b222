#include "sim/population.hpp"

namespace commsim {

static_assert(sizeof(MemberState) + sizeof(std::uint32_t) + sizeof(Day) ==
              Population::kEngineBytesPerMember);

void Population::reserve(std::size_t n) {
  state.reserve(n);
  group.reserve(n);
  join_day.reserve(n);
  columns.reserve(n);
}

MemberRange Population::append(std::uint32_t count, std::uint32_t group_id, Day day,
                               MemberState initial) {
  const std::uint32_t begin = size();
  const std::size_t n = begin + std::size_t{count};
  state.resize(n, initial);
  group.resize(n, group_id);
  join_day.resize(n, day);
  columns.resize(n);
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
