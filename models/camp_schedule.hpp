#pragma once
// The calendar of bait-class terms (training camps, e.g. holiday classes).
//
// Term k opens for enrolment on day start + k x every (every 0: one term),
// sells for `enrollment` days, then runs its camp for `camp` days. A buyer's
// term is the one whose enrolment was open on the purchase day, so the camp
// of every trial member follows from its funnel_day alone.
namespace commsim::models {

struct CampSchedule {
  int start = 0;       // first term's enrolment day
  int every = 0;       // days between terms; 0 for a single term
  int enrollment = 7;  // days a term sells before its camp starts
  int camp = 7;        // days the camp runs

  // Start of the latest term whose enrolment opened on or before `day`; -1 if none.
  int term_start(int day) const {
    if (day < start) return -1;
    return every > 0 ? start + (day - start) / every * every : start;
  }
  bool enrolling(int day) const {
    const int term = term_start(day);
    return term >= 0 && day - term < enrollment;
  }
  int camp_start(int purchase_day) const { return term_start(purchase_day) + enrollment; }
  // The day a buyer's camp is over and the full product is offered.
  int camp_end(int purchase_day) const { return camp_start(purchase_day) + camp; }
  // True if some term's camp ends on `day`.
  bool camp_ends(int day) const {
    const int term = day - enrollment - camp;
    if (term < start) return false;
    return every > 0 ? (term - start) % every == 0 : term == start;
  }
};

}  // namespace commsim::models
