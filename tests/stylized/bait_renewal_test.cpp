// Stylized fact 10: a cheap holiday class (1 to 50 yuan) with a good
// experience converts into high renewal in the next term.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// A 9.9 yuan, 7-day camp enrolling on days 20-26 (camp 27-33), then the
// 1,200 yuan membership by the 90-day term. Same seed for both qualities:
// the same members buy the class, only the experience differs.
EnsembleResult camp_of_quality(double quality) {
  return run(scenario_from(
      "run: {days: 200, replicates: 16, seed: 9}\n"
      "community: {initial_groups: 40, initial_members: 2000}\n"
      "acquisition: {enabled: false}\n"
      "funnel: {trust_gain: 0.3, offer_bait: true, bait_price: 9.9, bait_conversion: 0.5, "
      "bait_start_day: 20, enrollment_days: 7, camp_days: 7, offer_product: true, "
      "product_price: 1200, direct_conversion: 0, renewal_days: 90, camp_quality: " +
      std::to_string(quality) + "}\n"));
}

double total(const EnsembleResult& r, const std::string& metric) {
  double sum = 0;
  for (double t : replicate_totals(r, metric)) sum += t;
  return sum;
}

TEST(StylizedFacts, AGoodBaitClassConvertsAndRenews) {
  const EnsembleResult good = camp_of_quality(0.9), poor = camp_of_quality(0.3);
  // Same class, same buyers.
  ASSERT_EQ(total(good, "trials"), total(poor, "trials"));
  ASSERT_GT(total(good, "trials"), 2000.0);
  // Conversion at camp end rises steeply with the experience: at least 4x
  // (quality^2 alone gives 9x). Poisson noise of the poor count: sqrt(n).
  const double good_buyers = total(good, "conversions"), poor_buyers = total(poor, "conversions");
  EXPECT_GT(good_buyers, 4 * (poor_buyers + 5 * std::sqrt(poor_buyers)));
  EXPECT_GT(good_buyers / total(good, "trials"), 0.15);
  // And the next term renews: renewals of the good class's members far
  // exceed the poor class's.
  const double good_renewals = total(good, "renewals"), poor_renewals = total(poor, "renewals");
  EXPECT_GT(good_renewals, 4 * (poor_renewals + 5 * std::sqrt(poor_renewals)));
  // The whole funnel pays: revenue over the run.
  EXPECT_GT(total(good, "revenue"), 3 * total(poor, "revenue"));
}

}  // namespace
}  // namespace commsim
