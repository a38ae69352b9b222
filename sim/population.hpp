#pragma once
// Members and groups in structure-of-arrays storage.
//
// A member is an index; its fields live in parallel arrays so the daily
// kernels stream through memory. Indices are stable for the whole run (a
// member who leaves keeps its slot with a leaving state), so a member's
// random streams, keyed by index, never shift. The engine keeps only the
// fields it needs itself (state, group, join day: 7 bytes); every other field
// is a column declared by the module that owns it (sim/member_columns.hpp).
#include <cstdint>
#include <span>
#include <vector>

#include "sim/member_columns.hpp"

namespace commsim {

// Where a person is in its life cycle. The engine only distinguishes members
// (in a group) from the rest; behaviour modules move members between states.
enum class MemberState : std::uint8_t {
  Prospect = 0,  // known to the community (a friend of a member), not in a group
  Newcomer,      // first days after joining
  Active,        // posted recently
  Lurker,        // visits, does not post
  Dormant,       // has stopped visiting
  Churned,       // left on their own
  Pruned,        // removed by the operator
};

constexpr bool is_member(MemberState s) {
  return s >= MemberState::Newcomer && s <= MemberState::Dormant;
}

using Day = std::uint16_t;
inline constexpr Day kNever = 0xFFFF;  // a day field that has not happened
inline constexpr int kMaxDays = 20000;  // horizon limit: days fit in Day with room for kNever
inline constexpr std::uint32_t kNoGroup = 0xFFFFFFFF;

struct MemberRange {
  std::uint32_t begin;
  std::uint32_t end;
};

// The members of one chunk of the member phase: the indices, ascending, of
// the people who were members when the chunk's phase began. A module earlier
// in the day's order may have removed one (churn, pruning), so modules still
// check is_member; the list spares them the people who left long ago.
struct MemberChunk {
  std::span<const std::uint32_t> members;
};

struct Population {
  std::vector<MemberState> state;
  std::vector<std::uint32_t> group;  // kNoGroup for prospects
  std::vector<Day> join_day;         // for prospects: the day they were created
  MemberColumns columns;             // the modules' fields

  static constexpr std::size_t kEngineBytesPerMember = 7;

  Population() = default;
  explicit Population(const std::vector<ColumnSpec>& columns) : columns(columns) {}

  template <ColumnElement T>
  std::span<T> column(Column<T> c) { return columns.get(c); }
  template <ColumnElement T>
  std::span<const T> column(Column<T> c) const { return columns.get(c); }

  std::uint32_t size() const { return static_cast<std::uint32_t>(state.size()); }
  void reserve(std::size_t n);
  // Appends `count` people in `state` and `group` who joined (or, for
  // prospects, were created) on `day`, every column at its initial value;
  // returns their range.
  MemberRange append(std::uint32_t count, std::uint32_t group_id, Day day,
                     MemberState state = MemberState::Newcomer);
};

// Segments a group can serve (domain: stratification).
enum class Segment : std::uint8_t { FishPond = 0, NewUsers, TrainingCamp, Paid };
inline constexpr int kSegmentCount = 4;

// Groups, also structure-of-arrays. Sizes are recounted from member states
// every day, so no module ever adjusts them by hand.
struct Groups {
  std::vector<std::uint32_t> size;
  std::vector<Day> created_day;
  std::vector<Segment> segment;
  std::vector<std::uint16_t> city;  // 0: no city

  std::uint32_t count() const { return static_cast<std::uint32_t>(size.size()); }
  std::uint32_t open(Day day, Segment segment = Segment::FishPond, std::uint16_t city = 0);
};

}  // namespace commsim
