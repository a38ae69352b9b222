#include "models/invites.hpp"

#include "models/network/edge_list_file.hpp"

#include <algorithm>
#include <array>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <optional>
#include <utility>

#include "models/acquisition.hpp"
#include "models/cadence.hpp"
#include "models/entry_threshold.hpp"
#include "models/ledger.hpp"
#include "models/member_fields.hpp"
#include "models/network/generational_growth.hpp"
#include "models/network/growing_graph.hpp"
#include "models/network/joiner_attachment.hpp"
#include "models/network/shared_graph.hpp"
#include "sim/random_batch.hpp"
#include "sim/settings_binding.hpp"
#include "sim/thread_buffers.hpp"

namespace commsim::models {
namespace {

using network::Friends;
using network::GrowingGraph;
using network::SharedGraph;
using network::SocialGraph;

constexpr Purpose kSendDraw{602};
constexpr Purpose kAcceptDraw{603};
constexpr Purpose kJoinerFriendsDraw{604};

using Invite = std::pair<std::uint32_t, std::uint32_t>;  // (friend, inviter)

struct InviteSettings {
  Cadence campaign;
  double invite_probability, reward, reward_sensitivity, accept_probability, per_edge_probability;
  bool always_accept;
  std::string graph_file;
  network::Generator graph_generator = network::Generator::Generations;
  double joiner_friends, graph_mean_degree, graph_triad_probability;

  // Whether invites can be sent at all (else no graph is needed).
  bool sends() const { return invite_probability > 0 || per_edge_probability > 0; }
};

const SettingsBinding<InviteSettings>& invite_keys() {
  using S = InviteSettings;
  static const auto keys =
      SettingsBinding<S>("invites")
          .custom(cadence_keys(&S::campaign, {.what = "the invite campaign"}))
          .real(&S::invite_probability, "invite_probability", 0.0, 0.0, 1.0, "probability/day",
                "Daily chance that a member with engagement 1 who visited invites one random "
                "friend, before the reward effect. 0: no campaign.")
          .real(&S::reward, "reward", 0.0, 0.0, 1e6, "yuan",
                "Reward the operator pays per accepted invite (booked as cost).")
          .real(&S::reward_sensitivity, "reward_sensitivity", 0.1, 0.0, 100.0, "1/yuan",
                "Invitations rise by this fraction per yuan of reward (0.1: a 10 yuan reward "
                "doubles them).")
          .real(&S::accept_probability, "accept_probability", 0.3, 0.0, 1.0, "probability",
                "Chance that an invited prospect with interest 1 accepts; scaled by the "
                "friend's interest.")
          .real(&S::per_edge_probability, "per_edge_probability", 0.0, 0.0, 1.0, "probability/day",
                "Classic spreading mode when > 0: every member, visiting or not, reaches each "
                "friend independently with this daily probability (invite_probability, "
                "engagement and reward are then ignored).")
          .flag(&S::always_accept, "always_accept", false,
                "Every invited prospect accepts (the SI / SIR special case).")
          .text(&S::graph_file, "graph_file", "",
                "Edge-list file of friendships 'a b' per line ('#' comments) over the people "
                "at day 0 (seed members 0..initial_members-1, then prospects); path relative "
                "to the working directory. Empty: a generated graph (graph_generator).")
          .text_as(&S::graph_generator, "graph_generator", "generations",
                   "How the graph is generated when graph_file is empty: generations "
                   "(Holme-Kim's attachment and triad steps, computed in parallel, "
                   "the same graph on any thread count) or holme_kim (Holme-Kim "
                   "growth, one person at a time: the generator of earlier "
                   "versions). Both give a k^-3 degree tail and the clustering "
                   "graph_triad_probability sets (docs/model.md compares them).",
                   std::function<network::Generator(const std::string&)>(network::generator_named),
                   [](const ParamValue& v) { return network::check_generator_name(std::get<std::string>(v)); })
          .real(&S::joiner_friends, "joiner_friends", 0.0, 0.0, 1000.0, "friends",
                "Friends each person who joins from outside the graph (ads) gets on joining, "
                "so that it can invite too: the first drawn by degree (preferential "
                "attachment) among the people already on the graph, each further one with "
                "graph_triad_probability a friend of that friend, else by degree again "
                "(Holme-Kim's step; graph_mean_degree / 2 continues the graph's own growth). "
                "A fractional part is one more friend with that probability. 0: joiners have "
                "no friends and never invite.")
          .real(&S::graph_mean_degree, "graph_mean_degree", 20.0, 2.0, 10000.0, "friends",
                "Mean number of friends in the generated graph.")
          .real(&S::graph_triad_probability, "graph_triad_probability", 0.8, 0.0, 1.0, "probability",
                "Triad formation probability of the generated graph and of joiners' "
                "friends: higher gives more clustering (friends of friends are friends); at "
                "mean degree 20, 0 / 0.5 / 0.8 / 1 give average clustering about 0.007 / 0.10 "
                "/ 0.17 / 0.44 (generations; holme_kim: 0.007 / 0.09 / 0.16 / 0.27).");
  return keys;
}

network::GraphRequest graph_request(const ParameterSet& p, const InviteSettings& s) {
  return network::graph_request(p, s.graph_file, s.graph_generator, {s.graph_mean_degree, s.graph_triad_probability});
}

class Invites final : public Behaviour {
 public:
  // An entry fee or invite-code condition holds friends back as it holds
  // back ad joiners (pass_rate).
  Invites(const InviteSettings& s, double pass_rate, const ModuleLayout& layout,
          std::shared_ptr<const SocialGraph> graph)
      : campaign_(s.campaign.window),
        invite_probability_(float(s.invite_probability * (1.0 + s.reward_sensitivity * s.reward))),
        accept_probability_(float(s.accept_probability * pass_rate)),
        per_edge_(s.per_edge_probability),
        log_no_transmission_(std::log1p(-std::min(per_edge_, 1.0))),
        always_accept_(s.always_accept),
        reward_fen_(to_fen(s.reward)),
        sent_(layout.metric("invites_sent")),
        accepted_(layout.metric("invites_accepted")),
        inviters_(layout.metric("inviters")),
        cost_(layout.metric(metrics::kCost)),
        last_active_day_(layout.column<Day>(fields::kLastActiveDay)),
        engagement_(layout.column<float>(fields::kEngagement)),
        interest_(layout.column<float>(fields::kInterest)),
        joiner_friends_{s.joiner_friends, s.graph_triad_probability} {
    if (graph) graph_.emplace(std::move(graph));
  }

  void begin_day(const DayContext& ctx, OperatorActions&) override {
    campaign_on_ = graph_ && campaign_.contains(ctx.day);
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    if (!campaign_on_) return;
    std::vector<Invite>& out = buffers_.local();
    const std::uint32_t nodes = graph_->node_count();  // day-0 people, then joiners with friends
    const auto last_active_day = pop.column(last_active_day_);
    const auto engagement = pop.column(engagement_);
    if (per_edge_ > 0.0) {
      for (const std::uint32_t i : chunk.members) {
        if (i >= nodes) break;  // joiners without friends are not on the graph; indices ascend
        if (is_member(pop.state[i])) spread(ctx, i, out, tally);
      }
      return;
    }
    // In batches: every member's first block (vectorised), then decisions.
    // Only a member who visited today (participation ran first) invites, and
    // the graph is looked up only for the few who decide to: in two passes
    // over them that load their friend lists, then the chosen friends, with
    // prefetches (each lookup is a cache miss in a large graph).
    constexpr std::size_t kBatch = 256;
    RandomStream::Block first[kBatch];
    struct Inviter {
      std::uint32_t id, pick;
      RandomStream stream;
    };
    std::array<std::optional<Inviter>, kBatch> inviters;
    const std::span<const std::uint32_t> members = chunk.members;
    for (std::size_t at = 0; at < members.size() && members[at] < nodes; at += kBatch) {
      const std::size_t n = std::min(kBatch, members.size() - at);
      first_blocks(ctx.key, members.subspan(at, n), kSendDraw, first);
      std::size_t count = 0;
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t i = members[at + k];
        if (i >= nodes) break;
        if (!is_member(pop.state[i]) || last_active_day[i] != ctx.day) continue;
        RandomStream stream(ctx.key, i, kSendDraw, first[k]);
        if (!stream.bernoulli(invite_probability_ * engagement[i])) continue;
        graph_->prefetch(i);
        inviters[count++].emplace(Inviter{i, 0, stream});
      }
      std::size_t kept = 0;
      for (std::size_t k = 0; k < count; ++k) {
        Inviter& inviter = *inviters[k];
        const std::uint32_t friends = graph_->degree(inviter.id);
        if (friends == 0) continue;
        boost::random::uniform_int_distribution<std::size_t> pick(0, friends - 1);
        inviter.pick = std::uint32_t(pick(inviter.stream));
        graph_->prefetch_friend(inviter.id, inviter.pick);
        inviters[kept++] = inviters[k];
      }
      for (std::size_t k = 0; k < kept; ++k) {
        const Inviter& inviter = *inviters[k];
        out.emplace_back(graph_->friends(inviter.id)[inviter.pick], inviter.id);
      }
      tally.add(sent_, std::int64_t(kept));
      tally.add(inviters_, std::int64_t(kept));
    }
  }

  // Friends decide in friend order; a friend with several invites today
  // takes the first it accepts. Acceptance is drawn from the friend's stream.
  void plan_joins(const DayContext& ctx, const Population& pop, JoinPlan& joins) override {
    accepted_today_.clear();
    if (!campaign_on_) return;
    // Only prospects can accept (most friends invited are members already),
    // and no prospect's state changes before this phase: the rest are
    // dropped before the sort.
    buffers_.gather_sorted(invites_, [&](const Invite& invite) {
      return pop.state[invite.first] == MemberState::Prospect;
    });
    const auto interest = pop.column(interest_);
    for (std::size_t k = 0; k < invites_.size();) {
      const std::uint32_t person = invites_[k].first;
      std::size_t next = k;
      while (next < invites_.size() && invites_[next].first == person) ++next;
      RandomStream stream(ctx.key, person, kAcceptDraw);
      const float p = accept_probability_ * interest[person];
      for (std::size_t j = k; j < next; ++j) {
        if (!always_accept_ && !stream.bernoulli(p)) continue;
        const std::uint32_t inviter = invites_[j].second;
        accepted_today_.push_back(invites_[j]);
        joins.admit(person, is_member(pop.state[inviter]) ? pop.group[inviter] : JoinPlan::kIntakeGroup);
        break;
      }
      k = next;
    }
  }

  // Pays the reward for each accepted friend who did join (another module
  // may have admitted the person first; then it still counts as accepted).
  void on_join(const DayContext& ctx, Population&, std::span<const std::uint32_t> joined,
               DayTally& tally) override {
    attach_joiners(ctx, joined);
    if (accepted_today_.empty()) return;
    std::int64_t count = 0;
    for (const std::uint32_t person : joined) {
      const auto it = std::lower_bound(accepted_today_.begin(), accepted_today_.end(),
                                       Invite{person, 0});
      count += it != accepted_today_.end() && it->first == person;
    }
    tally.add(accepted_, count);
    tally.add(cost_, count * reward_fen_);
  }

 private:
  // People from outside the graph who joined today (new people: indices past
  // everyone created before them) get friends, in index order, each from its
  // own stream, so the graph grows the same whatever the thread count.
  void attach_joiners(const DayContext& ctx, std::span<const std::uint32_t> joined) {
    if (!graph_ || joiner_friends_.friends <= 0.0) return;
    std::uint32_t end = graph_->node_count();
    for (const std::uint32_t person : joined) end = std::max(end, person + 1);
    while (graph_->node_count() < end) {
      RandomStream stream(ctx.key, graph_->node_count(), kJoinerFriendsDraw);
      network::attach_joiner(*graph_, joiner_friends_, stream);
    }
  }

  // The per-edge (SI) mode: each friend of member i independently with
  // probability per_edge: jump over the friends who are not reached
  // (geometric gaps), O(invites) per member.
  void spread(const DayContext& ctx, std::uint32_t i, std::vector<Invite>& out, DayTally& tally) const {
    const Friends friends = graph_->friends(i);
    RandomStream stream(ctx.key, i, kSendDraw);
    Friends::Cursor cursor(friends);
    std::int64_t sent = 0;
    for (double k = gap(stream); k < double(friends.size()); k += 1.0 + gap(stream)) {
      out.emplace_back(cursor.at(std::uint32_t(k)), i);
      ++sent;
    }
    if (sent == 0) return;
    tally.add(sent_, sent);
    tally.add(inviters_);
  }

  // Friends skipped before the next one reached: Geometric(per_edge) on 0, 1, ...
  double gap(RandomStream& stream) const {
    if (per_edge_ >= 1.0) return 0.0;
    return std::floor(std::log1p(-stream.uniform()) / log_no_transmission_);
  }

  // The run's day-0 graph and this replicate's joiners; none: nothing is sent.
  std::optional<GrowingGraph> graph_;
  DayWindow campaign_;
  float invite_probability_, accept_probability_;
  double per_edge_, log_no_transmission_;
  bool always_accept_;
  std::int64_t reward_fen_;
  MetricId sent_, accepted_, inviters_, cost_;
  Column<Day> last_active_day_;
  Column<float> engagement_, interest_;
  network::JoinerFriendsSettings joiner_friends_;
  bool campaign_on_ = false;
  ThreadBuffers<Invite> buffers_;
  std::vector<Invite> invites_;         // today's to prospects, sorted by friend then inviter
  std::vector<Invite> accepted_today_;  // sorted by friend
};

}  // namespace

ModuleDefinition invites_module() {
  // One graph per run, shared by the replicates this definition creates.
  auto shared = std::make_shared<SharedGraph>();
  return {
      .name = "invites",
      .help = "Invite campaigns over a social graph (fission): P(invite a random friend today) = "
              "invite_probability x engagement x (1 + reward_sensitivity x reward) for a member "
              "who visited; P(accept) = accept_probability x friend's interest; the friend joins "
              "the inviter's group. per_edge_probability > 0 gives SI / SIR spreading instead. "
              "joiner_friends > 0 gives people who join from the ads friends on the graph.",
      .declare_parameters = [](ParamRegistry& p) { invite_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("invites_sent", MetricKind::Flow, "invites d-1",
                          "Invites members sent to friends that day (to anyone on the graph).");
            layout.metric("invites_accepted", MetricKind::Flow, "people d-1",
                          "Invited prospects who accepted and joined that day.");
            layout.metric("inviters", MetricKind::Flow, "people d-1",
                          "Members who sent at least one invite that day.");
            layout.ratio("viral_k", "1",
                         "invites_accepted / inviters that day (0 when nobody invited): the viral "
                         "coefficient of the day's inviters.",
                         "invites_accepted", "inviters", 0.0, Better::Higher);
            layout.writes(Item::Metric, metrics::kCost);
            layout.reads(Item::Column, fields::kLastActiveDay, When::Today, "nobody visits: no invites");
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0: no invites");
            layout.reads(Item::Column, fields::kInterest, When::Yesterday, "0: nobody accepts");
            layout.purpose(network::kGraphGrowth, "invites.graph_growth");
            layout.purpose(network::kGraphLabels, "invites.graph_labels");
            layout.purpose(network::kGraphTriads, "invites.graph_triads");
            layout.purpose(network::kGraphAttachment, "invites.graph_attachment");
            layout.purpose(kSendDraw, "invites.send");
            layout.purpose(kAcceptDraw, "invites.accept");
            layout.purpose(kJoinerFriendsDraw, "invites.joiner_friends");
          },
      .create = [shared](const ParameterSet& p, const ModuleLayout& layout,
                         const ModuleResources& resources) -> std::unique_ptr<Behaviour> {
        // The graph is needed only if invites can be sent; a named file is
        // always read, so a bad one fails before the simulation starts.
        const InviteSettings s = invite_keys().read(p);
        std::shared_ptr<const SocialGraph> graph;
        if (s.sends() || !s.graph_file.empty()) graph = shared->get(graph_request(p, s), resources);
        return std::make_unique<Invites>(s, EntryThreshold(p).pass_rate(), layout, s.sends() ? graph : nullptr);
      },
      .check_inputs =
          [](const ParameterSet& p) {
            const network::GraphRequest request = graph_request(p, invite_keys().read(p));
            if (!request.file.empty()) network::load_edge_list(request.file, request.nodes);
          },
      .memory_needs =
          [](const ParameterSet& p) {
            const InviteSettings s = invite_keys().read(p);
            if (!s.sends() && s.graph_file.empty()) return MemoryNeeds{};
            // CSR: 8 bytes of offsets per person, 4 per edge end. At its peak
            // a generator holds its links, the endpoints bucketed by person
            // and the CSR: about 4x the CSR (generations: 16 bytes per link
            // and 16 per endpoint; Holme-Kim's adjacency vectors: 3.5x). A
            // file's degree is not known before reading: the generator's
            // mean degree stands in. A graph loaded from the disk cache
            // (--graph-cache) holds only the CSR: within the bound.
            const network::GraphRequest request = graph_request(p, s);
            const double csr = double(request.nodes) * (8.0 + 4.0 * request.generator.mean_degree);
            const double peak = request.generator_kind == network::Generator::HolmeKim ? 3.5 : 4.0;
            // Each replicate's joiners' friendships (GrowingGraph). The guard
            // has no per-replicate bytes beyond people, so count them in
            // every replicate: an upper bound.
            const double joiners = s.sends() ? acquisition_joiners_bound(p) : 0.0;
            const double extension =
                GrowingGraph::extension_bytes_bound(double(request.nodes), joiners, s.joiner_friends);
            return MemoryNeeds{0, peak * csr + double(p.integer("run.replicates")) * extension};
          },
  };
}

}  // namespace commsim::models
