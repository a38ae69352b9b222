// Stylized fact 5 of docs/model.md: "once genuine activity falls low, ads
// and spam become most of the traffic and the group is dead"; an operator
// who bans spammers keeps the ads down.
#include <gtest/gtest.h>

#include <numeric>

#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

double mean_over(const std::vector<double>& x, std::size_t from, std::size_t to) {
  return std::accumulate(x.begin() + std::ptrdiff_t(from), x.begin() + std::ptrdiff_t(to), 0.0) /
         double(to - from);
}

TEST(StylizedFacts, AdTakeover) {
  const Scenario attack = scenario_file("scenarios/spam-attack.yaml");
  ASSERT_FALSE(attack.params.flag("roles.moderation"));
  ASSERT_GT(attack.params.real("roles.spammer_share"), 0.0);
  const EnsembleResult r = run(attack);
  ASSERT_GE(r.replicates, 16u);
  ASSERT_GE(r.days, 180u);
  const std::size_t days = r.days;
  const std::vector<double> ad_share = median(r, "ad_share"), messages = median(r, "messages");
  // Early on genuine chat drowns the ads; late in the run ads are most of
  // the traffic while genuine messages have fallen.
  EXPECT_LT(mean_over(ad_share, 0, 7), 0.2);
  EXPECT_GT(mean_over(ad_share, days - 30, days), 0.5);
  EXPECT_LT(mean_over(messages, days - 30, days), 0.75 * mean_over(messages, 0, 7));

  // The same attack on a moderated community: spammers are banned and the
  // ads stay a small share of the traffic.
  Scenario moderated = attack;
  apply_override(moderated, "roles.moderation=true");
  const EnsembleResult m = run(moderated);
  const std::vector<double> moderated_share = median(m, "ad_share");
  EXPECT_LT(mean_over(moderated_share, days - 30, days), 0.2);
  EXPECT_GT(mean_over(median(m, "messages"), days - 30, days), mean_over(messages, days - 30, days));
}

}  // namespace
}  // namespace commsim
