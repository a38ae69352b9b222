#include "models/moments.hpp"

#include <algorithm>
#include <cmath>

#include "models/count_draws.hpp"
#include "models/ledger.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

namespace {

struct MomentsSettings {
  std::int64_t friends, posts_per_day;
  Cadence posts;
  double post_view_probability;
  std::int64_t max_helpful_posts;
  double mute_probability, moments_join_probability, post_cost;
};

const SettingsBinding<MomentsSettings>& moments_keys() {
  using S = MomentsSettings;
  static const auto keys =
      SettingsBinding<S>("channels")
          .integer(&S::friends, "friends", 5000, 0, 100000000, "people",
                   "Friends of the operator's personal WeChat account outside the community at day 0 "
                   "(domain: a personal account of 5,000 friends); they see its Moments posts.")
          .integer(&S::posts_per_day, "posts_per_day", 0, 0, 100, "posts/day",
                   "Moments posts the personal account makes each day of the posting window; 0: none.")
          .custom(cadence_keys(&S::posts, {.prefix = "posts_", .what = "the Moments posting"}))
          .real(&S::post_view_probability, "post_view_probability", 0.2, 0.0, 1.0, "probability",
                "Chance that a friend sees a given post in its Moments feed (posts get buried).")
          .integer(&S::max_helpful_posts, "max_helpful_posts", 5, 0, 100, "posts/day",
                   "Posts a day friends accept (domain: 3 to 5 a day is the most that helps); each post "
                   "beyond it annoys the friends who see the day's posts.")
          .real(&S::mute_probability, "mute_probability", 0.02, 0.0, 1.0, "probability",
                "Chance, per post beyond max_helpful_posts, that a friend who saw the day's posts "
                "mutes or unfriends the account for good.")
          .real(&S::moments_join_probability, "moments_join_probability", 0.002, 0.0, 1.0, "probability",
                "Chance that a friend reached on a day joins the community (times the entry "
                "threshold's pass rate): a friend's post is trusted more than an article.")
          .real(&S::post_cost, "post_cost", 10.0, 0.0, 1e9, "yuan",
                "Cost of one Moments post (the operator's time; booked as cost).");
  return keys;
}

}  // namespace

void PersonalAccount::declare(ParamRegistry& p) { moments_keys().declare(p); }

PersonalAccount::PersonalAccount(const ParameterSet& p) {
  const MomentsSettings s = moments_keys().read(p);
  friends_ = s.friends;
  audience_ = friends_;
  posts_per_day_ = s.posts_per_day;
  window_ = s.posts.window;
  view_probability_ = s.post_view_probability;
  mute_probability_ = s.mute_probability;
  join_probability_ = s.moments_join_probability;
  max_helpful_ = s.max_helpful_posts;
  cost_fen_ = to_fen(s.post_cost);
}

double PersonalAccount::reach_probability(std::int64_t posts) const {
  return 1.0 - std::pow(1.0 - view_probability_, double(posts));
}

double PersonalAccount::mute_chance(std::int64_t posts) const {
  const std::int64_t excess = std::max<std::int64_t>(0, posts - max_helpful_);
  return 1.0 - std::pow(1.0 - mute_probability_, double(excess));
}

// R ~ Binomial(A, 1 - (1 - v)^m); muted ~ Binomial(R, mute_chance(m));
// joiners ~ Binomial(R - muted, p x pass); A -= muted + joiners.
MomentsDay PersonalAccount::post(int day, const StreamKey& key, double pass_rate) {
  MomentsDay m;
  if (!posts_on(day)) return m;
  m.posts = posts_per_day_;
  RandomStream reach(key, 0, kDraw), mute(key, 1, kDraw), join(key, 2, kDraw);
  m.reach = binomial_count(reach, audience_, reach_probability(m.posts));
  m.muted = binomial_count(mute, m.reach, mute_chance(m.posts));
  m.joiners = binomial_count(join, m.reach - m.muted, std::min(1.0, join_probability_ * pass_rate));
  audience_ -= m.muted + m.joiners;
  muted_ += m.muted;
  return m;
}

}  // namespace commsim::models
