#include "models/pruning.hpp"

#include "models/cadence.hpp"
#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct PruningSettings {
  int silence_days;
  Cadence prunes;
  bool protect_kols, protect_admins, protect_paid;
};

const SettingsBinding<PruningSettings>& pruning_keys() {
  using S = PruningSettings;
  // every_days is declared before silence_days, as documented.
  static const CadenceKeys prunes{.what = "the prunes", .event = "prune", .every = CadenceKeys::Every::Lever,
                                  .every_help = "Interval between prunes; 0 never prunes (weekly: 7, monthly: 30).",
                                  .every_max = 3650};
  static const auto keys =
      SettingsBinding<S>("pruning")
          .custom(cadence_interval_key<S>(prunes))
          .integer(&S::silence_days, "silence_days", 30, 1, 3650, "days",
                   "Members silent for at least this long are removed.")
          .custom(cadence_keys(&S::prunes, prunes))
          .flag(&S::protect_kols, "protect_kols", true, "Never prune KOLs.")
          .flag(&S::protect_admins, "protect_admins", true, "Never prune admins.")
          .flag(&S::protect_paid, "protect_paid", true, "Never prune trial or paid members (buyers).");
  return keys;
}

class Pruning final : public Behaviour {
 public:
  Pruning(const ParameterSet& p, const ModuleLayout& layout) : Pruning(pruning_keys().read(p), layout) {}
  Pruning(const PruningSettings& s, const ModuleLayout& layout)
      : silence_(s.silence_days),
        cadence_(s.prunes),
        protect_kol_(s.protect_kols),
        protect_admins_(s.protect_admins),
        protect_paid_(s.protect_paid),
        pruned_(layout.metric("pruned")),
        role_(layout.column<Role>(fields::kRole)),
        funnel_(layout.column<Funnel>(fields::kFunnel)),
        last_post_day_(layout.column<Day>(fields::kLastPostDay)) {}

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    if (!cadence_.on(ctx.day)) return;
    const auto role = pop.column(role_);
    const auto funnel = pop.column(funnel_);
    const auto last_post_day = pop.column(last_post_day_);
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i]) || is_protected(role[i], funnel[i])) continue;
      // Silence counts from the last message, or from joining for those who
      // never posted: a newcomer gets silence_days before it can be pruned.
      const Day since = last_post_day[i] == kNever ? pop.join_day[i] : last_post_day[i];
      if (ctx.day - since >= silence_) {
        pop.state[i] = MemberState::Pruned;
        tally.add(pruned_);
      }
    }
  }

 private:
  bool is_protected(Role role, Funnel funnel) const {
    if (protect_kol_ && role == Role::Kol) return true;
    if (protect_admins_ && (role == Role::VolunteerAdmin || role == Role::PaidAdmin)) return true;
    return protect_paid_ && (funnel == Funnel::Paid || funnel == Funnel::Trial);
  }

  int silence_;
  Cadence cadence_;
  bool protect_kol_, protect_admins_, protect_paid_;
  MetricId pruned_;
  Column<Role> role_;
  Column<Funnel> funnel_;
  Column<Day> last_post_day_;
};

}  // namespace

ModuleDefinition pruning_module() {
  return {
      .name = "pruning",
      .help = "Every every_days days (from start_day to end_day) the operator removes members "
              "who have not posted for silence_days (counted from joining for those who never "
              "posted), except protected roles. Off while every_days is 0.",
      .declare_parameters = [](ParamRegistry& p) { pruning_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("pruned", MetricKind::Flow, "people d-1",
                          "Members removed by the operator for silence that day.", Better::Neither);
            layout.reads(Item::Column, fields::kRole, When::Today, "everyone ordinary: no role protected");
            layout.reads(Item::Column, fields::kFunnel, When::Yesterday, "nobody bought: no buyer protected");
            layout.reads(Item::Column, fields::kLastPostDay, When::Today,
                         "nobody posts: silence counts from joining");
          },
      .create = make_module<Pruning>,
  };
}

}  // namespace commsim::models
