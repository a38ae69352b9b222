#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/module_driver.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

TEST(Participation, VisitsFollowInterestTimesTheHoneymoonCurve) {
  // Without social pull, social proof or churn, P(visit on day d) =
  // visit_base x interest x h(d) x attention, h(d) = settled + (1 - settled)
  // exp(-d / tau); interest and attention are independent Beta draws, so the
  // mean visit probability uses their means. Active members per day are a sum of independent Bernoullis:
  // the replicate-total sd is at most sqrt(n p) (binomial with p <= 1).
  const int members = 2000, replicates = 16;
  const double visit_base = 0.8, mean_interest = 0.5, mean_attention = 0.8, settled = 0.2, tau = 5.0;
  const Scenario s = scenario_from(
      "run: {days: 40, replicates: 16}\ncommunity: {initial_members: 2000, group_cap: 2000}\n"
      "acquisition: {enabled: false}\nchurn: {enabled: false}\n"
      "participation: {visit_base: 0.8}\nmembers: {interest_mean: 0.5}\n"
      "engagement: {settled_level: 0.2, honeymoon_days: 5, social_weight: 0, "
      "social_proof_weight: 0}\n");
  const EnsembleResult r = run(s);
  for (int day : {0, 3, 7, 14, 39}) {
    double total = 0;
    for (std::uint32_t rep = 0; rep < replicates; ++rep) total += series(r, "active", rep)[day];
    const double h = settled + (1 - settled) * std::exp(-day / tau);
    const double expected =
        double(members) * replicates * visit_base * mean_interest * mean_attention * h;
    EXPECT_NEAR(total, expected, 5 * std::sqrt(expected)) << "day " << day;
  }
}

TEST(Participation, GroupChatPullsMembersBackIn) {
  // The same cohort with and without social pull: chat keeps more visiting
  // after the honeymoon. Groups of 40 chat on their own (below the regime
  // size). Medians over 16 replicates of 400 members.
  const std::string base =
      "run: {days: 30, replicates: 16}\ncommunity: {initial_groups: 10, initial_members: 400}\n"
      "acquisition: {enabled: false}\nchurn: {enabled: false}\n";
  const EnsembleResult without = run(scenario_from(base + "engagement: {social_weight: 0}\n"));
  const EnsembleResult with =
      run(scenario_from(base + "engagement: {social_weight: 1.0, social_scale: 0.05}\n"));
  EXPECT_GT(median(with, "active")[20], 1.5 * median(without, "active")[20]);
}

TEST(Participation, MessagesPerPosterMatchTheMean) {
  // Messages per poster are 1 + Poisson(m - 1): mean m, variance m - 1.
  const Scenario s = scenario_from(
      "run: {days: 20, replicates: 8}\ncommunity: {initial_members: 2000, group_cap: 2000}\n"
      "acquisition: {enabled: false}\nparticipation: {messages_per_poster: 4}\n");
  const EnsembleResult r = run(s);
  double messages = 0, posters = 0;
  for (std::uint32_t rep = 0; rep < 8; ++rep) {
    messages += replicate_totals(r, "messages")[rep];
    posters += replicate_totals(r, "posters")[rep];
  }
  ASSERT_GT(posters, 1000);
  EXPECT_NEAR(messages / posters, 4.0, 5 * std::sqrt(3.0 / posters));
}

TEST(Participation, PostersAreAMinorityOfVisitors) {
  const EnsembleResult r = run(scenario_file("scenarios/baseline.yaml"));
  const auto active = replicate_totals(r, "active"), posters = replicate_totals(r, "posters");
  for (std::size_t rep = 0; rep < active.size(); ++rep) {
    EXPECT_GT(posters[rep], 0);
    EXPECT_LT(posters[rep], 0.5 * active[rep]);
  }
}

}  // namespace
}  // namespace commsim

namespace commsim {
namespace {

using namespace commsim::testing;

// Yesterday's counters of one group, as participation would have left them.
struct Traffic {
  std::int64_t messages = 0, kol_messages = 0, ads = 0, posters = 0;
};

void set_yesterday(ModuleDriver& driver, const std::vector<Traffic>& groups) {
  const ModelLayout& layout = driver.layout();
  driver.yesterday.reset(layout.metrics().size(), layout.tally_size() - layout.metrics().size(),
                         layout.group_counter_count(),
                         std::uint32_t(groups.size()));
  for (std::uint32_t g = 0; g < groups.size(); ++g) {
    driver.yesterday.add_group(layout.group_counter_id("messages"), g, groups[g].messages);
    driver.yesterday.add_group(layout.group_counter_id("kol_messages"), g, groups[g].kol_messages);
    driver.yesterday.add_group(layout.group_counter_id("ads"), g, groups[g].ads);
    driver.yesterday.add_group(layout.group_counter_id("posters"), g, groups[g].posters);
  }
}

// Engagement with every term but the one under test switched off: the
// honeymoon stays at 1 (settled_level 1), interest 0.5, so e = 0.5 x (1 +
// the term) x the ad factor.
const std::string kBareEngagement =
    "engagement: {settled_level: 1, attachment_weight: 0, social_weight: 0, content_weight: 0, "
    "hard_sell_penalty: 0, overload_weight: 0, ";

TEST(Engagement, SocialProofGoesToMembersYoungerThanNewcomerDays) {
  // On day 10, members who joined on days 3 and 4 (ages 7 and 6) in a group
  // where everyone posted yesterday and in one where nobody did. All are in
  // state newcomer, as yesterday's participation left them (age 6 then was
  // younger than newcomer_days, 7). Only the one younger than 7 today gets
  // social_proof_weight x 1.
  ModuleDriver driver("engagement", kBareEngagement + "ad_penalty: 0, social_proof_weight: 0.5}\n");
  const std::uint32_t alive = driver.groups.open(0), silent = driver.groups.open(0);
  for (const std::uint32_t g : {alive, silent}) {
    const MemberRange m = driver.add_members(2, g);
    driver.pop.join_day[m.begin] = 3;
    driver.pop.join_day[m.begin + 1] = 4;
  }
  for (std::uint32_t i = 0; i < driver.pop.size(); ++i) {
    driver.field<float>("interest")[i] = 0.5f;
    ASSERT_EQ(driver.pop.state[i], MemberState::Newcomer);
  }
  set_yesterday(driver, {{.messages = 2, .posters = 2}, {}});
  driver.run_day(10, [](Population&) {});
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[0], 0.5f);   // alive, age 7: no longer a newcomer
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[1], 0.75f);  // alive, age 6
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[2], 0.5f);   // silent group: nothing to see
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[3], 0.5f);
}

TEST(Engagement, AdShareCountsKolMessagesAsGenuineTrafficAndKeepsItsValueOnSilentDays) {
  // memory_days 1: the ad share is yesterday's, ads / (ads + messages +
  // kol_messages). 10 ads against 10 KOL messages is the same share (0.5)
  // as against 10 ordinary messages; ads alone are 1.
  ModuleDriver driver("engagement", kBareEngagement + "social_proof_weight: 0, ad_penalty: 0.8, "
                                                       "memory_days: 1}\n");
  for (std::uint32_t g = 0; g < 3; ++g) driver.add_members(1, driver.groups.open(0));
  for (std::uint32_t i = 0; i < 3; ++i) driver.field<float>("interest")[i] = 0.5f;
  set_yesterday(driver, {{.kol_messages = 10, .ads = 10}, {.messages = 10, .ads = 10}, {.ads = 10}});
  driver.run_day(1, [](Population&) {});
  const float half = 0.5f * (1 - 0.8f * 0.5f), all = 0.5f * (1 - 0.8f);
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[0], half);
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[1], half);
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[2], all);
  // A day without any traffic says nothing about the share: it stays.
  set_yesterday(driver, {{}, {}, {}});
  driver.run_day(2, [](Population&) {});
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[0], half);
  EXPECT_FLOAT_EQ(driver.field<float>("engagement")[2], all);
  // Chat without ads: share 0.
  set_yesterday(driver, {{.kol_messages = 1}, {.messages = 1}, {.messages = 1}});
  driver.run_day(3, [](Population&) {});
  for (std::uint32_t i = 0; i < 3; ++i) EXPECT_FLOAT_EQ(driver.field<float>("engagement")[i], 0.5f);
}

TEST(Engagement, SocialProofLiftsNewcomersInGroupsThatLookAlive) {
  // Newcomers read the share of members who posted yesterday as a sign the
  // group is alive. A steady stream of joiners into a community: with the
  // social-proof term the joiners' first-week visits are higher. (24
  // replicates: the boost lasts the 7 newcomer days, ages 0 to 6.)
  const std::string base =
      "run: {days: 40, replicates: 24}\ncommunity: {initial_groups: 10, initial_members: 400}\n"
      "acquisition: {daily_ads_reach: 1000, join_probability: 0.05}\n";
  const EnsembleResult with = run(scenario_from(base + "engagement: {social_proof_weight: 1.0}\n"));
  const EnsembleResult without = run(scenario_from(base + "engagement: {social_proof_weight: 0}\n"));
  const double a = mean_of(replicate_totals(with, "active"));
  const double b = mean_of(replicate_totals(without, "active"));
  const double noise = (sample_sd(replicate_totals(with, "active")) +
                        sample_sd(replicate_totals(without, "active"))) / std::sqrt(24.0);
  EXPECT_GT(a - b, 5 * noise) << a << " vs " << b;
}

}  // namespace
}  // namespace commsim
