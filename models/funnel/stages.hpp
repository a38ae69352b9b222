#pragma once
// Every change of a member's funnel stage and what it books: a bait-class
// purchase (trial), a product purchase (paid), a renewal, a refund, a
// lapse. Paying commits members to the group (attachment); with segment
// moves each change requests the member's move.
#include <cstdint>

#include "models/funnel/members.hpp"
#include "models/funnel/moves.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models {

class StageChanges {
 public:
  StageChanges(const FunnelSettings& s, const ModuleLayout& layout);

  void buy_bait(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, DayTally& tally,
                MoveBuffer* moves) const;
  void buy_product(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, DayTally& tally,
                   MoveBuffer* moves) const;
  void renew(DayTally& tally) const;
  void refund(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, DayTally& tally,
              MoveBuffer* moves) const;
  // A paid member who does not renew (counted in lapsed).
  void lapse(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, DayTally& tally,
             MoveBuffer* moves) const;
  // Out of the funnel as `stage` (Lapsed, Refunded), back to the pond.
  void leave(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, Funnel stage,
             MoveBuffer* moves) const;

 private:
  struct Purchase {
    Funnel stage;
    MetricId counter;
    std::int64_t fen;
    Destination destination;
  };
  void purchase(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m, const Purchase& what,
                DayTally& tally, MoveBuffer* moves) const;
  // Paying makes members actually read: a lasting tie to the group.
  void commit(const FunnelFields& f, std::uint32_t i) const;

  double commitment_;
  std::int64_t bait_fen_, product_fen_;
  MetricId trials_, conversions_, renewals_, lapsed_, refunds_, revenue_;
};

}  // namespace commsim::models
