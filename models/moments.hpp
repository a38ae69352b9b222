#pragma once
// The operator's personal WeChat account posting to Moments (朋友圈): a
// circle of friends outside the community, posts a day, the friends each
// day's posts reach, the friends who mute the account when it posts too
// much, and the reached friends who join. One job: what one day of posting
// brings. Keys `channels.friends`, `channels.posts_*`,
// `channels.post_view_probability`, `channels.max_helpful_posts`,
// `channels.mute_probability`, `channels.moments_join_probability`,
// `channels.post_cost` (docs/model.md, "Channels outside the groups").
#include <cstdint>

#include "models/cadence.hpp"
#include "sim/parameters.hpp"
#include "sim/random_stream.hpp"

namespace commsim::models {

struct MomentsDay {
  std::int64_t posts = 0;    // posted today
  std::int64_t reach = 0;    // friends outside the community who saw at least one post
  std::int64_t muted = 0;    // of them, friends who muted the account today
  std::int64_t joiners = 0;  // reached friends who join the community
};

class PersonalAccount {
 public:
  static constexpr Purpose kDraw{122};  // reach, muting, joins (agents 0 to 2)

  static void declare(ParamRegistry& p);
  explicit PersonalAccount(const ParameterSet& p);

  MomentsDay post(int day, const StreamKey& key, double pass_rate);

  std::int64_t muted() const { return muted_; }     // friends who muted the account so far
  std::int64_t friends() const { return friends_; }  // at day 0
  bool posts_on(int day) const { return posts_per_day_ > 0 && window_.contains(day); }
  std::int64_t cost_fen() const { return cost_fen_; }  // per post

  // Chance that a friend sees at least one of `posts` posts: 1 - (1 - v)^posts.
  double reach_probability(std::int64_t posts) const;
  // Chance that a friend who saw the day's posts mutes the account:
  // 1 - (1 - mute_probability)^(posts beyond max_helpful_posts).
  double mute_chance(std::int64_t posts) const;

 private:
  std::int64_t friends_;
  std::int64_t audience_;  // friends outside the community who still see the posts
  std::int64_t muted_ = 0;
  std::int64_t posts_per_day_;
  DayWindow window_;
  double view_probability_, mute_probability_, join_probability_;
  std::int64_t max_helpful_;
  std::int64_t cost_fen_;
};

}  // namespace commsim::models
