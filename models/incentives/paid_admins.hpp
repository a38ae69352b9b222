#pragma once
// Paid rotating admins, a lever of the incentives module: every 7 days from
// paid_admins_start_day one member per group (admin_rotation.hpp) is chosen
// and paid a week in advance; while it serves its group gets
// roles.admin_structure and it holds the PaidAdmin role, which never burns
// out. The lever ends at the end of paid_admins_end_day.
#include <cstdint>

#include "models/cadence.hpp"
#include "models/incentives/admin_rotation.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

struct PaidAdminSettings;

class PaidAdmins {
 public:
  // incentives.paid_admins, paid_admins_start_day, paid_admins_end_day, admin_pay_per_week.
  static void declare(ParamRegistry& p);
  // Writes the structure signal and the role column; reads what the rotation ranks by.
  static void declare_layout(ModelLayout& layout);
  PaidAdmins(const ParameterSet& p, const ModuleLayout& layout);
  // structure: roles.admin_structure, what an admin gives its group.
  PaidAdmins(const PaidAdminSettings& s, double structure, const ModuleLayout& layout);

  // Operator phase: whether group g has a serving admin, and its structure.
  bool serves(std::uint32_t g) const { return rotation_.admin_of(g) != PaidAdminRotation::kNone; }
  float structure() const { return structure_; }
  // Member phase: each member takes or gives up the role.
  void update_members(Population& pop, const MemberChunk& chunk) const;
  // End of day: on rotation days chooses next week's admins; returns their
  // pay in fen. Without funds, or after the window, nobody serves.
  std::int64_t end_day(const DayContext& ctx, const Population& pop, bool funded);

 private:
  bool on_;
  Cadence rotations_;  // every 7 days in the window
  std::int64_t pay_fen_;
  float structure_;
  PaidAdminRotation rotation_;
};

}  // namespace commsim::models
