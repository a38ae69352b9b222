// Coupons: who gets one, how the funnel prices a holder's offer (at the
// price less the discount, the other offer at its list price), and what
// redeemed coupons cost, to the fen.
#include <gtest/gtest.h>

#include <cmath>

#include "models/coupons.hpp"
#include "models/funnel/purchase_terms.hpp"
#include "tests/support/module_driver.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

auto visit_on(Day day, std::uint32_t first, std::uint32_t last) {
  return [=](Population& pop) {
    auto visited = field<Day>(pop, "last_active_day");
    for (std::uint32_t i = first; i < last; ++i) visited[i] = day;
  };
}

TEST(Coupons, VisitorsWhoHaveNotBoughtGetOneValidForValidDays) {
  // Day 0 is a coupon day; members 0-5 visit, 6-7 do not; member 5 has
  // already bought the bait class.
  ModuleDriver driver("coupons", "coupons: {every_days: 10, value: 4, valid_days: 3}\n");
  driver.groups.open(0);
  driver.add_members(8, 0);
  assign(driver.field<float>("price_sensitivity"), {0.1f, 0.3f, 0.5f, 0.7f, 0.9f, 0.5f, 0.5f, 0.5f});
  driver.field<Funnel>("funnel")[5] = Funnel::Trial;
  driver.field<Day>("funnel_day")[5] = 0;
  const std::vector<float> own(driver.field<float>("price_sensitivity").begin(),
                               driver.field<float>("price_sensitivity").end());
  driver.run_day(0, visit_on(0, 0, 6));
  EXPECT_EQ(driver.metric("coupons_issued"), 5);
  EXPECT_EQ(driver.metric("coupons_held"), 5);
  const auto until = driver.field<Day>("coupon_until");
  for (std::uint32_t i = 0; i < 8; ++i) {
    EXPECT_EQ(until[i], i < 5 ? Day{3} : kNever) << i;
    // The discount is the funnel's to apply: nobody's sensitivity changes.
    EXPECT_EQ(driver.field<float>("price_sensitivity")[i], own[i]) << i;
  }
}

TEST(Coupons, RedeemedCouponsCostTheirValueToTheFenAndExpiredOnesNothing) {
  // 10 visitors get a 4.35 yuan bait coupon on day 0, valid days 1-3.
  // Day 1: members 0-3 buy the class (the funnel ran earlier that day) and
  // member 4 the product outright (not what the coupon is for). Day 4:
  // member 5 buys, after its coupon expired.
  ModuleDriver driver("coupons", "coupons: {every_days: 100, value: 4.35, valid_days: 3}\n");
  driver.groups.open(0);
  driver.add_members(10, 0);
  driver.run_day(0, visit_on(0, 0, 10));
  ASSERT_EQ(driver.metric("coupons_issued"), 10);
  driver.run_day(1, [](Population& pop) {
    auto funnel = field<Funnel>(pop, "funnel");
    auto since = field<Day>(pop, "funnel_day");
    for (std::uint32_t i = 0; i < 5; ++i) {
      funnel[i] = i < 4 ? Funnel::Trial : Funnel::Paid;
      since[i] = 1;
    }
  });
  EXPECT_EQ(driver.metric("coupons_redeemed"), 4);
  EXPECT_EQ(driver.metric("coupons_held"), 6);
  EXPECT_EQ(driver.metric("coupon_cost"), 4 * 435);  // fen
  EXPECT_EQ(driver.recorded("coupon_cost", 1), 17.4);  // yuan, from exact fen
  EXPECT_EQ(driver.recorded("cost", 1), 17.4);
  for (std::uint32_t i = 0; i < 4; ++i) EXPECT_EQ(driver.field<Day>("coupon_until")[i], kNever) << i;
  driver.run_day(2, [](Population&) {});
  EXPECT_EQ(driver.metric("coupons_held"), 6);
  driver.run_day(3, [](Population&) {});  // the coupons' last day
  EXPECT_EQ(driver.metric("coupons_held"), 0);
  EXPECT_EQ(driver.metric("coupon_cost"), 0);
  driver.run_day(4, [](Population& pop) {
    field<Funnel>(pop, "funnel")[5] = Funnel::Trial;
    field<Day>(pop, "funnel_day")[5] = 4;
  });
  EXPECT_EQ(driver.metric("coupons_redeemed"), 0);
  EXPECT_EQ(driver.recorded("cost", 4), 0.0);
}

TEST(Coupons, ACouponWorthMoreThanThePriceMakesTheOfferFreeAndCostsThePrice) {
  // A 2,000 yuan product coupon on a 1,200 yuan product: the funnel's price
  // term is that of a free product; a trial member may get one (it buys at
  // camp end).
  const std::string keys = "coupons: {every_days: 1, value: 2000, offer: product}\n"
                           "funnel: {product_price: 1200}\n";
  const Scenario s = scenario_from(keys);
  const models::FunnelSettings funnel = models::FunnelSettings::read(s.params);
  const models::CouponTerms coupon = models::coupon_terms(s.params, funnel);
  EXPECT_EQ(coupon.offer, Funnel::Paid);
  EXPECT_EQ(coupon.discount, 1200.0);
  const models::PurchaseTerms terms(funnel, coupon);
  EXPECT_EQ(terms.price_of(Funnel::Paid, 0.9f, Day{5}, 5), 1.0);        // held on its last day
  EXPECT_LT(terms.price_of(Funnel::Paid, 0.9f, Day{5}, 6), 0.5);        // expired: list price
  EXPECT_EQ(terms.price_of(Funnel::Paid, 0.9f, kNever, 5), terms.price(0.9f, 1200.0));
  EXPECT_EQ(terms.price_of(Funnel::Trial, 0.9f, Day{5}, 5), terms.price(0.9f, 9.9));  // not its offer

  ModuleDriver driver("coupons", keys);
  driver.groups.open(0);
  driver.add_members(3, 0);
  assign(driver.field<Funnel>("funnel"), {Funnel::None, Funnel::Trial, Funnel::Paid});
  driver.run_day(0, visit_on(0, 0, 3));
  EXPECT_EQ(driver.metric("coupons_issued"), 2);
  EXPECT_EQ(driver.field<Day>("coupon_until")[2], kNever);
  driver.run_day(1, [](Population& pop) {
    // The trial member buys at camp end; a bait purchase would not count.
    field<Funnel>(pop, "funnel")[0] = Funnel::Trial;
    field<Funnel>(pop, "funnel")[1] = Funnel::Paid;
    field<Day>(pop, "funnel_day")[0] = field<Day>(pop, "funnel_day")[1] = 1;
  });
  EXPECT_EQ(driver.metric("coupons_redeemed"), 1);
  EXPECT_EQ(driver.recorded("coupon_cost", 1), 1200.0);
  EXPECT_EQ(driver.metric("coupons_held"), 1);  // member 0 keeps its product coupon
}

// Day 1 of the funnel on `n` fully price-sensitive, fully trusting members
// of a fish pond who all visit; members [first, last) hold a coupon (valid
// until day 5). Returns who bought what.
std::vector<Funnel> one_funnel_day(const std::string& keys, std::uint32_t n, std::uint32_t first,
                                   std::uint32_t last) {
  ModuleDriver funnel("funnel", keys);
  funnel.groups.open(0);
  funnel.add_members(n, 0);
  auto sensitivity = funnel.field<float>("price_sensitivity");
  std::fill(sensitivity.begin(), sensitivity.end(), 1.0f);
  for (std::uint32_t i = 0; i < n; ++i) funnel.field<float>("trust")[i] = 1.0f;
  for (std::uint32_t i = first; i < last; ++i) funnel.field<Day>("coupon_until")[i] = 5;
  funnel.run_day(1, visit_on(1, 0, n));
  const auto stage = funnel.field<Funnel>("funnel");
  return {stage.begin(), stage.end()};
}

TEST(Coupons, AHoldersChanceIsThatOfAMemberFacingThePriceLessTheDiscount) {
  // A 20 yuan class (price_scale 20) and a 10 yuan bait coupon, held by the
  // first half. Each member's purchase draw is its own, so a holder must buy
  // exactly when it would at a list price of 10 yuan, and a member without a
  // coupon exactly when it would at 20: without the discount, or with it
  // given to everyone, many members would differ.
  const std::uint32_t n = 20000, half = n / 2;
  const std::string funnel = "funnel: {offer_bait: true, price_scale: 20, bait_conversion: 0.2, trust_gain: 0, ";
  const std::string coupons = "coupons: {every_days: 1, value: 10}\n";
  const auto with_coupons = one_funnel_day(funnel + "bait_price: 20}\n" + coupons, n, 0, half);
  const auto at_list_price = one_funnel_day(funnel + "bait_price: 20}\n" + coupons, n, 0, 0);
  const auto at_discounted_price = one_funnel_day(funnel + "bait_price: 10}\n" + coupons, n, 0, 0);
  std::int64_t bought[2] = {0, 0}, mismatched = 0, differ = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const bool holder = i < half;
    mismatched += with_coupons[i] != (holder ? at_discounted_price[i] : at_list_price[i]);
    bought[holder ? 0 : 1] += with_coupons[i] == Funnel::Trial;
    differ += at_list_price[i] != at_discounted_price[i];
  }
  EXPECT_EQ(mismatched, 0);
  EXPECT_GT(differ, 100);  // the discount decides this many members' draws
  // And the rates are the formula's: 0.2 x (1 - 10/30) with a coupon, 0.2 x (1 - 20/40) without.
  const double p_with = 0.2 * (1.0 - 10.0 / 30.0), p_without = 0.1;
  EXPECT_NEAR(double(bought[0]), half * p_with, 5 * std::sqrt(half * p_with * (1 - p_with)));
  EXPECT_NEAR(double(bought[1]), half * p_without, 5 * std::sqrt(half * p_without * (1 - p_without)));
}

TEST(Coupons, ACouponDiscountsItsOwnOfferOnly) {
  // The product sold outright in the pond (no bait class open): a bait
  // coupon leaves its price alone, a product coupon takes 600 yuan off it.
  const std::uint32_t n = 20000;
  const std::string funnel = "funnel: {offer_product: true, direct_conversion: 0.3, price_scale: 600, trust_gain: 0, ";
  const auto bait_coupons = one_funnel_day(funnel + "product_price: 1200}\ncoupons: {value: 600}\n", n, 0, n);
  const auto product_coupons =
      one_funnel_day(funnel + "product_price: 1200}\ncoupons: {value: 600, offer: product}\n", n, 0, n);
  const auto at_list_price = one_funnel_day(funnel + "product_price: 1200}\n", n, 0, 0);
  const auto at_discounted_price = one_funnel_day(funnel + "product_price: 600}\n", n, 0, 0);
  std::int64_t bait_mismatched = 0, product_mismatched = 0, differ = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    bait_mismatched += bait_coupons[i] != at_list_price[i];
    product_mismatched += product_coupons[i] != at_discounted_price[i];
    differ += at_list_price[i] != at_discounted_price[i];
  }
  EXPECT_EQ(bait_mismatched, 0);
  EXPECT_EQ(product_mismatched, 0);
  EXPECT_GT(differ, 100);
}

// A pond of 2,000 price-sensitive members (mean 0.8) who trust the
// operator (0.5 at join) sold a 19.9 yuan class in a 20-day term from day 3.
std::string pond(const std::string& coupons) {
  return "run: {days: 60, replicates: 8, seed: 5}\n"
         "community: {initial_groups: 20, initial_members: 2000}\n"
         "acquisition: {enabled: false}\n"
         "members: {price_sensitivity_mean: 0.8, initial_trust: 0.5}\n"
         "funnel: {trust_gain: 0.3, offer_bait: true, bait_price: 19.9, price_scale: 10, "
         "bait_conversion: 0.2, bait_start_day: 3, enrollment_days: 20}\n"
         "coupons: " + coupons + "\n";
}

TEST(Coupons, CouponsSellMoreClassesAndEveryRedeemedOneIsBookedAsCost) {
  const EnsembleResult off = run(scenario_from(pond("{}")));
  const EnsembleResult on = run(scenario_from(pond("{every_days: 7, start_day: 2, value: 15}")));
  const auto with = replicate_totals(on, "trials"), without = replicate_totals(off, "trials");
  std::vector<double> gain;
  for (std::size_t r = 0; r < with.size(); ++r) gain.push_back(with[r] - without[r]);
  EXPECT_GT(mean_of(gain), 5 * sample_sd(gain) / std::sqrt(double(gain.size())));
  EXPECT_GT(mean_of(gain), 0.1 * mean_of(without));
  for (std::uint32_t rep = 0; rep < on.replicates; ++rep) {
    const auto redeemed = series(on, "coupons_redeemed", rep), trials = series(on, "trials", rep),
               coupon_cost = series(on, "coupon_cost", rep), cost = series(on, "cost", rep),
               revenue = series(on, "revenue", rep);
    for (std::size_t d = 0; d < cost.size(); ++d) {
      ASSERT_LE(redeemed[d], trials[d]) << "day " << d;
      ASSERT_EQ(coupon_cost[d], 15.0 * redeemed[d]) << "day " << d;
      ASSERT_EQ(cost[d], coupon_cost[d]) << "day " << d;  // no other cost in this pond
      ASSERT_EQ(revenue[d], double(std::int64_t(1990 * trials[d])) / 100.0) << "day " << d;  // list price
    }
  }
  EXPECT_GT(mean_of(replicate_totals(on, "coupons_redeemed")), 100.0);
}

TEST(Coupons, BitIdenticalForAnyThreadCountAndGrain) {
  Scenario s = scenario_from(pond("{every_days: 7, start_day: 2, value: 15}"));
  apply_override(s, "run.replicates=2");
  const auto run_with = [&](unsigned threads, std::uint32_t grain) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(s, standard(), grain);
  };
  const EnsembleResult reference = run_with(1, 4096);
  ASSERT_GT(mean_of(replicate_totals(reference, "coupons_redeemed")), 0.0);
  EXPECT_TRUE(bitwise_equal(run_with(2, 64).values, reference.values));
}

}  // namespace
}  // namespace commsim
