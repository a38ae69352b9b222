#include "models/incentives/admin_rotation.hpp"

namespace commsim::models {
namespace {

// Recency of the last post; -1: never posted.
int recency(Day last_post) { return last_post == kNever ? -1 : int(last_post); }

}  // namespace

bool PaidAdminRotation::more_active(const Population& pop, std::uint32_t a, std::uint32_t b) const {
  const auto last_post = pop.column(last_post_day_);
  if (recency(last_post[a]) != recency(last_post[b])) return recency(last_post[a]) > recency(last_post[b]);
  const auto engagement = pop.column(engagement_);
  return engagement[a] > engagement[b];  // ties keep the lower index
}

std::uint32_t PaidAdminRotation::rotate(const Population& pop, std::uint32_t groups) {
  chosen_.assign(groups, kNone);
  served_.resize(pop.size(), 0);
  const auto role = pop.column(role_);
  for (std::uint32_t i = 0; i < pop.size(); ++i) {
    if (!is_member(pop.state[i]) || role[i] != Role::Ordinary || served_[i]) continue;
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
