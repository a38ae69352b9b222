#include "models/paid_admins.hpp"

namespace commsim::models {
namespace {

// Recency of the last post; -1: never posted.
int last_post(const Population& pop, std::uint32_t i) {
  return pop.last_post_day[i] == kNever ? -1 : int(pop.last_post_day[i]);
}

bool more_active(const Population& pop, std::uint32_t a, std::uint32_t b) {
  if (last_post(pop, a) != last_post(pop, b)) return last_post(pop, a) > last_post(pop, b);
  return pop.engagement[a] > pop.engagement[b];  // ties keep the lower index
}

}  // namespace

std::uint32_t PaidAdminRotation::rotate(const Population& pop, std::uint32_t groups) {
  chosen_.assign(groups, kNone);
  served_.resize(pop.size(), 0);
  for (std::uint32_t i = 0; i < pop.size(); ++i) {
    if (!is_member(pop.state[i]) || pop.role[i] != Role::Ordinary || served_[i]) continue;
    std::uint32_t& best = chosen_[pop.group[i]];
    if (best == kNone || more_active(pop, i, best)) best = i;
  }
  std::uint32_t appointed = 0;
  for (const std::uint32_t person : chosen_)
    if (person != kNone) {
      served_[person] = 1;
      ++appointed;
    }
  return appointed;
}

void PaidAdminRotation::drop_leavers(const Population& pop) {
  for (std::uint32_t g = 0; g < chosen_.size(); ++g) {
    const std::uint32_t person = chosen_[g];
    if (person != kNone && (!is_member(pop.state[person]) || pop.group[person] != g))
      chosen_[g] = kNone;
  }
}

}  // namespace commsim::models
