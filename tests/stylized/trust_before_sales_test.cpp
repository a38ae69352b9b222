// Stylized fact 6: trust before sales. "No trust, no deal": members who do
// not read the group do not convert; hard selling brings short-term sales
// and long-term churn.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// A fish pond of 2,000 in groups of 50, sold a 200 yuan product outright.
std::string pond(const std::string& funnel, const std::string& extra = "") {
  return "run: {days: 120, replicates: 16, seed: 5}\n"
         "community: {initial_groups: 40, initial_members: 2000}\n"
         "acquisition: {daily_ads_reach: 1500, join_probability: 0.02}\n"
         "funnel: {offer_product: true, product_price: 200, direct_conversion: 0.1" +
         funnel + "}\n" + extra;
}

// Per replicate, the sum of a metric over days [from, to).
std::vector<double> window(const EnsembleResult& r, const std::string& metric, int from, int to) {
  std::vector<double> sums;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const std::vector<double> s = series(r, metric, rep);
    double sum = 0;
    for (int d = from; d < to; ++d) sum += s[d];
    sums.push_back(sum);
  }
  return sums;
}

double median_of(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  const std::size_t n = x.size();
  return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

// Tolerance for a difference of two medians of independent samples of n
// replicates: 5 x the standard error of the difference of means (4 standard
// errors of the medians').
double noise(const std::vector<double>& a, const std::vector<double>& b) {
  return 5 * std::sqrt((sample_sd(a) * sample_sd(a) + sample_sd(b) * sample_sd(b)) /
                       double(a.size()));
}

TEST(StylizedFacts, MembersWhoDoNotReadDoNotBuy) {
  // Full trust, no price sensitivity, a product on sale every day: if
  // nobody visits the group, nobody buys; the same members reading do.
  const std::string trusting = "members: {initial_trust: 1.0, price_sensitivity_mean: 0.01}\n";
  const EnsembleResult readers = run(scenario_from(pond("", trusting)));
  const EnsembleResult absent =
      run(scenario_from(pond("", trusting + "participation: {visit_base: 0}\n")));
  EXPECT_EQ(mean_of(replicate_totals(absent, "conversions")), 0.0);
  EXPECT_GT(mean_of(replicate_totals(readers, "conversions")), 100.0);
}

TEST(StylizedFacts, NoTrustNoDeal) {
  // Members who join with no trust and never gain any never buy; sales rise
  // with how fast reading builds trust.
  const std::string distrustful = "members: {initial_trust: 0}\n";
  const EnsembleResult none = run(scenario_from(pond(", trust_gain: 0", distrustful)));
  const EnsembleResult slow = run(scenario_from(pond(", trust_gain: 0.05", distrustful)));
  const EnsembleResult fast = run(scenario_from(pond(", trust_gain: 0.3", distrustful)));
  const auto s = replicate_totals(slow, "conversions"), f = replicate_totals(fast, "conversions");
  EXPECT_EQ(mean_of(replicate_totals(none, "conversions")), 0.0);
  EXPECT_GT(median_of(s), 0.0);
  EXPECT_GT(median_of(f), median_of(s) + noise(s, f));
  EXPECT_GT(median(fast, "mean_trust")[119], median(slow, "mean_trust")[119] + 0.1);
}

// Same seed, same pond: the variants see the same draws wherever their
// members coincide (common random numbers), so each replicate is its own
// control. Returns, per replicate, b's sum of a metric over days [from, to)
// minus a's.
std::vector<double> paired(const EnsembleResult& a, const EnsembleResult& b,
                           const std::string& metric, int from, int to) {
  const std::vector<double> x = window(a, metric, from, to), y = window(b, metric, from, to);
  std::vector<double> d;
  for (std::size_t r = 0; r < x.size(); ++r) d.push_back(y[r] - x[r]);
  return d;
}

// The median of paired differences is clearly above zero: by 5 x sd / sqrt(n)
// (4 standard errors of a median).
void expect_positive(const std::vector<double>& d, const std::string& what) {
  EXPECT_GT(median_of(d), 5 * sample_sd(d) / std::sqrt(double(d.size()))) << what;
}
std::vector<double> negated(std::vector<double> d) {
  for (double& x : d) x = -x;
  return d;
}

TEST(StylizedFacts, HardSellingBuysShortTermSalesWithLongTermLosses) {
  // A two-week discount blitz on days 40-53 against the same pond left
  // alone: more sales in the blitz, more members driven away, fewer members
  // a month later and less revenue in the two months after.
  const std::string trusting = ", trust_gain: 0.3";
  const EnsembleResult calm = run(scenario_from(pond(trusting)));
  const EnsembleResult blitz = run(scenario_from(pond(
      trusting + ", promotions: [{start_day: 40, end_day: 53, intensity: 1, tier: discount}]")));
  expect_positive(paired(calm, blitz, "conversions", 40, 54), "sales during the blitz");
  expect_positive(paired(calm, blitz, "churned", 40, 54), "members leaving during the blitz");
  expect_positive(negated(paired(calm, blitz, "members", 84, 85)), "members lost a month later");
  expect_positive(negated(paired(calm, blitz, "revenue", 54, 114)), "revenue lost afterwards");
  // The pond recovers only as trust is rebuilt.
  expect_positive(negated(paired(calm, blitz, "mean_trust", 60, 61)), "trust after the blitz");
}

TEST(StylizedFacts, PainPointCopySellsMostAndDrivesFewestAway) {
  // The three tiers of ad copy at the same intensity: pain point plus
  // expertise (first-rate) sells more than discount pressure (third-rate)
  // and drives fewer members away.
  auto blitz = [](const std::string& tier) {
    return run(scenario_from(pond(", trust_gain: 0.3, promotions: [{start_day: 40, end_day: 53, "
                                  "intensity: 1, tier: " + tier + "}]")));
  };
  const EnsembleResult discount = blitz("discount"), pain_point = blitz("pain_point");
  expect_positive(paired(discount, pain_point, "conversions", 40, 54), "sales");
  expect_positive(negated(paired(discount, pain_point, "churned", 40, 54)), "members leaving");
}

}  // namespace
}  // namespace commsim
