#include "models/official_account.hpp"

#include "models/day_window.hpp"

#include <algorithm>

#include "models/count_draws.hpp"
#include "models/ledger.hpp"

namespace commsim::models {
namespace {

// The cascade is subcritical (share_probability x reads_per_share < 1, a
// checked constraint), so it dies out after a few generations; the cap only
// bounds the loop.
constexpr int kMaxGenerations = 1000;

std::string check_weekdays(const ParamValue& value) {
  std::uint8_t mask = 0;
  return parse_weekdays(std::get<std::string>(value), mask);
}

}  // namespace

void OfficialAccount::declare(ParamRegistry& p) {
  p.integer("channels.followers", 0, 0, 1000000000, "people",
            "Followers of the operator's official account at day 0; 0: no official account.");
  p.integer("channels.article_every_days", 0, 0, kMaxDays, "days",
            "An article goes out every this many days from article_start_day; 0: no interval.");
  p.declare(text_field("channels.article_weekdays", "",
                       "Weekdays an article goes out, e.g. \"mon,thu\" (day 0 is a Monday); \"\": "
                       "none. With article_every_days 0 and no weekdays the account publishes "
                       "nothing.",
                       check_weekdays));
  p.integer("channels.article_start_day", 0, 0, kMaxDays, "day", "First day an article may go out.");
  p.integer("channels.article_end_day", -1, -1, kMaxDays, "day",
            "Last day an article may go out; -1: the horizon.");
  require_ordered_window(p, "channels.article_");
  p.real("channels.open_rate", 0.03, 0.0, 1.0, "probability",
         "Chance that a follower opens an article (domain: about 3%).");
  p.real("channels.share_probability", 0.05, 0.0, 1.0, "probability",
         "Chance that a reader of an article, direct or through Moments, shares it to Moments.");
  p.real("channels.reads_per_share", 13.0, 0.0, 1e6, "reads/share",
         "Mean reads a Moments share of an article brings among the sharer's friends (Poisson). "
         "share_probability x reads_per_share is the expected share of reads through Moments "
         "(0.65: domain 60 to 70%) and must stay below 1.");
  p.constraint({"channels.share_probability", "channels.reads_per_share"},
               [](const ParameterSet& s) -> std::string {
                 const double r = s.real("channels.share_probability") * s.real("channels.reads_per_share");
                 if (r < 1.0) return "";
                 return "share_probability x reads_per_share is " + std::to_string(r) +
                        ": must be below 1, else every article spreads through Moments without end";
               });
  p.real("channels.follow_probability", 0.01, 0.0, 1.0, "probability",
         "Chance that a reader through Moments who does not join follows the account.");
  p.real("channels.article_join_probability", 0.0011, 0.0, 1.0, "probability",
         "Chance that a reader of an article joins the community (times the entry threshold's "
         "pass rate); a follower joins through articles at most once.");
  p.real("channels.article_cost", 500.0, 0.0, 1e9, "yuan",
         "Cost of writing one article (booked as cost on the day it goes out).");
}

OfficialAccount::OfficialAccount(const ParameterSet& p)
    : followers_(p.integer("channels.followers")),
      outside_(followers_),
      open_rate_(p.real("channels.open_rate")),
      share_probability_(p.real("channels.share_probability")),
      reads_per_share_(p.real("channels.reads_per_share")),
      follow_probability_(p.real("channels.follow_probability")),
      join_probability_(p.real("channels.article_join_probability")),
      cost_fen_(to_fen(p.real("channels.article_cost"))) {
  schedule_.every_days = int(p.integer("channels.article_every_days"));
  parse_weekdays(p.text("channels.article_weekdays"), schedule_.weekdays);
  schedule_.window = read_day_window(p, "channels.article_");
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
