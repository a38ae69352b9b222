#include "models/channels.hpp"

#include <algorithm>

#include "models/entry_threshold.hpp"
#include "models/member_fields.hpp"
#include "models/moments.hpp"
#include "models/official_account.hpp"
#include "models/value_sessions.hpp"

namespace commsim::models {
namespace {

// The first person the next New request of `joins` will create: the engine
// applies requests in order and appends new people at the end of the
// population.
std::uint32_t next_new_person(const Population& pop, const JoinPlan& joins) {
  std::uint64_t next = pop.size();
  for (const JoinPlan::Request& r : joins.requests())
    if (r.kind == JoinPlan::Kind::New) next += r.value;
  return static_cast<std::uint32_t>(next);
}

class Channels final : public Behaviour {
 public:
  Channels(const ParameterSet& p, const ModuleLayout& layout)
      : official_(p),
        moments_(p),
        sessions_(p),
        pass_rate_(EntryThreshold(p).pass_rate()),
        followers_(layout.metric("followers")),
        articles_(layout.metric("articles")),
        article_opens_(layout.metric("article_opens")),
        article_shares_(layout.metric("article_shares")),
        reads_via_moments_(layout.metric("reads_via_moments")),
        article_reads_(layout.metric("article_reads")),
        joined_official_(layout.metric("joined_official")),
        moments_posts_(layout.metric("moments_posts")),
        moments_reach_(layout.metric("moments_reach")),
        friends_muted_(layout.metric("friends_muted")),
        joined_moments_(layout.metric("joined_moments")),
        value_sessions_(layout.metric("value_sessions")),
        joined_sessions_(layout.metric("joined_sessions")),
        channel_cost_(layout.metric("channel_cost")),
        cost_(layout.metric(metrics::kCost)),
        interest_(layout.column<float>(fields::kInterest)) {}

  // Every channel draws here, once a day, from its own streams (the day's
  // key, fixed agents and purposes): nothing depends on members, threads or
  // chunking. Sessions' joiners are requested apart, so that their range of
  // new people is known to init_members.
  void plan_joins(const DayContext& ctx, const Population& pop, JoinPlan& joins) override {
    article_ = official_.publish(ctx.day, ctx.key, pass_rate_);
    moments_day_ = moments_.post(ctx.day, ctx.key, pass_rate_);
    session_ = sessions_.hold(ctx.day, ctx.key, pass_rate_);
    joins.add(static_cast<std::uint32_t>(article_.joiners + moments_day_.joiners));
    const std::uint32_t first = next_new_person(pop, joins);
    joins.add(static_cast<std::uint32_t>(session_.joiners));
    targeted_ = {first, first + static_cast<std::uint32_t>(session_.joiners)};
  }

  // Session joiners are targeted: the theme of the talk selected them.
  // Runs after `members` has drawn their interest.
  void init_members(const DayContext&, Population& pop, MemberRange added) override {
    const std::uint32_t begin = std::max(added.begin, targeted_.begin);
    const std::uint32_t end = std::min(added.end, targeted_.end);
    const auto interest = pop.column(interest_);
    for (std::uint32_t i = begin; i < end; ++i) interest[i] = sessions_.targeted_interest(interest[i]);
  }

  void end_day(const DayContext&, const Population&, DayTally& today, DayMetrics& m) override {
    m.set(followers_, double(official_.followers()));
    m.set(articles_, double(article_.articles));
    m.set(article_opens_, double(article_.opens));
    m.set(article_shares_, double(article_.shares));
    m.set(reads_via_moments_, double(article_.moments_reads));
    m.set(article_reads_, double(article_.opens + article_.moments_reads));
    m.set(joined_official_, double(article_.joiners));
    m.set(moments_posts_, double(moments_day_.posts));
    m.set(moments_reach_, double(moments_day_.reach));
    m.set(friends_muted_, double(moments_.muted()));
    m.set(joined_moments_, double(moments_day_.joiners));
    m.set(value_sessions_, double(session_.sessions));
    m.set(joined_sessions_, double(session_.joiners));
    book_cost(today, article_.articles * official_.cost_fen() + moments_day_.posts * moments_.cost_fen() +
                     session_.sessions * sessions_.cost_fen());
  }

 private:
  // The channels' money, in fen: onto the ledger's `cost` and their own
  // `channel_cost` (the engine writes both in yuan).
  void book_cost(DayTally& today, std::int64_t fen) const {
    today.add(cost_, fen);
    today.add(channel_cost_, fen);
  }

  OfficialAccount official_;
  PersonalAccount moments_;
  ValueSessions sessions_;
  double pass_rate_;
  ArticleDay article_;
  MomentsDay moments_day_;
  SessionDay session_;
  MemberRange targeted_{0, 0};  // the people today's sessions bring
  MetricId followers_, articles_, article_opens_, article_shares_, reads_via_moments_,
      article_reads_, joined_official_, moments_posts_, moments_reach_, friends_muted_,
      joined_moments_, value_sessions_, joined_sessions_, channel_cost_, cost_;
  Column<float> interest_;
};

void declare_layout(ModelLayout& layout) {
  layout.metric("followers", MetricKind::Level, "people",
                "Followers of the official account at the end of the day.");
  layout.metric("articles", MetricKind::Flow, "articles d-1", "Official-account articles published.",
                Better::Neither);
  layout.metric("article_opens", MetricKind::Flow, "reads d-1",
                "Direct opens of the day's article by followers.");
  layout.metric("article_shares", MetricKind::Flow, "shares d-1",
                "Shares of the day's article to Moments (by any reader).");
  layout.metric("reads_via_moments", MetricKind::Flow, "reads d-1",
                "Reads of the day's article through Moments shares (and shares of shares).");
  layout.metric("article_reads", MetricKind::Flow, "reads d-1",
                "All reads of the day's article: direct opens plus reads via Moments.");
  layout.metric("joined_official", MetricKind::Flow, "people d-1",
                "Readers of the official account's article who joined the community.");
  layout.metric("moments_posts", MetricKind::Flow, "posts d-1",
                "Moments posts of the operator's personal account.", Better::Neither);
  layout.metric("moments_reach", MetricKind::Flow, "people d-1",
                "Friends outside the community who saw at least one of the day's Moments posts.");
  layout.metric("friends_muted", MetricKind::Level, "people",
                "Friends who have muted or unfriended the personal account so far.", Better::Lower);
  layout.metric("joined_moments", MetricKind::Flow, "people d-1",
                "Friends reached through Moments who joined the community.");
  layout.metric("value_sessions", MetricKind::Flow, "sessions d-1",
                "Value-sharing sessions held in partners' groups.", Better::Neither);
  layout.metric("joined_sessions", MetricKind::Flow, "people d-1",
                "Listeners of a value-sharing session who joined the community (targeted).");
  layout.money("channel_cost", "Cost of the channels that day (articles, posts, sessions); included in cost.",
               Better::Lower);
  layout.writes(Item::Metric, metrics::kCost);
  // Session joiners' interest, as `members` drew it when they were created.
  layout.reads(Item::Column, fields::kInterest, When::Yesterday, "0: as created");
  layout.writes(Item::Column, fields::kInterest);
  layout.purpose(OfficialAccount::kDraw, "channels.article");
  layout.purpose(OfficialAccount::kShares, "channels.article_shares");
  layout.purpose(PersonalAccount::kDraw, "channels.moments");
  layout.purpose(ValueSessions::kDraw, "channels.sessions");
}

}  // namespace

ModuleDefinition channels_module() {
  return {
      .name = "channels",
      .help = "Acquisition channels outside the groups, each with its cost. Official account: "
              "on article days each of F followers opens with open_rate, every reader shares to "
              "Moments with share_probability, each share brings Poisson(reads_per_share) reads; "
              "readers join with article_join_probability, Moments readers follow with "
              "follow_probability. Personal account: posts_per_day Moments posts reach "
              "Binomial(A, 1 - (1 - post_view_probability)^posts) of A friends; each post "
              "beyond max_helpful_posts makes reached friends mute with mute_probability; "
              "reached friends join with moments_join_probability. Value-sharing sessions in "
              "partners' groups: listeners join with session_join_probability and come "
              "targeted (interest raised). Joins are times the entry threshold's pass rate and "
              "go to the intake group. Off by default: no articles, posts or sessions.",
      .declare_parameters =
          [](ParamRegistry& p) {
            OfficialAccount::declare(p);
            PersonalAccount::declare(p);
            ValueSessions::declare(p);
          },
      .declare_layout = declare_layout,
      .create = make_module<Channels>,
      .memory_needs =
          [](const ParameterSet& p) {
            // Articles: the expected joiners, doubled for the followers the
            // account gains; Moments: at most every friend; sessions: at
            // most every listener.
            const int days = int(p.integer("run.days"));
            const OfficialAccount official(p);
            const PersonalAccount moments(p);
            const double articles = double(official.articles_in(days)) *
                                    double(official.followers()) *
                                    official.reads_per_follower() * official.join_probability() * 2.0;
            bool posting = false;
            for (int d = 0; d < days && !posting; ++d) posting = moments.posts_on(d);
            const double friends = posting ? double(moments.friends()) : 0.0;
            return MemoryNeeds{articles + friends + ValueSessions(p).most_joiners(days), 0};
          },
  };
}

}  // namespace commsim::models
