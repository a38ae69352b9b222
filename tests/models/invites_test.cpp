// Invites: the campaign's effect, its money and window; ads joiners with
// friends on the graph; the classic SI and SIR special cases on known
// graphs; bad graph files.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "sim/input_error.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using namespace commsim::testing;

// A graph file in the temp directory, removed at the end of the test.
class GraphFile {
 public:
  GraphFile(const std::string& name, const std::string& text)
      : path_(fs::temp_directory_path() /
              ("commsim-" + std::to_string(::getpid()) + "-" + name + ".txt")) {
    std::ofstream(path_) << text;
  }
  ~GraphFile() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string ring(int n) {
  std::string text = "# ring lattice: each node linked to its 2 neighbours\n";
  for (int v = 0; v < n; ++v) text += std::to_string(v) + " " + std::to_string((v + 1) % n) + "\n";
  return text;
}

std::string complete(int n) {
  std::string text;
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b) text += std::to_string(a) + " " + std::to_string(b) + "\n";
  return text;
}

// The special-case settings of docs/model.md (Invites): per-edge spreading,
// every invite accepted, constant churn hazard gamma, nothing else joins.
std::string spreading(const std::string& graph, int seeds, int people, double beta, double gamma,
                      int days, int replicates) {
  return "run: {days: " + std::to_string(days) + ", replicates: " + std::to_string(replicates) +
         "}\ncommunity: {initial_members: " + std::to_string(seeds) +
         ", prospects: " + std::to_string(people - seeds) + ", group_cap: 100000}\n"
         "acquisition: {enabled: false}\n"
         "churn: {base_hazard: " + std::to_string(gamma) + ", disengaged_hazard: 0}\n"
         "invites: {per_edge_probability: " + std::to_string(beta) +
         ", always_accept: true, graph_file: '" + graph + "'}\n";
}

double total_on(const EnsembleResult& r, const std::string& metric, int day) {
  double sum = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) sum += series(r, metric, rep)[day];
  return sum;
}

TEST(Invites, SIOnARingGrowsLinearly) {
  // One seed on a ring: each of the two fronts advances one node per day
  // with probability beta, so after day t (t + 1 days of spreading)
  // infected = 1 + Binomial(2 (t + 1), beta) until the fronts meet (never
  // here: at most 2 x 60 of 1000 nodes).
  const GraphFile file("ring", ring(1000));
  const double beta = 0.3;
  const int replicates = 40;
  const EnsembleResult r =
      run(scenario_from(spreading(file.path(), 1, 1000, beta, 0.0, 60, replicates)));
  for (int day : {0, 9, 29, 59}) {
    const double n = 2.0 * (day + 1) * replicates;
    EXPECT_NEAR(total_on(r, "members", day), replicates + n * beta,
                5 * std::sqrt(n * beta * (1 - beta)))
        << "day " << day;
  }
  EXPECT_EQ(mean_of(replicate_totals(r, "invites_accepted")) + 1, total_on(r, "members", 59) / replicates);
}

TEST(Invites, SIOnACompleteGraphFollowsTheLogisticCurve) {
  // Each susceptible is infected on a day with probability 1 - (1 - p)^I:
  // the number infected on day t given I is Binomial(N - I, 1 - (1 - p)^I)
  // exactly, and the mean follows the discrete logistic
  //   I(t + 1) = I(t) + (N - I(t)) (1 - (1 - p)^I(t)),
  // growth rate -N ln(1 - p) = 0.5 a day. With 20 seeds the early randomness
  // barely shifts the curve; tolerance 5 replicate sd / sqrt(n).
  const int n = 400, seeds = 20, replicates = 32, days = 30;
  const double p = 1 - std::exp(-0.5 / n);
  const GraphFile file("complete", complete(n));
  const EnsembleResult r = run(scenario_from(spreading(file.path(), seeds, n, p, 0.0, days, replicates)));
  std::vector<double> expected{double(seeds)};
  for (int t = 0; t < days; ++t) {
    const double i = expected.back();
    expected.push_back(i + (n - i) * (1 - std::pow(1 - p, i)));
  }
  for (int day = 0; day < days; day += 3) {
    std::vector<double> x;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) x.push_back(series(r, "members", rep)[day]);
    const double tolerance = 5 * std::max(sample_sd(x), 1.0) / std::sqrt(double(replicates));
    EXPECT_NEAR(mean_of(x), expected[day + 1], tolerance) << "day " << day;
  }
  // The one-day law, summed over days and replicates: observed minus
  // expected new infections is a sum of independent centred binomials.
  double excess = 0, variance = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const std::vector<double> members = series(r, "members", rep);
    for (int day = 0; day < days; ++day) {
      const double before = day == 0 ? seeds : members[day - 1];
      const double q = 1 - std::pow(1 - p, before);
      excess += (members[day] - before) - (n - before) * q;
      variance += (n - before) * q * (1 - q);
    }
  }
  EXPECT_LT(std::abs(excess), 5 * std::sqrt(variance));
}

TEST(Invites, SIROnACompleteGraphReachesTheFinalSizeRelation) {
  // Infectious for a Geometric(gamma) number of days (mean 1 / gamma), each
  // day reaching each other node with probability p: a susceptible escapes
  // with probability exp(-lambda Z), lambda = -ln(1 - p) / gamma, Z the
  // ever infected. The final size solves S = S0 exp(-lambda (N - S)) (here
  // R0 = lambda N = 2: 80% infected).
  const int n = 600, seeds = 15, replicates = 40;
  const double gamma = 0.2, r0 = 2.0;
  const double p = 1 - std::exp(-r0 * gamma / n);
  const GraphFile file("complete-sir", complete(n));
  const EnsembleResult r = run(scenario_from(spreading(file.path(), seeds, n, p, gamma, 200, replicates)));
  const double lambda = r0 / n;
  double s = n - seeds;
  for (int k = 0; k < 200; ++k) s = (n - seeds) * std::exp(-lambda * (n - s));
  std::vector<double> final_size = replicate_totals(r, "invites_accepted");
  for (double& z : final_size) z += seeds;
  EXPECT_NEAR(mean_of(final_size), n - s, 5 * sample_sd(final_size) / std::sqrt(double(replicates)));
  EXPECT_EQ(total_on(r, "members", 199), 0.0) << "the epidemic is over: everyone removed";
}

const std::string kCampaignBase =
    "run: {days: 60, replicates: 8}\n"
    "community: {initial_groups: 2, initial_members: 500, prospects: 5000}\n"
    "acquisition: {enabled: false}\n";

TEST(Invites, ACampaignBringsFriendsIn) {
  // Same seed, same people: with the campaign, invited friends join on top
  // of the members who stay. Noise: replicate sd / sqrt(8) of each mean.
  const EnsembleResult without = run(scenario_from(kCampaignBase));
  const EnsembleResult with = run(scenario_from(
      kCampaignBase + "invites: {invite_probability: 0.5, reward: 5, accept_probability: 0.8}\n"));
  const auto last = [](const EnsembleResult& r) {
    std::vector<double> x;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) x.push_back(series(r, "members", rep).back());
    return x;
  };
  const double noise = (sample_sd(last(with)) + sample_sd(last(without))) / std::sqrt(8.0);
  EXPECT_GT(mean_of(last(with)) - mean_of(last(without)), 5 * noise);
  EXPECT_GT(mean_of(replicate_totals(with, "joined")), 100.0);
  EXPECT_EQ(mean_of(replicate_totals(without, "joined")), 0.0);
  EXPECT_EQ(mean_of(replicate_totals(without, "invites_sent")), 0.0);
}

TEST(Invites, RewardsCostExactlyRewardTimesAcceptedAndOnlyInTheWindow) {
  const EnsembleResult r = run(scenario_from(
      kCampaignBase + "invites: {invite_probability: 0.5, reward: 7.5, accept_probability: 0.8, "
                      "start_day: 10, end_day: 19}\n"));
  double in_window = 0;
  for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
    const auto accepted = series(r, "invites_accepted", rep), sent = series(r, "invites_sent", rep),
               cost = series(r, "cost", rep), joined = series(r, "joined", rep),
               inviters = series(r, "inviters", rep), k = series(r, "viral_k", rep);
    for (int day = 0; day < 60; ++day) {
      EXPECT_EQ(cost[day], 7.5 * accepted[day]) << "day " << day;
      EXPECT_EQ(joined[day], accepted[day]) << "nothing else brings people in";
      EXPECT_DOUBLE_EQ(k[day], inviters[day] > 0 ? accepted[day] / inviters[day] : 0.0);
      if (day < 10 || day > 19) {
        EXPECT_EQ(sent[day], 0.0) << "day " << day;
        EXPECT_EQ(accepted[day], 0.0) << "day " << day;
      } else {
        in_window += accepted[day];
      }
    }
  }
  EXPECT_GT(in_window, 100.0);
}

TEST(Invites, TheEntryThresholdHoldsFriendsBackUnlessAlwaysAccept) {
  // One seed member linked to 20,000 prospects, each reached on day 0
  // (per_edge_probability 1). A friend accepts with accept_probability x
  // interest x the entry threshold's pass rate: a 200 yuan fee (pass
  // exp(-2)) keeps that share of the friends who accept without one (the
  // same draws). always_accept skips the draw, the pass rate included:
  // every friend joins and pays.
  const int friends = 20000;
  std::string star;
  for (int v = 1; v <= friends; ++v) star += "0 " + std::to_string(v) + "\n";
  const GraphFile graph("star", star);
  const auto day0 = [&](const std::string& invites, const std::string& entry) {
    const EnsembleResult r = run(scenario_from(
        "run: {days: 1, replicates: 1}\ncommunity: {initial_members: 1, prospects: " +
        std::to_string(friends) + ", group_cap: 100000}\nacquisition: {enabled: false}\n"
        "churn: {enabled: false}\ninvites: {per_edge_probability: 1, accept_probability: 1, "
        "graph_file: '" + graph.path() + "'" + invites + "}\n" + entry));
    return std::pair{series(r, "invites_accepted", 0)[0], series(r, "revenue", 0)[0]};
  };
  const double free_entry = day0("", "").first;
  const auto [paid, paid_revenue] = day0("", "entry: {fee: 200, fee_scale: 100}\n");
  const double pass = std::exp(-2.0);
  ASSERT_GT(free_entry, 0.5 * friends);  // interest has mean 0.6
  EXPECT_NEAR(paid, pass * free_entry, 5 * std::sqrt(free_entry * pass * (1 - pass)));
  EXPECT_EQ(paid_revenue, 200 * paid);
  const auto [everyone, revenue] = day0(", always_accept: true", "entry: {fee: 200, fee_scale: 100}\n");
  EXPECT_EQ(everyone, friends);
  EXPECT_EQ(revenue, 200.0 * friends);
}

TEST(Invites, ARewardRaisesInvitationsByTheSensitivity) {
  // Day 0, same members and draws: P(invite) scales by 1 + 0.1 x 10 = 2.
  // The extra invites are the draws in [p, 2p): S10 - 2 S0 has variance
  // about 2 E[S0].
  const std::string base =
      "run: {days: 1, replicates: 8}\n"
      "community: {initial_groups: 10, initial_members: 5000, prospects: 20000}\n"
      "acquisition: {enabled: false}\n";
  const double s0 = mean_of(replicate_totals(
      run(scenario_from(base + "invites: {invite_probability: 0.1}\n")), "invites_sent")) * 8;
  const double s10 = mean_of(replicate_totals(
      run(scenario_from(base + "invites: {invite_probability: 0.1, reward: 10}\n")), "invites_sent")) * 8;
  EXPECT_GT(s0, 500.0);
  EXPECT_NEAR(s10, 2 * s0, 5 * std::sqrt(2 * s0));
}

// Ads bring ~20 people a day (reach 1,000 x 0.02) into a community whose
// day-0 graph holds no member: only joiners with friends can start a loop.
const std::string kAdsOnly =
    "run: {days: 90, replicates: 8}\n"
    "community: {initial_groups: 1, initial_members: 0, prospects: 5000}\n";

TEST(Invites, AdsJoinersWithFriendsInviteAndStartTheLoop) {
  const std::string campaign = "invites: {invite_probability: 0.5, accept_probability: 0.8";
  const EnsembleResult without = run(scenario_from(kAdsOnly + campaign + "}\n"));
  const EnsembleResult with = run(scenario_from(kAdsOnly + campaign + ", joiner_friends: 10}\n"));
  // Without friends nobody on the graph is a member: not one invite.
  EXPECT_EQ(mean_of(replicate_totals(without, "invites_sent")), 0.0);
  EXPECT_EQ(mean_of(replicate_totals(without, "invites_accepted")), 0.0);
  // With them the first inviters can only be ads joiners; the friends they
  // bring (day-0 prospects) invite theirs in turn.
  for (std::uint32_t rep = 0; rep < with.replicates; ++rep) {
    const auto sent = series(with, "invites_sent", rep), inviters = series(with, "inviters", rep),
               accepted = series(with, "invites_accepted", rep);
    EXPECT_EQ(sent[0], 0.0) << "day 0: nobody has joined yet";
    EXPECT_GT(std::accumulate(inviters.begin() + 1, inviters.begin() + 8, 0.0), 0.0)
        << "the first week's ads joiners invite, replicate " << rep;
    double total = 0;
    for (double a : accepted) total += a;
    EXPECT_GT(total, 100.0) << "replicate " << rep;
  }
  // Joins beyond the ads' (the same ads draws in both): 5 sd of the
  // difference of the means.
  const std::vector<double> j0 = replicate_totals(without, "joined"), j1 = replicate_totals(with, "joined");
  const double noise = std::sqrt((sample_sd(j0) * sample_sd(j0) + sample_sd(j1) * sample_sd(j1)) / 8.0);
  EXPECT_GT(mean_of(j1) - mean_of(j0), 5 * noise);
}

TEST(Invites, JoinersFriendsKeepTheLoopGoingAfterTheDayZeroCircleFades) {
  // Seed members and their circle on the day-0 graph, ads all year, an
  // invite campaign all year: without joiners' friends, invitations come
  // only from the day-0 graph's members and fade as they churn; with
  // friends, every ads joiner can invite, so the loop goes on. Compared on
  // the last 60 days, 5 sd of the difference of the means.
  const std::string base =
      "run: {days: 240, replicates: 8}\n"
      "community: {initial_groups: 1, initial_members: 300, prospects: 20000}\n"
      "invites: {invite_probability: 0.5, accept_probability: 0.5";
  const auto late = [](const EnsembleResult& r, const std::string& metric) {
    std::vector<double> x;
    for (std::uint32_t rep = 0; rep < r.replicates; ++rep) {
      const auto s = series(r, metric, rep);
      x.push_back(std::accumulate(s.end() - 60, s.end(), 0.0));
    }
    return x;
  };
  const EnsembleResult without = run(scenario_from(base + "}\n"));
  const EnsembleResult with = run(scenario_from(base + ", joiner_friends: 10}\n"));
  for (const std::string metric : {"inviters", "invites_accepted"}) {
    const std::vector<double> a = late(without, metric), b = late(with, metric);
    const double noise = std::sqrt((sample_sd(a) * sample_sd(a) + sample_sd(b) * sample_sd(b)) / 8.0);
    EXPECT_GT(mean_of(b) - mean_of(a), 5 * std::max(noise, 1.0)) << metric;
  }
}

TEST(Invites, ResultsDoNotDependOnThreadsOrGrain) {
  const std::string yaml =
      "run: {days: 25, replicates: 2, seed: 4}\n"
      "community: {initial_groups: 10, initial_members: 4000, prospects: 30000}\n";
  const auto run_with = [&](unsigned threads, std::uint32_t grain, const std::string& extra) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run(scenario_from(yaml + extra), standard(), grain);
  };
  for (const std::string extra :
       {"invites: {invite_probability: 0.3, reward: 3}\n",
        "invites: {per_edge_probability: 0.01}\nchurn: {base_hazard: 0.05}\n",
        // Ads joiners with friends: the graph grows in each replicate.
        "invites: {invite_probability: 0.3, joiner_friends: 10}\n",
        "invites: {per_edge_probability: 0.01, joiner_friends: 7.5}\nchurn: {base_hazard: 0.05}\n"}) {
    const EnsembleResult reference = run_with(1, 4096, extra);
    EXPECT_GT(mean_of(replicate_totals(reference, "invites_accepted")), 100.0);
    for (auto [threads, grain] : {std::pair{2u, 64u}, {2u, 1000u}})
      EXPECT_TRUE(bitwise_equal(run_with(threads, grain, extra).values, reference.values))
          << extra << threads << " threads, grain " << grain;
  }
}

TEST(Invites, BadGraphFileFailsBeforeSimulating) {
  const GraphFile file("bad", "0 1\n1 2\n# next line is wrong\n2 99999\n");
  const std::string yaml = "community: {initial_members: 100, prospects: 4900}\n"
                           "invites: {graph_file: '" + file.path() + "'}\n";
  const std::string expected = file.path() + ":4: node 99999 out of range (people at day 0: 5000)";
  try {
    run(scenario_from(yaml));
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.what(), expected);
  }
  // The command: exit status 2, the message, no output file.
  const GraphFile scenario("bad-scenario", yaml);
  const fs::path out = fs::temp_directory_path() / ("commsim-" + std::to_string(::getpid()) + "-bad.h5");
  const std::string command = std::string(COMMSIM_BINARY) + " run " + scenario.path() + " -o " +
                              out.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 4096> buffer;
  while (std::size_t got = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), got);
  const int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(output.find(expected), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Invites, OffByDefault) {
  // Default keys send nothing and draw nothing: the same data as with the
  // module switched off.
  const std::string yaml = "run: {days: 40, replicates: 2}\ncommunity: {prospects: 2000}\n";
  const EnsembleResult defaults = run(scenario_from(yaml));
  const EnsembleResult off = run(scenario_from(yaml + "invites: {enabled: false}\n"));
  EXPECT_TRUE(bitwise_equal(defaults.values, off.values));
  // Joiners' friends without a campaign: no graph, no draws.
  const EnsembleResult friends_only = run(scenario_from(yaml + "invites: {joiner_friends: 10}\n"));
  EXPECT_TRUE(bitwise_equal(friends_only.values, off.values));
}

}  // namespace
}  // namespace commsim
