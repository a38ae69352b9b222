// Channels outside the groups: each mechanism's law on its own (opens,
// the share cascade, Moments reach and muting, sessions), their days,
// their cost, the targeting of session joiners, and that the module does
// nothing unless a scenario publishes, posts or holds a session.
#include <gtest/gtest.h>

#include <cmath>

#include "models/acquisition.hpp"
#include "models/channels.hpp"
#include "models/ledger.hpp"
#include "models/members.hpp"
#include "sim/input_error.hpp"
#include "sim/replicate.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// A small community that brings nobody in by itself.
const std::string kQuiet =
    "community: {initial_members: 100}\nacquisition: {enabled: false}\n";

// Sum over replicates of a metric on the days `pick` selects.
template <typename Pick>
double total_on(const EnsembleResult& r, const std::string& metric, Pick pick) {
  double sum = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const std::vector<double> s = series(r, metric, rep);
    for (std::size_t d = 0; d < s.size(); ++d)
      if (pick(rep, d)) sum += s[d];
  }
  return sum;
}
const auto every_day = [](std::uint32_t, std::size_t) { return true; };

TEST(Channels, OffByDefault) {
  // The behavioural keys alone change nothing: without articles, posts or
  // sessions the module draws nothing, books nothing and adds nobody, bit
  // for bit the same as the model without it.
  const std::string base = "run: {days: 60, replicates: 4, seed: 5}\n";
  const EnsembleResult with = run(scenario_from(
      base + "channels: {followers: 100000, open_rate: 0.5, friends: 9000, "
             "moments_join_probability: 0.5, session_join_probability: 1}\n"));
  const EnsembleResult without = run(scenario_from(base + "channels: {enabled: false}\n"));
  ASSERT_GT(mean_of(replicate_totals(without, "joined")), 100.0);
  for (const MetricSpec& metric : with.metrics)
    for (std::uint32_t rep = 0; rep < with.replicates; ++rep) {
      if (metric.name == "followers") {  // the account exists, and publishes nothing
        for (double f : series(with, metric.name, rep)) EXPECT_EQ(f, 100000.0);
        continue;
      }
      EXPECT_TRUE(bitwise_equal(series(with, metric.name, rep), series(without, metric.name, rep)))
          << metric.name << " replicate " << rep;
    }
}

TEST(Channels, DirectOpensAreBinomialInFollowersAndOpenRate) {
  // No shares, so no reads through Moments and no new followers: each
  // article's opens ~ Binomial(F, open_rate), every read is an open.
  for (auto [followers, open_rate] : {std::pair{10000, 0.03}, {40000, 0.03}, {40000, 0.1}}) {
    const EnsembleResult r = run(scenario_from(
        kQuiet + "run: {days: 60, replicates: 8}\n"
                 "channels: {article_every_days: 7, share_probability: 0, followers: " +
        std::to_string(followers) + ", open_rate: " + std::to_string(open_rate) + "}\n"));
    const double n = total_on(r, "articles", every_day) * followers;
    ASSERT_EQ(n, 9.0 * 8 * followers);  // days 0, 7, ..., 56
    const double opens = total_on(r, "article_opens", every_day);
    EXPECT_NEAR(opens, n * open_rate, 5 * std::sqrt(n * open_rate * (1 - open_rate)))
        << followers << " followers, open rate " << open_rate;
    EXPECT_EQ(total_on(r, "article_reads", every_day), opens);
    EXPECT_EQ(total_on(r, "reads_via_moments", every_day), 0.0);
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      EXPECT_EQ(series(r, "followers", rep).back(), followers);
    // Readers join with article_join_probability (0.0011).
    const double joined = total_on(r, "joined_official", every_day), p = 0.0011;
    EXPECT_NEAR(joined, opens * p, 5 * std::sqrt(opens * p * (1 - p)) + 1);
  }
}

TEST(Channels, ShareOfReadsThroughMomentsIsShareProbabilityTimesReadsPerShare) {
  // Every reader shares with s and each share brings Poisson(r) reads: the
  // expected total is opens / (1 - s r), so a share s r of all reads come
  // through Moments. Noise: the replicate sd of the per-replicate ratio.
  for (auto [s, reads] : {std::pair{0.1, 5.0}, {0.05, 13.0}, {0.02, 10.0}}) {
    const EnsembleResult r = run(scenario_from(
        kQuiet + "run: {days: 30, replicates: 16}\n"
                 "channels: {followers: 100000, article_every_days: 1, article_join_probability: 0, "
                 "share_probability: " + std::to_string(s) + ", reads_per_share: " +
        std::to_string(reads) + "}\n"));
    std::vector<double> share;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
      const auto via = series(r, "reads_via_moments", rep), all = series(r, "article_reads", rep);
      share.push_back(std::accumulate(via.begin(), via.end(), 0.0) /
                      std::accumulate(all.begin(), all.end(), 0.0));
    }
    EXPECT_NEAR(mean_of(share), s * reads, 5 * sample_sd(share) / 4.0) << s << " x " << reads;
    // Readers through Moments who do not join follow with follow_probability
    // (0.01); nobody joins here.
    const double moments = total_on(r, "reads_via_moments", every_day);
    double gained = 0;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep)
      gained += series(r, "followers", rep).back() - 100000;
    EXPECT_NEAR(gained, 0.01 * moments, 5 * std::sqrt(0.01 * 0.99 * moments));
  }
}

TEST(Channels, ShareCascadeThatNeverEndsIsRejected) {
  const Scenario s = scenario_from("channels: {share_probability: 0.1, reads_per_share: 10}\n");
  try {
    check_engine_constraints(s.params, "x.yaml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'channels.share_probability' and 'channels.reads_per_share'"),
              std::string::npos)
        << e.what();
  }
}

TEST(Channels, WindowsAndSchedulesAreChecked) {
  const auto constraint_fails = [](const std::string& yaml) {
    try {
      check_engine_constraints(scenario_from(yaml).params, "x.yaml");
    } catch (const InputError&) {
      return true;
    }
    return false;
  };
  EXPECT_TRUE(constraint_fails("channels: {article_start_day: 10, article_end_day: 9}\n"));
  EXPECT_TRUE(constraint_fails("channels: {posts_start_day: 10, posts_end_day: 9}\n"));
  EXPECT_FALSE(constraint_fails("channels: {article_start_day: 10, article_end_day: 10}\n"));
  EXPECT_THROW(scenario_from("channels: {article_weekdays: \"mon,funday\"}\n"), InputError);
  EXPECT_THROW(scenario_from("channels: {sessions: [{audience: 500}]}\n"), InputError);
  EXPECT_THROW(scenario_from("channels: {sessions: [{day: 3, audience: 0}]}\n"), InputError);
  EXPECT_THROW(scenario_from("channels: {sessions: [{every_days: 7, start_day: 9, end_day: 8}]}\n"),
               InputError);
}

TEST(Channels, ArticlesGoOutOnTheirDaysAndCostWhatTheyCost) {
  // Mondays and Thursdays (day 0 is a Monday) within days 10 to 40, and
  // nothing else costs money in this scenario.
  const EnsembleResult r = run(scenario_from(
      kQuiet + "run: {days: 60, replicates: 2}\n"
               "channels: {followers: 20000, article_weekdays: \"mon,thu\", article_start_day: 10, "
               "article_end_day: 40, article_cost: 312.5}\n"));
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto articles = series(r, "articles", rep), opens = series(r, "article_opens", rep),
               cost = series(r, "cost", rep), channel_cost = series(r, "channel_cost", rep);
    for (std::size_t d = 0; d < articles.size(); ++d) {
      const bool due = d >= 10 && d <= 40 && (d % 7 == 0 || d % 7 == 3);
      EXPECT_EQ(articles[d], due ? 1.0 : 0.0) << "day " << d;
      if (due) {
        EXPECT_GT(opens[d], 400.0) << "day " << d;  // mean 600, sd 24
      } else {
        EXPECT_EQ(opens[d], 0.0) << "day " << d;
      }
      EXPECT_EQ(cost[d], 312.5 * articles[d]) << "day " << d;
      EXPECT_EQ(channel_cost[d], cost[d]) << "day " << d;
    }
  }
  // every_days from the start day.
  const EnsembleResult every = run(scenario_from(
      kQuiet + "run: {days: 30, replicates: 1}\n"
               "channels: {followers: 1000, article_every_days: 3, article_start_day: 5}\n"));
  const auto articles = series(every, "articles", 0);
  for (std::size_t d = 0; d < articles.size(); ++d)
    EXPECT_EQ(articles[d], d >= 5 && (d - 5) % 3 == 0 ? 1.0 : 0.0) << "day " << d;
}

TEST(Channels, MomentsReachSaturatesWithPostsAndFatigueMutesBeyondTheHelpfulNumber) {
  // Day 0 of posting: reach ~ Binomial(friends, 1 - (1 - v)^m) and, beyond
  // max_helpful_posts (5), muted ~ Binomial(reach, 1 - (1 - u)^(m - 5)).
  const double v = 0.2, u = 0.02, friends = 5000;
  double last_reach = 0;
  for (int m = 1; m <= 8; ++m) {
    const EnsembleResult r = run(scenario_from(
        kQuiet + "run: {days: 1, replicates: 16}\nchannels: {posts_per_day: " + std::to_string(m) +
        "}\n"));
    const double n = friends * 16, p = 1 - std::pow(1 - v, m);
    const double reach = total_on(r, "moments_reach", every_day);
    EXPECT_NEAR(reach, n * p, 5 * std::sqrt(n * p * (1 - p))) << m << " posts";
    EXPECT_GT(reach, last_reach) << m << " posts";  // more posts, more friends see one
    last_reach = reach;
    const double q = 1 - std::pow(1 - u, std::max(0, m - 5));
    const double muted = total_on(r, "friends_muted", every_day);
    if (m <= 5) {
      EXPECT_EQ(muted, 0.0) << m << " posts";
    } else {
      EXPECT_NEAR(muted, reach * q, 5 * std::sqrt(reach * q * (1 - q))) << m << " posts";
    }
    // Reached friends who did not mute join with 0.002.
    const double joined = total_on(r, "joined_moments", every_day), j = 0.002;
    EXPECT_NEAR(joined, (reach - muted) * j, 5 * std::sqrt((reach - muted) * j) + 1) << m << " posts";
  }
}

TEST(Channels, NoPostsNoMomentsJoinersAndPostsCostPerPost) {
  const EnsembleResult r = run(scenario_from(
      kQuiet + "run: {days: 40, replicates: 4}\n"
               "channels: {posts_per_day: 3, posts_start_day: 20, posts_end_day: 29, "
               "post_cost: 12.5}\n"));
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto posts = series(r, "moments_posts", rep), joined = series(r, "joined_moments", rep),
               reach = series(r, "moments_reach", rep), cost = series(r, "cost", rep);
    for (std::size_t d = 0; d < posts.size(); ++d) {
      const bool posting = d >= 20 && d <= 29;
      EXPECT_EQ(posts[d], posting ? 3.0 : 0.0) << "day " << d;
      EXPECT_EQ(cost[d], 12.5 * posts[d]) << "day " << d;
      if (!posting) {
        EXPECT_EQ(joined[d], 0.0) << "day " << d;
        EXPECT_EQ(reach[d], 0.0) << "day " << d;
      } else {
        EXPECT_GT(reach[d], 2000.0) << "day " << d;  // ~2,440 of 5,000
      }
    }
  }
  EXPECT_GT(mean_of(replicate_totals(r, "joined_moments")), 20.0);  // ~48
}

TEST(Channels, SessionsBringBinomialListenersOnceEach) {
  // A weekly session in the same host group of 500 from day 3: the first
  // brings Binomial(500, 0.8), the next ones come from the listeners left,
  // so the host group is used up (at most its 500, nearly all by day 60).
  const EnsembleResult r = run(scenario_from(
      kQuiet + "run: {days: 60, replicates: 16}\n"
               "channels: {sessions: [{every_days: 7, start_day: 3, audience: 500}], "
               "session_cost: 250}\n"));
  const double first = total_on(r, "joined_sessions", [](std::uint32_t, std::size_t d) { return d == 3; });
  EXPECT_NEAR(first, 16 * 400.0, 5 * std::sqrt(16 * 500 * 0.8 * 0.2));
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto joined = series(r, "joined_sessions", rep), held = series(r, "value_sessions", rep),
               cost = series(r, "cost", rep);
    double sum = 0;
    for (std::size_t d = 0; d < joined.size(); ++d) {
      const bool due = d >= 3 && (d - 3) % 7 == 0;
      EXPECT_EQ(held[d], due ? 1.0 : 0.0) << "day " << d;
      EXPECT_EQ(cost[d], 250.0 * held[d]) << "day " << d;
      if (!due) {
        EXPECT_EQ(joined[d], 0.0) << "day " << d;
      }
      sum += joined[d];
    }
    EXPECT_LE(sum, 500.0);
    EXPECT_GE(sum, 495.0);  // 500 x 0.2^9 left in expectation
  }
}

TEST(Channels, TheEntryThresholdHoldsChannelJoinersBack) {
  // A 100 yuan fee lets exp(-1) of would-be joiners through, on every channel.
  const EnsembleResult r = run(scenario_from(
      kQuiet + "run: {days: 1, replicates: 16}\nentry: {fee: 100}\n"
               "channels: {sessions: [{day: 0, audience: 2000}]}\n"));
  const double n = 16 * 2000.0, p = 0.8 * std::exp(-1.0);
  EXPECT_NEAR(total_on(r, "joined_sessions", every_day), n * p, 5 * std::sqrt(n * p * (1 - p)));
}

// A probe module: the summed interest and the number of the people who
// joined today (days > 0, so the seed members are not counted).
ModuleDefinition joiner_interest_probe() {
  struct Probe final : Behaviour {
    Probe(const ParameterSet&, const ModuleLayout& layout)
        : sum(layout.metric("joiner_interest_sum")),
          count(layout.metric("joiners_seen")),
          interest(layout.column<float>("interest")) {}
    MetricId sum, count;
    Column<float> interest;
    void end_day(const DayContext& ctx, const Population& pop, DayTally&, DayMetrics& m) override {
      if (ctx.day == 0) return;
      double s = 0, n = 0;
      for (std::uint32_t i = 0; i < pop.size(); ++i)
        if (is_member(pop.state[i]) && pop.join_day[i] == ctx.day) s += pop.column(interest)[i], n += 1;
      m.set(sum, s);
      m.set(count, n);
    }
  };
  return {
      .name = "probe",
      .help = "test probe",
      .declare_parameters = [](ParamRegistry&) {},
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("joiner_interest_sum", MetricKind::Flow, "", "");
            layout.metric("joiners_seen", MetricKind::Flow, "", "");
            layout.reads(Item::Column, "interest", When::Today);
          },
      .create = make_module<Probe>,
  };
}

TEST(Channels, SessionJoinersAreTargetedAndNobodyElseIs) {
  // Interest is Beta(2.4, 1.6) (mean 0.6); a session joiner's is
  // 1 - (1 - x)^2 with the default shift 1: 1 - E[Beta(1.6, 2.4)^2] =
  // 1 - 1.6 x 2.6 / (4 x 5) = 0.792. On day 2 ads and an article bring
  // untargeted joiners before the session's (ads request first, so the
  // session's people are not the first created that day).
  const Model model({models::members_module(), models::acquisition_module(),
                     models::channels_module(), models::ledger_module(), joiner_interest_probe()});
  const auto day2 = [](std::uint32_t, std::size_t d) { return d == 2; };
  const std::string base =
      "run: {days: 3, replicates: 8}\ncommunity: {initial_members: 100, group_cap: 100000}\n"
      "acquisition: {daily_ads_reach: 10000, join_probability: 0.1, start_day: 2}\n"
      "channels: {followers: 100000, article_join_probability: 0.01, article_start_day: 2, "
      "article_every_days: 1, sessions: [{day: 2, audience: 2000}]";
  for (const double shift : {1.0, 0.0}) {
    const EnsembleResult r = run(
        scenario_from(base + ", session_interest_shift: " + std::to_string(shift) + "}\n", model), model);
    const double sessions = total_on(r, "joined_sessions", day2);
    const double all = total_on(r, "joiners_seen", day2), others = all - sessions;
    ASSERT_EQ(all, total_on(r, "joined", day2));
    ASSERT_GT(total_on(r, "joined_official", day2), 300.0);  // ~86 a replicate
    ASSERT_GT(sessions, 12000.0);
    const double targeted = shift == 1.0 ? 0.792 : 0.6;
    // Per-person sd: 0.197 targeted (E[Y^4] = 0.0820), 0.219 untargeted.
    const double expected = (others * 0.6 + sessions * targeted) / all;
    const double se = std::sqrt(others * 0.048 + sessions * (shift == 1.0 ? 0.0387 : 0.048)) / all;
    EXPECT_NEAR(total_on(r, "joiner_interest_sum", day2) / all, expected, 5 * se) << "shift " << shift;
  }
}

TEST(Channels, CostIsArticlesPostsAndSessionsAtTheirPrices) {
  const EnsembleResult r = run(scenario_from(
      kQuiet + "run: {days: 30, replicates: 2}\n"
               "channels: {followers: 1000, article_weekdays: \"tue\", posts_per_day: 4, "
               "sessions: [{day: 12, audience: 100}], article_cost: 800, post_cost: 7.5, "
               "session_cost: 300}\n"));
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto cost = series(r, "cost", rep), articles = series(r, "articles", rep),
               posts = series(r, "moments_posts", rep), sessions = series(r, "value_sessions", rep);
    for (std::size_t d = 0; d < cost.size(); ++d)
      EXPECT_EQ(cost[d], 800 * articles[d] + 7.5 * posts[d] + 300 * sessions[d]) << "day " << d;
  }
}

TEST(Channels, BitIdenticalForAnyThreadCountAndGrain) {
  const Scenario s = scenario_from(
      "run: {days: 60, replicates: 3, seed: 11}\n"
      "community: {initial_groups: 4, initial_members: 2000}\n"
      "channels: {followers: 50000, article_weekdays: \"mon,thu\", posts_per_day: 7, "
      "sessions: [{day: 10, audience: 500}, {every_days: 14, audience: 300}]}\n");
  const auto run_with = [&](unsigned threads, std::uint32_t grain) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(s, standard(), grain);
  };
  const EnsembleResult reference = run_with(1, 4096);
  ASSERT_GT(mean_of(replicate_totals(reference, "joined_sessions")), 400.0);
  for (auto [threads, grain] : {std::pair{2u, 4096u}, {2u, 64u}, {1u, 333u}})
    EXPECT_TRUE(bitwise_equal(run_with(threads, grain).values, reference.values))
        << threads << " threads, grain " << grain;
}

}  // namespace
}  // namespace commsim
