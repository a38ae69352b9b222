#include "models/funnel/moves.hpp"

namespace commsim::models {

SegmentMoves::SegmentMoves(const FunnelSettings& s)
    : on_(s.move_buyers),
      offer_product_(s.offer_product),
      direct_conversion_(s.direct_conversion),
      schedule_(s.schedule) {}

void SegmentMoves::open_groups(int day, bool bait_open, bool camp_ends, OperatorActions& actions) {
  if (!on_) return;
  pond_group_ = actions.intake_group();
  if (bait_open && schedule_.term_start(day) != camp_term_) {
    camp_group_ = actions.open_group(Segment::TrainingCamp);
    camp_term_ = schedule_.term_start(day);
  }
  if (offer_product_ && paid_group_ == kNoGroup && (direct_conversion_ > 0.0 || camp_ends))
    paid_group_ = actions.open_group(Segment::Paid);
}

void SegmentMoves::plan_joins(JoinPlan& joins) {
  if (!on_) return;
  moves_.gather_sorted(gathered_);
  for (const auto& [member, destination] : gathered_) {
    const std::uint32_t group = destination == Destination::Camp   ? camp_group_
                                : destination == Destination::Paid ? paid_group_
                                                                   : pond_group_;
    if (group != kNoGroup) joins.move(member, group);
  }
}

}  // namespace commsim::models
