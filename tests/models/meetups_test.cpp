// Meetups: who attends and when, what it costs, what it does to attachment.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

const std::string kBase =
    "run: {days: 60, replicates: 8}\ncommunity: {initial_groups: 4, initial_members: 2000}\n"
    "acquisition: {enabled: false}\n";

TEST(Meetups, EligibleMembersAttendOnMeetupDaysOnly) {
  // min_engagement 0: every member is eligible (engagement > 0), so the
  // attendees of a meetup are Binomial(members at the start of the day, p).
  // Meetups on days 3, 13, 23, 33 (end_day 40).
  const double p = 0.4;
  const EnsembleResult r = run(scenario_from(
      kBase + "meetups: {every_days: 10, start_day: 3, end_day: 40, attend_probability: 0.4, "
              "min_engagement: 0}\n"));
  for (int day = 0; day < 60; ++day) {
    double attendees = 0, eligible = 0;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
      attendees += series(r, "meetup_attendees", rep)[day];
      eligible += day == 0 ? 2000.0 : series(r, "members", rep)[day - 1];
    }
    if (day >= 3 && day <= 40 && (day - 3) % 10 == 0)
      EXPECT_NEAR(attendees, p * eligible, 5 * std::sqrt(eligible * p * (1 - p))) << "day " << day;
    else
      EXPECT_EQ(attendees, 0.0) << "day " << day;
  }
}

TEST(Meetups, CostIsCostPerAttendeeTimesAttendees) {
  const EnsembleResult r = run(scenario_from(
      kBase + "meetups: {every_days: 7, cost_per_attendee: 12.5}\n"));
  double attendees = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto cost = series(r, "cost", rep), came = series(r, "meetup_attendees", rep);
    for (int day = 0; day < 60; ++day) EXPECT_EQ(cost[day], 12.5 * came[day]) << "day " << day;
    attendees += mean_of(came);
  }
  EXPECT_GT(attendees, 0.0);
}

TEST(Meetups, AttachmentGainKeepsAttendeesComing) {
  // Without churn, so only engagement differs: attachment adds to every
  // later day's engagement, and so to visits. Noise: replicate sd / sqrt(8).
  const std::string base = kBase + "churn: {enabled: false}\n";
  const auto active_late = [&](const std::string& gain) {
    const EnsembleResult r = run(scenario_from(
        base + "meetups: {every_days: 7, attend_probability: 0.5, attachment_gain: " + gain + "}\n"));
    std::vector<double> x;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) x.push_back(series(r, "active", rep)[59]);
    return x;
  };
  const std::vector<double> with = active_late("0.3"), without = active_late("0");
  const double noise = (sample_sd(with) + sample_sd(without)) / std::sqrt(8.0);
  EXPECT_GT(mean_of(with) - mean_of(without), 5 * noise);
  EXPECT_GT(mean_of(with), 1.3 * mean_of(without));
}

TEST(Meetups, CityOnlyMeetupsNeedGroupsWithACity) {
  // Without cities nobody can attend; with the 4 groups spread over 2
  // cities, all of them hold meetups, as many as without the restriction.
  const std::string meetups = "meetups: {every_days: 7, city_groups_only: true}\n";
  EXPECT_EQ(mean_of(replicate_totals(run(scenario_from(kBase + meetups)), "meetup_attendees")), 0.0);
  const std::string cities =
      "run: {days: 60, replicates: 8}\n"
      "community: {initial_groups: 4, initial_members: 2000, cities: 2}\n"
      "acquisition: {enabled: false}\n";
  const EnsembleResult in_cities = run(scenario_from(cities + meetups));
  const EnsembleResult anywhere = run(scenario_from(cities + "meetups: {every_days: 7}\n"));
  EXPECT_GT(mean_of(replicate_totals(in_cities, "meetup_attendees")), 0.0);
  EXPECT_TRUE(bitwise_equal(in_cities.values, anywhere.values));
}

TEST(Meetups, MeetupCountSaturatesInsteadOfWrapping) {
  // A daily meetup everyone attends for 300 days: the count reaches 255
  // and stays there, so the strong tie never resets (a wrap to 0 on day
  // 256 would drop strong_ties). Zero churn hazard keeps everyone.
  const EnsembleResult r = run(scenario_from(
      "run: {days: 300, replicates: 1}\ncommunity: {initial_members: 50}\n"
      "acquisition: {enabled: false}\nchurn: {base_hazard: 0, disengaged_hazard: 0}\n"
      "meetups: {every_days: 1, attend_probability: 1, min_engagement: 0}\n"));
  const auto ties = series(r, "strong_ties", 0);
  for (int day = 3; day < 300; ++day) ASSERT_EQ(ties[day], 50.0) << "day " << day;
}

TEST(Meetups, OffByDefault) {
  const std::string yaml = "run: {days: 40, replicates: 2}\n";
  EXPECT_TRUE(bitwise_equal(run(scenario_from(yaml)).values,
                            run(scenario_from(yaml + "meetups: {enabled: false}\n")).values));
}

}  // namespace
}  // namespace commsim
