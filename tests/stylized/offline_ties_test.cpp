// Stylized fact 7 of domain.md: "more than 3 offline meetings create a
// strong tie"; members with more than 3 meetups rarely churn.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// Weekly meetups that most members come to, over half a year.
const std::string kCommunity =
    "run: {days: 180, replicates: 8}\ncommunity: {initial_groups: 10, initial_members: 2000}\n"
    "acquisition: {enabled: false}\n";
const std::string kFrequentMeetups =
    kCommunity + "meetups: {every_days: 7, attend_probability: 0.5, min_engagement: 0.1}\n";

TEST(StylizedFacts, MembersWithMoreThanThreeMeetupsRarelyChurn) {
  // Daily hazard = leavers / members at risk, from day 28 (after the
  // fourth meetup, when strong ties exist) to the end. Members at risk on
  // day d are the members at the end of day d - 1; strong_ties counts those
  // with a strong tie among them.
  const EnsembleResult r = run(scenario_from(kFrequentMeetups));
  double strong_left = 0, strong_days = 0, other_left = 0, other_days = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto members = series(r, "members", rep), churned = series(r, "churned", rep),
               ties = series(r, "strong_ties", rep), tie_left = series(r, "strong_tie_churned", rep);
    for (int day = 28; day < 180; ++day) {
      strong_left += tie_left[day];
      strong_days += ties[day];
      other_left += churned[day] - tie_left[day];
      other_days += members[day - 1] - ties[day];
    }
  }
  ASSERT_GT(strong_days, 0.0);
  ASSERT_GT(other_left, 25.0);
  // Poisson counts: compare the strong ties' upper 5-sigma bound with the
  // others' lower bound.
  const double strong_high = (strong_left + 5 * std::sqrt(strong_left) + 1) / strong_days;
  const double other_low = (other_left - 5 * std::sqrt(other_left)) / other_days;
  EXPECT_LT(strong_high, 0.5 * other_low)
      << "strong-tie hazard " << strong_left / strong_days << ", others " << other_left / other_days;
}

TEST(StylizedFacts, MeetupsRetainMembers) {
  // Same seed and people with and without weekly meetups; noise is the
  // replicate sd / sqrt(8) of each mean.
  const auto last = [](const EnsembleResult& r) {
    std::vector<double> x;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) x.push_back(series(r, "members", rep).back());
    return x;
  };
  const std::vector<double> with = last(run(scenario_from(kFrequentMeetups)));
  const std::vector<double> without = last(run(scenario_from(kCommunity)));
  const double noise = (sample_sd(with) + sample_sd(without)) / std::sqrt(8.0);
  EXPECT_GT(mean_of(with) - mean_of(without), 5 * noise);
  EXPECT_GT(mean_of(with), 2 * mean_of(without));
}

}  // namespace
}  // namespace commsim
