#pragma once
// The calendar of bait-class terms (training camps, e.g. holiday classes).
//
// Terms open for enrolment on the days of a cadence (models/cadence.hpp):
// the first on bait_start_day, the next every bait_every_days (0: one
// term). A term sells for `enrollment` days, then runs its camp for `camp`
// days. A buyer's term is the latest one opened on or before the purchase
// day, so the camp of every trial member follows from its funnel_day alone.
#include "models/cadence.hpp"

namespace commsim::models {

struct CampSchedule {
  Cadence terms;       // the days terms open
  int enrollment = 7;  // days a term sells before its camp starts
  int camp = 7;        // days the camp runs

  // A first term on `start`, then one every `every` days (0: that one only).
  static Cadence term_days(int start, int every) { return {{start, -1}, every, 0, start}; }

  // Start of the latest term whose enrolment opened on or before `day`; -1 if none.
  int term_start(int day) const { return terms.latest(day); }
  bool enrolling(int day) const {
    const int term = term_start(day);
    return term >= 0 && day - term < enrollment;
  }
  int camp_start(int purchase_day) const { return term_start(purchase_day) + enrollment; }
  // The day a buyer's camp is over and the full product is offered.
  int camp_end(int purchase_day) const { return camp_start(purchase_day) + camp; }
  // True if some term's camp ends on `day`.
  bool camp_ends(int day) const { return terms.on(day - enrollment - camp); }
};

}  // namespace commsim::models
