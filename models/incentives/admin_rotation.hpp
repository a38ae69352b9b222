#pragma once
// Who serves as a group's paid admin (models/incentives/paid_admins.hpp):
// each rotation picks one member of every group. Each member serves at most
// once, so a year of weekly rotation makes 52 highly active members per group
// (domain).
#include <cstdint>
#include <vector>

#include "models/member_fields.hpp"

namespace commsim::models {

class PaidAdminRotation {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  PaidAdminRotation(Column<Role> role, Column<Day> last_post_day, Column<float> engagement)
      : role_(role), last_post_day_(last_post_day), engagement_(engagement) {}

  // Sequential (a weekly O(members) pass): chooses the next admin of every
  // group with an eligible member: the ordinary member who has not served
  // and posted most recently, then the more engaged, then the lower index.
  // Returns how many groups got one.
  std::uint32_t rotate(const Population& pop, std::uint32_t groups);
  // Sequential: no admins any more (the lever is over).
  void stop() { chosen_.clear(); }
  // Sequential: a group whose admin left or moved has none until the next
  // rotation.
  void drop_leavers(const Population& pop);

  std::uint32_t admin_of(std::uint32_t group) const {
    return group < chosen_.size() ? chosen_[group] : kNone;
  }
  std::uint32_t groups() const { return static_cast<std::uint32_t>(chosen_.size()); }

  // Member phase: member i takes or gives up the PaidAdmin role (writes
  // only member i's role).
  void apply(Population& pop, std::span<Role> role, std::uint32_t i) const {
    const bool chosen = is_member(pop.state[i]) && admin_of(pop.group[i]) == i;
    if (role[i] == Role::PaidAdmin && !chosen) role[i] = Role::Ordinary;
    else if (role[i] == Role::Ordinary && chosen) role[i] = Role::PaidAdmin;
  }
  Column<Role> role_column() const { return role_; }

 private:
  bool more_active(const Population& pop, std::uint32_t a, std::uint32_t b) const;
  Column<Role> role_;
  Column<Day> last_post_day_;
  Column<float> engagement_;
  std::vector<std::uint32_t> chosen_;  // by group: this week's admin, kNone if none
  std::vector<std::uint8_t> served_;   // by person: has been a paid admin
};

}  // namespace commsim::models
