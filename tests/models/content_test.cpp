#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim/input_error.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// One cohort of 200 in one group, nobody joins after day 0.
const std::string kCohort =
    "community: {initial_groups: 1, initial_members: 200}\nacquisition: {enabled: false}\n";

// Per replicate, the sum of a metric over days [from, to).
std::vector<double> window_totals(const EnsembleResult& r, const std::string& metric, int from,
                                  int to) {
  std::vector<double> totals;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const std::vector<double> s = series(r, metric, rep);
    totals.push_back(std::accumulate(s.begin() + from, s.begin() + to, 0.0));
  }
  return totals;
}

double median_of(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  return quantile_of_sorted(x, 0.5);
}

// Noise of a difference of two replicate medians: (sd_a + sd_b) / sqrt(n)
// is that of the means; a median of near-normal totals varies sqrt(pi / 2)
// times as much.
double noise(const std::vector<double>& a, const std::vector<double>& b) {
  return std::sqrt(std::acos(-1.0) / 2) * (sample_sd(a) + sample_sd(b)) / std::sqrt(double(a.size()));
}

// Noise of a difference of two replicate means when replicates are paired
// (the same seeds, so common random numbers wherever the two scenarios
// agree): sd of the differences / sqrt(n).
double paired_noise(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) d.push_back(a[i] - b[i]);
  return sample_sd(d) / std::sqrt(double(d.size()));
}

TEST(Content, WeekdaysIntervalsAndOneOffDaysPublishExactlyWhenDue) {
  // Three groups of 30; day 0 is a Monday. operator_posts counts one post
  // per group it reaches.
  const Scenario s = scenario_from(
      "run: {days: 28, replicates: 1}\n"
      "community: {initial_groups: 3, initial_members: 90}\n"
      "acquisition: {enabled: false}\nchurn: {enabled: false}\n"
      "content:\n  posts:\n"
      "    - {weekdays: \"mon, wed,FRI\"}\n"
      "    - {every_days: 5, start_day: 3, end_day: 20}\n"
      "    - {day: 10, segment: 0}\n"
      "    - {day: 11, segment: 2}\n");  // no training-camp group: never seen
  const std::vector<double> posts = series(run(s), "operator_posts", 0);
  for (int d = 0; d < 28; ++d) {
    const int weekday = d % 7;
    const int due = (weekday == 0 || weekday == 2 || weekday == 4) +
                    (d >= 3 && d <= 20 && (d - 3) % 5 == 0) + (d == 10);
    EXPECT_EQ(posts[d], 3 * due) << "day " << d;
  }
}

TEST(Content, RejectsUnknownTypesWeekdaysAndPostsThatNeverGoOut) {
  const auto load = [](const std::string& post) {
    return scenario_from("content:\n  posts:\n    - " + post + "\n");
  };
  EXPECT_NO_THROW(load("{type: live_course, weekdays: \"mon,wed,fri\"}"));
  EXPECT_THROW(load("{type: webinar, day: 3}"), InputError);
  EXPECT_THROW(load("{weekdays: \"mon,funday\"}"), InputError);
  EXPECT_THROW(load("{quality: 0.9}"), InputError);
  EXPECT_THROW(load("{day: 3, start_day: 5, end_day: 4}"), InputError);
}

TEST(Content, GoodPostsRaiseDailyActiveMembers) {
  const std::string base = "run: {days: 60, replicates: 16}\n" + kCohort;
  const EnsembleResult none = run(scenario_from(base));
  const EnsembleResult fed = run(scenario_from(
      base + "content:\n  posts:\n    - {type: dry_goods, quality: 0.8, every_days: 1}\n"));
  // After the honeymoon, when the group would otherwise go quiet.
  const auto a = window_totals(none, "active", 14, 60), b = window_totals(fed, "active", 14, 60);
  EXPECT_GT(median_of(b) - median_of(a), 5 * noise(a, b));
  EXPECT_GT(median_of(b), 1.5 * median_of(a));
}

TEST(Content, MoreThanHalfOfAllContentIsNeverRead) {
  Scenario s = scenario_file("scenarios/content-calendar.yaml");
  s.params.set("run.days", std::int64_t{120});
  s.params.set("run.replicates", std::int64_t{4});
  const EnsembleResult r = run(s);
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto posts = series(r, "operator_posts", rep), reads = series(r, "reads", rep),
               members = series(r, "members", rep), groups = series(r, "groups", rep);
    // Each post reaches every group, so post x member pairs are
    // operator_posts / groups x members (no group of the scenario is empty).
    double offered = 0, read = 0;
    for (int d = 1; d < 120; ++d) {
      offered += posts[d] / groups[d - 1] * members[d - 1];
      read += reads[d];
    }
    ASSERT_GT(read, 0);
    EXPECT_LT(read, 0.5 * offered) << "replicate " << rep;
  }
}

TEST(Content, SellingToMembersWhoDoNotTrustTheOperatorDrivesThemAway) {
  const std::string base = "run: {days: 90, replicates: 16}\n" + kCohort +
                           "members: {initial_trust: 0.05}\ncontent:\n  posts:\n"
                           "    - {type: professional, quality: 0.7, every_days: 1, sales_share: ";
  const EnsembleResult value = run(scenario_from(base + "0}\n"));
  const EnsembleResult selling = run(scenario_from(base + "0.8}\n"));
  const auto active_v = window_totals(value, "active", 0, 90);
  const auto active_s = window_totals(selling, "active", 0, 90);
  const auto churn_v = replicate_totals(value, "churned"), churn_s = replicate_totals(selling, "churned");
  EXPECT_GT(median_of(active_v) - median_of(active_s), 5 * noise(active_v, active_s));
  EXPECT_GT(median_of(churn_s) - median_of(churn_v), 5 * noise(churn_v, churn_s));
}

TEST(Content, PostingBeyondTheHelpfulNumberADayLowersEngagement) {
  // The same good post at 5 hours a day (the helpful maximum) and at 12.
  std::string five, twelve;
  for (int h = 8; h < 20; ++h) {
    const std::string post = "    - {type: dry_goods, quality: 0.6, every_days: 1, hour: " +
                             std::to_string(h) + "}\n";
    if (h < 13) five += post;
    twelve += post;
  }
  const std::string base = "run: {days: 60, replicates: 16}\n" + kCohort +
                           "content:\n  max_helpful_posts_per_day: 5\n  posts:\n";
  const EnsembleResult ok = run(scenario_from(base + five));
  const EnsembleResult flood = run(scenario_from(base + twelve));
  for (const std::string metric : {"active", "messages"}) {
    const auto a = window_totals(ok, metric, 0, 60), b = window_totals(flood, metric, 0, 60);
    EXPECT_GT(median_of(a) - median_of(b), 5 * noise(a, b)) << metric;
  }
}

TEST(Content, TheNewLeversStayBitIdenticalForAnyThreadCountAndGrain) {
  // Habit writes members in the parallel phase; onboarding and word of
  // mouth act in the sequential phases. None may depend on the chunking.
  const Scenario s = scenario_from(
      "run: {days: 40, replicates: 2, seed: 5}\ncommunity: {initial_groups: 4, initial_members: 2000}\n"
      "acquisition: {traffic_pool: 20000, daily_ads_reach: 2000, join_probability: 0.02, "
      "word_of_mouth: 0.2}\n"
      "onboarding: {welcome: true, rules: true}\nentry: {fee: 20, selectivity: 0.3}\n"
      "content:\n  posts:\n    - {type: morning_report, every_days: 1}\n"
      "    - {type: live_course, weekdays: \"mon,wed,fri\", sales_share: 0.2}\n");
  const auto run_with = [&](unsigned threads, std::uint32_t grain) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(s, standard(), grain);
  };
  const EnsembleResult reference = run_with(1, 100000);
  for (auto [threads, grain] : {std::pair{2u, 64u}, {2u, 1000u}})
    EXPECT_TRUE(bitwise_equal(run_with(threads, grain).values, reference.values))
        << threads << " threads, grain " << grain;
}

// The same daily post at a fixed hour (every_days: 1, a habit) and as
// one-off posts on the same days at hours that wander (no habit).
std::string fixed_and_wandering(int days, bool fixed) {
  std::string posts = "content:\n  posts:\n";
  if (fixed) return posts + "    - {type: morning_report, quality: 0.6, hour: 8, every_days: 1}\n";
  std::uint32_t state = 12345;
  for (int d = 0; d < days; ++d) {
    state = state * 1664525u + 1013904223u;
    posts += "    - {type: morning_report, quality: 0.6, day: " + std::to_string(d) +
             ", hour: " + std::to_string((state >> 16) % 24) + "}\n";
  }
  return posts;
}

// Runs the content module alone on `day` for four members with attachment
// 0.5: 0 visited yesterday, 1 the day before, 2 visited yesterday but has
// left, 3 visited yesterday but is in a group opened today.
std::vector<float> attachment_after_one_day(const std::string& posts, Day day) {
  const Scenario s = scenario_from("content: {habit_gain: 0.1, posts: " + posts + "}\n");
  const Model& model = standard();
  const auto module = std::find_if(model.modules().begin(), model.modules().end(),
                                   [](const ModuleDefinition& m) { return m.name == "content"; });
  const std::unique_ptr<Behaviour> content = module->create(s.params, model.module_layout("content"), {});
  Groups groups;
  groups.open(0);
  groups.open(day);  // opened today: nobody in it saw yesterday's post there
  Population pop = population();
  pop.append(3, 0, 0);
  pop.append(1, 1, 0);
  for (std::uint32_t i = 0; i < 4; ++i) field<float>(pop, "attachment")[i] = 0.5f;
  assign(field<Day>(pop, "last_active_day"), {Day(day - 1), Day(day - 2), Day(day - 1), Day(day - 1)});
  pop.state[2] = MemberState::Churned;
  groups.size = {2, 1};
  DayTally yesterday, tally;
  GroupSignals signals;
  signals.reset(model.layout().group_signal_count(), groups.count());
  std::uint32_t intake = 1;
  const DayContext ctx{{1, 0, day}, day, groups, yesterday, signals};
  OperatorActions actions(groups, intake, signals, day);
  content->begin_day(ctx, actions);
  const std::vector<std::uint32_t> all = {0, 1, 2, 3};
  content->update_members(ctx, pop, MemberChunk{all}, tally);
  const auto attachment = field<float>(pop, "attachment");
  return {attachment.begin(), attachment.end()};
}

TEST(ContentHabit, MembersWhoCameForYesterdaysDailyPostGainAttachment) {
  // a += habit_gain x (1 - a) = 0.5 + 0.1 x 0.5 for member 0 only.
  const std::vector<float> habit =
      attachment_after_one_day("[{every_days: 1, hour: 8}]", 10);
  EXPECT_FLOAT_EQ(habit[0], 0.55f);
  EXPECT_EQ(habit[1], 0.5f);  // did not come yesterday
  EXPECT_EQ(habit[2], 0.5f);  // left
  EXPECT_EQ(habit[3], 0.5f);  // in a group that did not exist yesterday
  // Every weekday is daily too; a post that skips yesterday, or one-off
  // posts, build no habit.
  EXPECT_FLOAT_EQ(
      attachment_after_one_day("[{weekdays: \"mon,tue,wed,thu,fri,sat,sun\"}]", 10)[0], 0.55f);
  EXPECT_EQ(attachment_after_one_day("[{every_days: 1, end_day: 8}]", 10)[0], 0.5f);
  EXPECT_EQ(attachment_after_one_day("[{day: 9}, {day: 10}]", 10)[0], 0.5f);
  EXPECT_EQ(attachment_after_one_day("[{every_days: 2}]", 10)[0], 0.5f);
}

TEST(ContentHabit, ADailyPostAtAFixedHourKeepsMoreMembersThanTheSamePostsAtWanderingHours) {
  const int days = 150;
  const std::string base = "run: {days: 150, replicates: 32}\n" + kCohort;
  const EnsembleResult fixed = run(scenario_from(base + fixed_and_wandering(days, true)));
  const EnsembleResult wandering = run(scenario_from(base + fixed_and_wandering(days, false)));
  ASSERT_EQ(replicate_totals(fixed, "operator_posts"), replicate_totals(wandering, "operator_posts"));
  // Members still in over the last 50 days (member-days).
  const auto kept_f = window_totals(fixed, "members", days - 50, days);
  const auto kept_w = window_totals(wandering, "members", days - 50, days);
  EXPECT_GT(mean_of(kept_f) - mean_of(kept_w), 5 * paired_noise(kept_f, kept_w));
  EXPECT_GT(mean_of(kept_f), 1.2 * mean_of(kept_w));
}

}  // namespace
}  // namespace commsim
