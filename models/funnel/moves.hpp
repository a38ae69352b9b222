#pragma once
// Segment moves (funnel.move_buyers): the operator moves bait buyers into a
// training-camp group per term and paid members into a paid group; members
// who lapse or are refunded go back to the fish pond. Stage changes request
// moves in the member phase; plan_joins hands them to the engine in member
// order.
#include <cstdint>
#include <utility>
#include <vector>

#include "models/funnel/settings.hpp"
#include "sim/behaviour.hpp"
#include "sim/thread_buffers.hpp"

namespace commsim::models {

enum class Destination : std::uint8_t { Pond, Camp, Paid };
using MoveRequest = std::pair<std::uint32_t, Destination>;  // ordered by member
using MoveBuffer = std::vector<MoveRequest>;

class SegmentMoves {
 public:
  explicit SegmentMoves(const FunnelSettings& s);

  // Operator phase: groups for the segments, opened when first needed: a
  // training-camp group for each term, one paid-members group.
  void open_groups(int day, bool bait_open, bool camp_ends, OperatorActions& actions);
  // Member phase: this thread's requests, or nullptr without moves.
  MoveBuffer* buffer() { return on_ ? &moves_.local() : nullptr; }
  void plan_joins(JoinPlan& joins);

 private:
  bool on_;
  bool offer_product_;
  double direct_conversion_;
  CampSchedule schedule_;
  std::uint32_t pond_group_ = kNoGroup, camp_group_ = kNoGroup, paid_group_ = kNoGroup;
  int camp_term_ = -1;
  ThreadBuffers<MoveRequest> moves_;
  std::vector<MoveRequest> gathered_;
};

}  // namespace commsim::models
