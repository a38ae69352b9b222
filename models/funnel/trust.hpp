#pragma once
// Trust in the operator, updated for every member every day: reading the
// group builds it (content, what the member got from the group, the camp or
// product it paid for), staying away erodes it, and selling to a member who
// does not trust the operator yet provokes resistance.
#include "models/funnel/members.hpp"
#include "models/funnel/settings.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

class TrustUpdate {
 public:
  TrustUpdate(const FunnelSettings& s, const ModuleLayout& layout);
  void update(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m) const;

 private:
  double gain_, decay_, hard_sell_loss_, sales_trust_threshold_;
  double camp_quality_, product_quality_;
  CampSchedule schedule_;
  SignalId content_value_, sales_pressure_;
};

}  // namespace commsim::models
