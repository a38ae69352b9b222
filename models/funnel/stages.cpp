#include "models/funnel/stages.hpp"

#include "models/ledger.hpp"

namespace commsim::models {

StageChanges::StageChanges(const FunnelSettings& s, const ModuleLayout& layout)
    : commitment_(s.purchase_commitment),
      bait_fen_(to_fen(s.bait_price)),
      product_fen_(to_fen(s.product_price)),
      trials_(layout.metric("trials")),
      conversions_(layout.metric("conversions")),
      renewals_(layout.metric("renewals")),
      lapsed_(layout.metric("lapsed")),
      refunds_(layout.metric("refunds")),
      revenue_(layout.metric(metrics::kRevenue)) {}

void StageChanges::buy_bait(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                            DayTally& tally, MoveBuffer* moves) const {
  purchase(ctx, f, m, {Funnel::Trial, trials_, bait_fen_, Destination::Camp}, tally, moves);
}

void StageChanges::buy_product(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                               DayTally& tally, MoveBuffer* moves) const {
  purchase(ctx, f, m, {Funnel::Paid, conversions_, product_fen_, Destination::Paid}, tally, moves);
}

// The member enters the bought stage today, commits to the group, pays,
// and (with segment moves) goes to the stage's group.
void StageChanges::purchase(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                            const Purchase& what, DayTally& tally, MoveBuffer* moves) const {
  f.funnel[m.id] = what.stage;
  f.funnel_day[m.id] = ctx.day;
  commit(f, m.id);
  tally.add(what.counter);
  tally.add(revenue_, what.fen);
  if (moves) moves->push_back({m.id, what.destination});
}

void StageChanges::renew(DayTally& tally) const {
  tally.add(renewals_);
  tally.add(revenue_, product_fen_);
}

void StageChanges::refund(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                          DayTally& tally, MoveBuffer* moves) const {
  tally.add(refunds_);
  tally.add(revenue_, -product_fen_);
  leave(ctx, f, m, Funnel::Refunded, moves);
}

void StageChanges::lapse(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                         DayTally& tally, MoveBuffer* moves) const {
  tally.add(lapsed_);
  leave(ctx, f, m, Funnel::Lapsed, moves);
}

void StageChanges::leave(const DayContext& ctx, const FunnelFields& f, const FunnelMember& m,
                         Funnel stage, MoveBuffer* moves) const {
  f.funnel[m.id] = stage;
  f.funnel_day[m.id] = ctx.day;
  if (moves && !is_pond(ctx.groups.segment[m.group])) moves->push_back({m.id, Destination::Pond});
}

void StageChanges::commit(const FunnelFields& f, std::uint32_t i) const {
  f.attachment[i] += float(commitment_) * (1.0f - f.attachment[i]);
}

}  // namespace commsim::models
