// Stylized fact 8: "when 2 to 3 members publicly praise a sample, others
// rush to ask for it": demand jumps once the visible testimonials reach a
// threshold.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/support/module_driver.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

auto visit_on(Day day, MemberRange who) {
  return [day, who](Population& pop) {
    for (std::uint32_t i = who.begin; i < who.end; ++i) field<Day>(pop, "last_active_day")[i] = day;
  };
}

TEST(StylizedFacts, DemandJumpsAtTheTestimonialThreshold) {
  // Four fish-pond groups of 4,000 fully trusting members. On day 1 a few
  // paid members in each praise the product (0, 2, 3 and 5 of them, each
  // posting once); on day 2 everyone visits while the bait class enrols.
  // Threshold 3, multiplier 3: groups below the threshold buy at the base
  // rate whatever their count, groups at or above it at three times it.
  ModuleDriver driver("funnel",
                      "funnel: {offer_bait: true, bait_start_day: 2, bait_conversion: 0.1, "
                      "trust_gain: 0, trust_decay: 0, testimonial_probability: 1, "
                      "product_quality: 1, proof_threshold: 3, proof_multiplier: 3, "
                      "testimonial_window_days: 2}\n");
  const std::uint32_t praising[4] = {0, 2, 3, 5};
  const std::uint32_t n = 4000;
  MemberRange pond[4], paid[4];
  for (int g = 0; g < 4; ++g) {
    driver.groups.open(0);
    pond[g] = driver.add_members(n, g);
    paid[g] = driver.add_members(praising[g], g);
    for (std::uint32_t i = paid[g].begin; i < paid[g].end; ++i) {
      driver.field<Funnel>("funnel")[i] = Funnel::Paid;
      driver.field<Day>("funnel_day")[i] = 0;
    }
  }
  for (std::uint32_t i = 0; i < driver.pop.size(); ++i) {
    driver.field<float>("trust")[i] = 1.0f;
    driver.field<float>("price_sensitivity")[i] = 0.0f;
  }
  driver.run_day(0, [](Population&) {});
  driver.run_day(1, [&](Population& pop) {
    for (const MemberRange& who : paid) visit_on(1, who)(pop);
  });
  ASSERT_EQ(driver.metric("testimonials"), 10);
  EXPECT_EQ(driver.recorded("proof_groups", 1), 2.0);
  driver.run_day(2, [&](Population& pop) {
    for (const MemberRange& who : pond) visit_on(2, who)(pop);
  });
  double bought[4];
  for (int g = 0; g < 4; ++g) {
    bought[g] = 0;
    for (std::uint32_t i = pond[g].begin; i < pond[g].end; ++i)
      bought[g] += driver.field<Funnel>("funnel")[i] == Funnel::Trial;
  }
  auto expect_rate = [&](int g, double p) {
    EXPECT_NEAR(bought[g], n * p, 5 * std::sqrt(n * p * (1 - p))) << praising[g] << " testimonials";
  };
  expect_rate(0, 0.1);
  expect_rate(1, 0.1);  // threshold - 1: no effect yet
  expect_rate(2, 0.3);  // threshold: demand triples
  expect_rate(3, 0.3);  // beyond: a threshold, not a dose
  // The praise fades once it leaves the two-day window.
  driver.run_day(3, [](Population&) {});
  EXPECT_EQ(driver.recorded("proof_groups", 2), 2.0);
  EXPECT_EQ(driver.recorded("proof_groups", 3), 0.0);
}

TEST(StylizedFacts, SocialProofCascadeStartsAtTheThreshold) {
  // Groups of 50 sold a 200 yuan product outright from day 0; satisfied
  // buyers praise it. With the same seed, runs with and without the proof
  // multiplier are identical until the first group reaches the threshold;
  // in the 20 days after, the groups at the threshold sell more.
  const std::string base =
      "run: {days: 60, replicates: 16, seed: 3}\n"
      "community: {initial_groups: 40, initial_members: 2000}\n"
      "acquisition: {enabled: false}\n"
      "funnel: {trust_gain: 0.3, offer_product: true, product_price: 200, "
      "direct_conversion: 0.03, testimonial_probability: 0.3, testimonial_window_days: 14, "
      "proof_threshold: 3, ";
  const EnsembleResult with = run(scenario_from(base + "proof_multiplier: 3}\n"));
  const EnsembleResult without = run(scenario_from(base + "proof_multiplier: 1}\n"));
  std::vector<double> gain;  // per replicate: extra sales in the 20 days after
  double after_with = 0, after_without = 0;
  for (std::uint32_t rep = 0; rep < with.replicates; ++rep) {
    const auto proof = series(with, "proof_groups", rep);
    const auto first = std::find_if(proof.begin(), proof.end(), [](double g) { return g > 0; });
    ASSERT_LT(first - proof.begin(), 40) << "no group reached the threshold";
    const std::size_t start = std::size_t(first - proof.begin()) + 1;  // proof acts next day
    const auto a = series(with, "conversions", rep), b = series(without, "conversions", rep);
    for (std::size_t d = 0; d < start; ++d) ASSERT_EQ(a[d], b[d]) << "day " << d;
    double extra = 0;
    for (std::size_t d = start; d < start + 20; ++d) {
      extra += a[d] - b[d];
      after_with += a[d];
      after_without += b[d];
    }
    gain.push_back(extra);
  }
  EXPECT_GT(mean_of(gain), 5 * sample_sd(gain) / std::sqrt(double(gain.size())));
  EXPECT_GT(after_with, 1.2 * after_without);
}

}  // namespace
}  // namespace commsim
