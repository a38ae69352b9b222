#pragma once
// Members and groups in structure-of-arrays storage.
//
// A member is an index; its fields live in parallel arrays so the daily
// kernels stream through memory. Indices are stable for the whole run (a
// member who leaves keeps its slot with a leaving state), so a member's
// random streams, keyed by index, never shift. 26 bytes per member:
//   state 1, role 1, join_day 2, last_active_day 2, group 4,
//   engagement 4, trust 4, interest 4, attachment 4.
#include <cstdint>
#include <vector>

namespace commsim {

// Where a member is in its life cycle. The engine only distinguishes members
// (in a group) from the rest; behaviour modules move members between states.
enum class MemberState : std::uint8_t {
  Prospect = 0,  // known to the community, not in a group
  Newcomer,      // first days after joining
  Active,
  Lurker,
  Dormant,
  Churned,  // left on their own
  Pruned,   // removed by the operator
};

constexpr bool is_member(MemberState s) {
  return s >= MemberState::Newcomer && s <= MemberState::Dormant;
}

enum class Role : std::uint8_t { Ordinary = 0 };

using Day = std::uint16_t;
inline constexpr Day kNever = 0xFFFF;  // last_active_day of a member who never visited
inline constexpr int kMaxDays = 20000;  // horizon limit: days fit in Day with room for kNever

struct MemberRange {
  std::uint32_t begin;
  std::uint32_t end;
};

struct Population {
  std::vector<MemberState> state;
  std::vector<Role> role;
  std::vector<Day> join_day;
  std::vector<Day> last_active_day;
  std::vector<std::uint32_t> group;
  std::vector<float> engagement;  // today's propensity to take part, 0..1
  std::vector<float> trust;       // trust in the operator, 0..1
  std::vector<float> interest;    // match with the group's theme, 0..1
  std::vector<float> attachment;  // tie strength to the group, 0..1

  static constexpr std::size_t kBytesPerMember = 26;

  std::uint32_t size() const { return static_cast<std::uint32_t>(state.size()); }
  void reserve(std::size_t n);
  // Appends `count` newcomers in `group_id` who joined on `day`; returns their range.
  MemberRange append(std::uint32_t count, std::uint32_t group_id, Day day);
};

// Groups, also structure-of-arrays. Sizes are recounted from member states
// every day, so no module ever adjusts them by hand.
struct Groups {
  std::vector<std::uint32_t> size;
  std::vector<Day> created_day;

  std::uint32_t count() const { return static_cast<std::uint32_t>(size.size()); }
  std::uint32_t open(Day day);
};

}  // namespace commsim
