#pragma once
// The operator's official account (公众号), a broadcast channel outside the
// groups: followers, articles on a cadence, direct opens, shares to Moments
// and the reads those shares bring, and the readers who join the community
// or follow the account. One job: what one article day brings. Keys
// `channels.followers`, `channels.article_*`, `channels.open_rate`,
// `channels.share_probability`, `channels.reads_per_share`,
// `channels.follow_probability` (docs/model.md, "Channels outside the groups").
#include <cstdint>

#include "models/schedule.hpp"
#include "sim/parameters.hpp"
#include "sim/random_stream.hpp"

namespace commsim::models {

// What one day's article brought.
struct ArticleDay {
  std::int64_t articles = 0;       // published today (0 or 1)
  std::int64_t opens = 0;          // direct opens by followers
  std::int64_t shares = 0;         // readers (direct or not) who shared it to Moments
  std::int64_t moments_reads = 0;  // reads through shares, and shares of shares
  std::int64_t joiners = 0;        // readers who join the community
  std::int64_t new_followers = 0;  // readers through Moments who follow the account
};

class OfficialAccount {
 public:
  static constexpr Purpose kDraw{120};    // opens, joins and follows (agents 0 to 4)
  static constexpr Purpose kShares{121};  // the share cascade, agent = generation

  static void declare(ParamRegistry& p);
  explicit OfficialAccount(const ParameterSet& p);

  // Publishes today's article if one is due; `pass_rate` is the entry
  // threshold's. Updates the followers.
  ArticleDay publish(int day, const StreamKey& key, double pass_rate);

  std::int64_t followers() const { return followers_; }
  // Articles due in days [0, days): for the memory bound.
  std::int64_t articles_in(int days) const;
  // Expected reads of one article per follower: open_rate / (1 - share x reads_per_share).
  double reads_per_follower() const;
  double join_probability() const { return join_probability_; }
  std::int64_t cost_fen() const { return cost_fen_; }  // per article

 private:
  Schedule schedule_;
  std::int64_t followers_;  // F
  std::int64_t outside_;    // followers who have not joined through an article
  double open_rate_, share_probability_, reads_per_share_, follow_probability_, join_probability_;
  std::int64_t cost_fen_;
};

}  // namespace commsim::models
