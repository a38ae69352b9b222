#include "models/official_account.hpp"

#include <algorithm>

#include "models/count_draws.hpp"
#include "models/ledger.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

// The cascade is subcritical (share_probability x reads_per_share < 1, a
// checked constraint), so it dies out after a few generations; the cap only
// bounds the loop.
constexpr int kMaxGenerations = 1000;

struct OfficialSettings {
  std::int64_t followers;
  int article_every_days;
  std::uint8_t article_weekdays;
  int article_start_day, article_end_day;
  double open_rate, share_probability, reads_per_share, follow_probability, article_join_probability,
      article_cost;
};

const SettingsBinding<OfficialSettings>& official_keys() {
  using S = OfficialSettings;
  static const auto keys =
      SettingsBinding<S>("channels")
          .integer(&S::followers, "followers", 0, 0, 1000000000, "people",
                   "Followers of the operator's official account at day 0; 0: no official account.")
          .integer(&S::article_every_days, "article_every_days", 0, 0, kMaxDays, "days",
                   "An article goes out every this many days from article_start_day; 0: no interval.")
          .text_as<std::uint8_t>(&S::article_weekdays, "article_weekdays", "",
                                 "Weekdays an article goes out, e.g. \"mon,thu\" (day 0 is a Monday); \"\": "
                                 "none. With article_every_days 0 and no weekdays the account publishes "
                                 "nothing.",
                                 weekday_mask, check_weekdays)
          .integer(&S::article_start_day, "article_start_day", 0, 0, kMaxDays, "day",
                   "First day an article may go out.")
          .integer(&S::article_end_day, "article_end_day", -1, -1, kMaxDays, "day",
                   "Last day an article may go out; -1: the horizon.")
          .check([](const S& s) { return window_order_problem({s.article_start_day, s.article_end_day}); },
                 &S::article_start_day, &S::article_end_day)
          .real(&S::open_rate, "open_rate", 0.03, 0.0, 1.0, "probability",
                "Chance that a follower opens an article (domain: about 3%).")
          .real(&S::share_probability, "share_probability", 0.05, 0.0, 1.0, "probability",
                "Chance that a reader of an article, direct or through Moments, shares it to Moments.")
          .real(&S::reads_per_share, "reads_per_share", 13.0, 0.0, 1e6, "reads/share",
                "Mean reads a Moments share of an article brings among the sharer's friends (Poisson). "
                "share_probability x reads_per_share is the expected share of reads through Moments "
                "(0.65: domain 60 to 70%) and must stay below 1.")
          .check(
              [](const S& s) -> std::string {
                const double r = s.share_probability * s.reads_per_share;
                if (r < 1.0) return "";
                return "share_probability x reads_per_share is " + std::to_string(r) +
                       ": must be below 1, else every article spreads through Moments without end";
              },
              &S::share_probability, &S::reads_per_share)
          .real(&S::follow_probability, "follow_probability", 0.01, 0.0, 1.0, "probability",
                "Chance that a reader through Moments who does not join follows the account.")
          .real(&S::article_join_probability, "article_join_probability", 0.0011, 0.0, 1.0, "probability",
                "Chance that a reader of an article joins the community (times the entry threshold's "
                "pass rate); a follower joins through articles at most once.")
          .real(&S::article_cost, "article_cost", 500.0, 0.0, 1e9, "yuan",
                "Cost of writing one article (booked as cost on the day it goes out).");
  return keys;
}

}  // namespace

void OfficialAccount::declare(ParamRegistry& p) { official_keys().declare(p); }

OfficialAccount::OfficialAccount(const ParameterSet& p) {
  const OfficialSettings s = official_keys().read(p);
  followers_ = s.followers;
  outside_ = followers_;
  open_rate_ = s.open_rate;
  share_probability_ = s.share_probability;
  reads_per_share_ = s.reads_per_share;
  follow_probability_ = s.follow_probability;
  join_probability_ = s.article_join_probability;
  cost_fen_ = to_fen(s.article_cost);
  schedule_.every_days = s.article_every_days;
  schedule_.weekdays = s.article_weekdays;
  schedule_.window = {s.article_start_day, s.article_end_day};
}

ArticleDay OfficialAccount::publish(int day, const StreamKey& key, double pass_rate) {
  ArticleDay a;
  if (!schedule_.on(day)) return a;
  a.articles = 1;
  // Direct opens: Binomial(F, open_rate), drawn apart for the followers who
  // may still join and those who joined through an earlier article.
  RandomStream open_outside(key, 0, kDraw), open_joined(key, 1, kDraw);
  const std::int64_t opened_outside = binomial_count(open_outside, outside_, open_rate_);
  a.opens = opened_outside + binomial_count(open_joined, followers_ - outside_, open_rate_);
  // Each reader shares with share_probability; each share brings
  // Poisson(reads_per_share) reads, whose readers share again.
  std::int64_t readers = a.opens;
  for (int g = 0; readers > 0 && g < kMaxGenerations; ++g) {
    RandomStream stream(key, std::uint32_t(g), kShares);
    const std::int64_t shares = binomial_count(stream, readers, share_probability_);
    readers = poisson_count(stream, double(shares) * reads_per_share_);
    a.shares += shares;
    a.moments_reads += readers;
  }
  // Readers join with the same chance whichever way they came; readers
  // through Moments who do not join may follow.
  const double join = std::min(1.0, join_probability_ * pass_rate);
  RandomStream followers_join(key, 2, kDraw), friends_join(key, 3, kDraw), follow(key, 4, kDraw);
  const std::int64_t joined_followers = binomial_count(followers_join, opened_outside, join);
  const std::int64_t joined_friends = binomial_count(friends_join, a.moments_reads, join);
  a.joiners = joined_followers + joined_friends;
  a.new_followers = binomial_count(follow, a.moments_reads - joined_friends, follow_probability_);
  followers_ += a.new_followers;
  outside_ += a.new_followers - joined_followers;
  return a;
}

std::int64_t OfficialAccount::articles_in(int days) const {
  std::int64_t n = 0;
  for (int d = 0; d < days; ++d) n += schedule_.on(d);
  return n;
}

double OfficialAccount::reads_per_follower() const {
  return open_rate_ / std::max(1e-9, 1.0 - share_probability_ * reads_per_share_);
}

}  // namespace commsim::models
