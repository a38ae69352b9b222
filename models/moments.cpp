#include "models/moments.hpp"

#include <algorithm>
#include <cmath>

#include "models/count_draws.hpp"
#include "models/ledger.hpp"

namespace commsim::models {

void PersonalAccount::declare(ParamRegistry& p) {
  p.integer("channels.friends", 5000, 0, 100000000, "people",
            "Friends of the operator's personal WeChat account outside the community at day 0 "
            "(domain: a personal account of 5,000 friends); they see its Moments posts.");
  p.integer("channels.posts_per_day", 0, 0, 100, "posts/day",
            "Moments posts the personal account makes each day of the posting window; 0: none.");
  declare_day_window(p, "channels.posts_", "the Moments posting");
  p.real("channels.post_view_probability", 0.2, 0.0, 1.0, "probability",
         "Chance that a friend sees a given post in its Moments feed (posts get buried).");
  p.integer("channels.max_helpful_posts", 5, 0, 100, "posts/day",
            "Posts a day friends accept (domain: 3 to 5 a day is the most that helps); each post "
            "beyond it annoys the friends who see the day's posts.");
  p.real("channels.mute_probability", 0.02, 0.0, 1.0, "probability",
         "Chance, per post beyond max_helpful_posts, that a friend who saw the day's posts "
         "mutes or unfriends the account for good.");
  p.real("channels.moments_join_probability", 0.002, 0.0, 1.0, "probability",
         "Chance that a friend reached on a day joins the community (times the entry "
         "threshold's pass rate): a friend's post is trusted more than an article.");
  p.real("channels.post_cost", 10.0, 0.0, 1e9, "yuan",
         "Cost of one Moments post (the operator's time; booked as cost).");
}

PersonalAccount::PersonalAccount(const ParameterSet& p)
    : friends_(p.integer("channels.friends")),
      audience_(friends_),
      posts_per_day_(p.integer("channels.posts_per_day")),
      window_(read_day_window(p, "channels.posts_")),
      view_probability_(p.real("channels.post_view_probability")),
      mute_probability_(p.real("channels.mute_probability")),
      join_probability_(p.real("channels.moments_join_probability")),
      max_helpful_(p.integer("channels.max_helpful_posts")),
      cost_fen_(to_fen(p.real("channels.post_cost"))) {}

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
