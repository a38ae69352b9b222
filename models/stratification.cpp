#include "models/stratification.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kTasteDraw{160};
constexpr const char* kTaste = "taste";
// Group counters are declared before the scenario is read, so the number of
// tastes has a ceiling.
constexpr int kMaxTastes = 8;

std::string counter_name(int taste) { return "taste_" + std::to_string(taste); }

struct Taste {
  double share;
};
struct Conflict {
  int taste_a, taste_b;
};

struct StratificationSettings {
  std::vector<Taste> tastes;
  std::vector<Conflict> conflicts;
  double conflict_weight;
};

// The list's shape: at most kMaxTastes tastes whose shares add up to more
// than 0, and conflicts between tastes it has.
std::string tastes_problem(const StratificationSettings& s) {
  if (s.tastes.size() > std::size_t(kMaxTastes)) return "at most " + std::to_string(kMaxTastes) + " tastes";
  double total = 0.0;
  for (const Taste& taste : s.tastes) total += taste.share;
  if (!s.tastes.empty() && total <= 0.0) return "the tastes' shares add up to 0";
  for (std::size_t k = 0; k < s.conflicts.size(); ++k)
    for (const int taste : {s.conflicts[k].taste_a, s.conflicts[k].taste_b})
      if (taste >= int(s.tastes.size()))
        return "conflict " + std::to_string(k + 1) + " names taste " + std::to_string(taste) + ", but there are " +
               std::to_string(s.tastes.size()) + " tastes";
  return "";
}

const SettingsBinding<StratificationSettings>& stratification_keys() {
  using S = StratificationSettings;
  static const auto keys =
      SettingsBinding<S>("stratification")
          .list(&S::tastes, "tastes",
                RecordBinding<Taste>().real(&Taste::share, "share", 1.0, 0.0, 1e6, "",
                                            "Relative share of people with this taste."),
                "The mix of tastes (segments of interest) people are drawn from, taste 0 first, "
                "at most 8; empty or one row: everyone has taste 0 and nothing conflicts.")
          .list(&S::conflicts, "conflicts",
                RecordBinding<Conflict>()
                    .integer(&Conflict::taste_a, "taste_a", 0, 0, kMaxTastes - 1, "", "One taste of the pair.")
                    .integer(&Conflict::taste_b, "taste_b", 1, 0, kMaxTastes - 1, "", "The other.")
                    .check([](const Conflict& c) -> std::string {
                      return c.taste_a == c.taste_b ? "a taste does not conflict with itself" : "";
                    }),
                "Pairs of tastes whose interests conflict (each pair both ways).")
          .real(&S::conflict_weight, "conflict_weight", 0.5, 0.0, 100.0, "overload",
                "Overload signal added per unit of a group's conflict (engagement loses "
                "engagement.overload_weight x this x conflict).")
          .check(tastes_problem, &S::tastes, &S::conflicts);
  return keys;
}

class Stratification final : public Behaviour {
 public:
  Stratification(const ParameterSet& p, const ModuleLayout& layout)
      : Stratification(stratification_keys().read(p), layout) {}
  Stratification(const StratificationSettings& s, const ModuleLayout& layout)
      : weight_(s.conflict_weight),
        conflict_metric_(layout.metric("mixing_conflict")),
        overload_(layout.group_signal("overload")),
        taste_(layout.column<std::uint8_t>(kTaste)) {
    // The scenario's constraint has checked the list (tastes_problem).
    tastes_ = std::min(int(s.tastes.size()), kMaxTastes);
    double total = 0.0;
    for (int t = 0; t < tastes_; ++t) total += s.tastes[t].share;
    if (total <= 0.0) tastes_ = 0;
    double below = 0.0;
    for (int t = 0; t < tastes_; ++t) {
      below += s.tastes[t].share;
      cumulative_[t] = below / total;
    }
    for (const Conflict& pair : s.conflicts) {
      conflict_[pair.taste_a][pair.taste_b] = conflict_[pair.taste_b][pair.taste_a] = true;
      any_conflict_ = true;
    }
    for (int t = 0; t < kMaxTastes; ++t) counters_[t] = layout.group_counter(counter_name(t));
  }

  // A person's taste, from its own stream: the same in every variant.
  void init_members(const DayContext& ctx, Population& pop, MemberRange added) override {
    if (tastes_ <= 1) return;  // everyone has taste 0
    const auto taste = pop.column(taste_);
    for (std::uint32_t i = added.begin; i < added.end; ++i) {
      RandomStream stream(ctx.key, i, kTasteDraw);
      const double u = stream.uniform();
      int t = 0;
      while (t + 1 < tastes_ && u >= cumulative_[t]) ++t;
      taste[i] = std::uint8_t(t);
    }
  }

  // Yesterday's composition of each group sets today's conflict.
  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    conflict_sum_ = 0.0;
    counted_ = 0;
    if (!active()) return;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
      std::array<std::int64_t, kMaxTastes> n{};
      std::int64_t members = 0;
      for (int t = 0; t < tastes_; ++t) members += n[t] = ctx.yesterday.group(counters_[t], g);
      if (members == 0) continue;
      std::int64_t pairs = 0;  // ordered pairs of conflicting members
      for (int a = 0; a < tastes_; ++a)
        for (int b = 0; b < tastes_; ++b)
          if (conflict_[a][b]) pairs += n[a] * n[b];
      const double conflict = double(pairs) / (double(members) * double(members));
      conflict_sum_ += conflict * double(members);
      counted_ += members;
      if (pairs > 0) actions.add_signal(overload_, g, float(weight_ * conflict));
    }
  }

  // Counts each group's members by taste, after the day's exits (runs after
  // churn), for tomorrow.
  void update_members(const DayContext&, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    if (!active()) return;
    const auto taste = pop.column(taste_);
    for (const std::uint32_t i : chunk.members)
      if (is_member(pop.state[i])) tally.add_group(counters_[taste[i]], pop.group[i]);
  }

  void end_day(const DayContext&, const Population&, DayTally&, DayMetrics& metrics) override {
    if (counted_ > 0) metrics.set(conflict_metric_, conflict_sum_ / double(counted_));
  }

 private:
  bool active() const { return tastes_ > 1 && any_conflict_ && weight_ > 0.0; }

  double weight_;
  MetricId conflict_metric_;
  SignalId overload_;
  Column<std::uint8_t> taste_;
  int tastes_ = 0;
  std::array<double, kMaxTastes> cumulative_{};
  std::array<std::array<bool, kMaxTastes>, kMaxTastes> conflict_{};
  bool any_conflict_ = false;
  std::array<GroupCounterId, kMaxTastes> counters_{};
  double conflict_sum_ = 0.0;  // member-weighted, over today's groups
  std::int64_t counted_ = 0;
};

}  // namespace

ModuleDefinition stratification_module() {
  return {
      .name = "stratification",
      .help = "Stratification: each person has a taste (segment of interest) drawn at creation "
              "from `tastes` (shares, taste 0 first); the pairs in `conflicts` conflict. Each day "
              "a group's conflict is the chance that two of yesterday's members, drawn at random, "
              "have conflicting tastes (sum over conflicting ordered pairs of n_a x n_b / n^2), and "
              "conflict_weight x conflict is added to the group's overload signal: mixing "
              "segments whose interests conflict lowers the value every member gets. Off by "
              "default (no tastes).",
      .declare_parameters = [](ParamRegistry& p) { stratification_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("mixing_conflict", MetricKind::Ratio, "1",
                          "Members' mean chance that a random member of their group has a "
                          "conflicting taste (the groups' conflict that day, weighted by their "
                          "members yesterday).",
                          Better::Lower);
            layout.column(kTaste, std::uint8_t{0}, "Segment of interest, 0..7 (stratification.tastes).");
            for (int t = 0; t < kMaxTastes; ++t) layout.group_counter(counter_name(t));
            layout.writes(Item::Signal, "overload");
            layout.purpose(kTasteDraw, "stratification.taste");
          },
      .create = make_module<Stratification>,
  };
}

}  // namespace commsim::models
