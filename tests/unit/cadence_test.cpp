// The one cadence every lever uses (models/cadence.hpp): the days each form
// fires on, against the rules the levers had before it, and the checks that
// refuse a window that ends before it starts or a lever that never fires.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/cadence.hpp"
#include "models/funnel/camp_schedule.hpp"
#include "sim/input_error.hpp"
#include "sim/replicate.hpp"
#include "sim/scenario.hpp"
#include "sim/settings_binding.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using models::Cadence;
using models::DayWindow;
using namespace commsim::testing;

constexpr int kDays = 400;

std::vector<int> days_of(const Cadence& c) {
  std::vector<int> days;
  for (int d = 0; d < kDays; ++d)
    if (c.on(d)) days.push_back(d);
  return days;
}

template <typename Rule>
std::vector<int> days_where(Rule rule) {
  std::vector<int> days;
  for (int d = 0; d < kDays; ++d)
    if (rule(d)) days.push_back(d);
  return days;
}

TEST(Cadence, EachFormFiresOnItsDays) {
  EXPECT_EQ(days_of(Cadence::every_day({3, 10})), (std::vector<int>{3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(days_of(Cadence::every(5, {3, 20})), (std::vector<int>{3, 8, 13, 18}));
  EXPECT_EQ(days_of(Cadence::once(10)), std::vector<int>{10});
  // Day 0 is a Monday: weekdays mon, wed, fri within days 2 to 15.
  Cadence weekdays{{2, 15}};
  models::parse_weekdays("mon,wed,fri", weekdays.weekdays);
  EXPECT_EQ(days_of(weekdays), (std::vector<int>{2, 4, 7, 9, 11, 14}));
  // The parts add up: a one-off day, an interval and a weekday, in one window.
  Cadence all{{1, 30}, 10, std::uint8_t(1u << models::kSunday), 4};
  EXPECT_EQ(days_of(all), (std::vector<int>{1, 4, 6, 11, 13, 20, 21, 27}));
  // A one-off day outside the window never fires; nothing set never fires.
  EXPECT_TRUE(days_of(Cadence{{20, 30}, 0, 0, 10}).empty());
  EXPECT_TRUE(days_of(Cadence{}).empty());
  EXPECT_TRUE(Cadence::every_day().daily());
  EXPECT_TRUE((Cadence{{}, 0, models::kEveryWeekday}).daily());
  EXPECT_FALSE(Cadence::every(2).daily());
}

TEST(Cadence, TheLeversKeepTheDaysOfTheirOldRules) {
  // Weekly awards: day % 7 == 6, Sundays.
  EXPECT_EQ(days_of(Cadence::weekly(models::kSunday)), days_where([](int d) { return d % 7 == 6; }));
  EXPECT_EQ(days_of(Cadence::weekly(models::kSunday, {10, 50})),
            days_where([](int d) { return d % 7 == 6 && d >= 10 && d <= 50; }));
  // Migration checks: day % N == 0 && day > 0, as every N from day N; N = 0 is off.
  for (int n = 0; n <= 12; ++n)
    EXPECT_EQ(days_of(Cadence::every(n, {n, -1})),
              days_where([n](int d) { return n > 0 && d > 0 && d % n == 0; }))
        << "every " << n;
  // Paid admins: every 7 days from the start day.
  EXPECT_EQ(days_of(Cadence::every(7, {5, 40})),
            days_where([](int d) { return d >= 5 && d <= 40 && (d - 5) % 7 == 0; }));
  // Bait terms: the latest opening on or before a day, and the days a camp
  // ends, as the camp schedule had them.
  for (const int every : {0, 1, 3, 30}) {
    const int start = 12;
    const models::CampSchedule camps{models::CampSchedule::term_days(start, every), 5, 6};
    for (int d = 0; d < kDays; ++d) {
      const int old_term = d < start ? -1 : every > 0 ? start + (d - start) / every * every : start;
      EXPECT_EQ(camps.term_start(d), old_term) << every << " " << d;
      const int term = d - 5 - 6;
      const bool old_end = term >= start && (every > 0 ? (term - start) % every == 0 : term == start);
      EXPECT_EQ(camps.camp_ends(d), old_end) << every << " " << d;
    }
  }
}

TEST(Cadence, FirstAndLatestAgreeWithTheDaysItFiresOn) {
  for (int start : {0, 3, 9})
    for (int end : {-1, 9, 12, 40})
      for (int every : {0, 1, 4, 9})
        for (int mask : {0, 0x01, 0x24, 0x40})
          for (int day : {-1, 2, 11, 25}) {
            if (end >= 0 && end < start) continue;
            const Cadence c{{start, end}, every, std::uint8_t(mask), day};
            const std::vector<int> fired = days_of(c);
            EXPECT_EQ(c.first(), fired.empty() ? -1 : fired.front());
            EXPECT_EQ(models::never_fires_reason(c).empty(), !fired.empty());
            int last = -1;
            for (int d = 0; d < 60; ++d) {
              if (c.on(d)) last = d;
              ASSERT_EQ(c.latest(d), last) << start << " " << end << " " << every << " " << mask
                                           << " " << day << ": day " << d;
            }
          }
}

// The message check_engine_constraints gives, or "" if it accepts.
std::string refusal(const std::string& yaml) {
  try {
    check_engine_constraints(scenario_from(yaml).params, "S");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string load_error(const std::string& yaml) {
  try {
    scenario_from(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Cadence, AWindowThatEndsBeforeItStartsIsRefusedNamingItsKeys) {
  EXPECT_EQ(refusal("incentives: {lottery_every_days: 7, lottery_start_day: 10, lottery_end_day: 5}\n"),
            "S: keys 'incentives.lottery_start_day' and 'incentives.lottery_end_day': the window "
            "ends (day 5) before it starts (day 10)");
  EXPECT_EQ(refusal("meetups: {start_day: 3, end_day: 2}\n"),
            "S: keys 'meetups.start_day' and 'meetups.end_day': the window ends (day 2) before it "
            "starts (day 3)");
  EXPECT_EQ(refusal("meetups: {start_day: 3, end_day: 3}\n"), "");
  EXPECT_EQ(refusal("meetups: {start_day: 3, end_day: -1}\n"), "");
}

TEST(Cadence, ALeverThatCanNeverFireIsRefusedNamingItsKeys) {
  // Awards are paid on Sundays: days 7 to 12 (Monday to Saturday) hold none.
  EXPECT_EQ(refusal("incentives: {awards: true, awards_start_day: 7, awards_end_day: 12}\n"),
            "S: keys 'incentives.awards' and 'incentives.awards_start_day' and "
            "'incentives.awards_end_day': the awards would never happen: its window (days 7 to "
            "12) holds none of its weekdays (sun)");
  EXPECT_EQ(refusal("incentives: {awards: true, awards_start_day: 7, awards_end_day: 13}\n"), "");
  // Switched off, the same window is no error.
  EXPECT_EQ(refusal("incentives: {awards_start_day: 7, awards_end_day: 12}\n"), "");
  // List records: nothing scheduled, a one-off day outside the window,
  // weekdays the window does not hold.
  EXPECT_EQ(load_error("incentives: {red_packets: [{amount: 1}]}\n"),
            "<test>:1:28: key 'incentives.red_packets[0]' is never sent: give a one-off day, "
            "every_days or weekdays");
  EXPECT_EQ(load_error("incentives: {red_packets: [{day: 50, end_day: 20}]}\n"),
            "<test>:1:28: key 'incentives.red_packets[0]' is never sent: day 50 is outside its "
            "window (days 0 to 20)");
  EXPECT_EQ(load_error("content: {posts: [{day: 2, start_day: 5}]}\n"),
            "<test>:1:19: key 'content.posts[0]' never goes out: day 2 is outside its window "
            "(from day 5)");
  EXPECT_EQ(load_error("content: {posts: [{weekdays: sat, start_day: 7, end_day: 10}]}\n"),
            "<test>:1:19: key 'content.posts[0]' never goes out: its window (days 7 to 10) holds "
            "none of its weekdays (sat)");
  EXPECT_EQ(load_error("content: {posts: [{day: 3, start_day: 5, end_day: 4}]}\n"),
            "<test>:1:19: key 'content.posts[0]' ends (end_day) before it starts (start_day)");
  EXPECT_EQ(load_error("content: {posts: [{weekdays: sat, start_day: 7, end_day: 12}]}\n"), "");
}

struct DrawSettings {
  bool on = false;
  Cadence draws;
};

TEST(Cadence, ASettingsBindingDeclaresALeversKeysUnderItsSection) {
  // Sundays only, switched by `on`: the keys are the section's, the switch
  // is named by its field.
  const auto keys = SettingsBinding<DrawSettings>("lever")
                        .flag(&DrawSettings::on, "on", false, "switch")
                        .custom(models::cadence_keys(&DrawSettings::draws,
                                                     {.prefix = "draw_", .what = "the draws",
                                                      .fixed = Cadence::weekly(models::kSunday)},
                                                     &DrawSettings::on));
  ParamRegistry registry;
  registry.section("lever", "test");
  keys.declare(registry);
  std::vector<std::string> declared;
  for (const ParamSpec& spec : registry.specs()) declared.push_back(spec.key);
  EXPECT_EQ(declared, (std::vector<std::string>{"lever.on", "lever.draw_start_day", "lever.draw_end_day"}));
  ASSERT_EQ(registry.constraints().size(), 2u);
  EXPECT_EQ(registry.constraints()[1].keys,
            (std::vector<std::string>{"lever.on", "lever.draw_start_day", "lever.draw_end_day"}));
  const Scenario s = parse_scenario("lever: {on: true, draw_start_day: 7, draw_end_day: 12}\n", "s.yaml", registry);
  const DrawSettings read = keys.read(s.params);
  EXPECT_TRUE(read.on);
  EXPECT_EQ(read.draws.window.start, 7);
  EXPECT_EQ(read.draws.window.end, 12);
  EXPECT_EQ(read.draws.weekdays, 1u << models::kSunday);
  EXPECT_EQ(registry.constraints()[1].check(s.params),
            "the draws would never happen: its window (days 7 to 12) holds none of its weekdays (sun)");
}

}  // namespace
}  // namespace commsim
