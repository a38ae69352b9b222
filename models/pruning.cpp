#include "models/pruning.hpp"

#include "models/cadence.hpp"
#include "models/member_fields.hpp"

namespace commsim::models {
namespace {

// pruning.every_days is declared before silence_days, as documented.
const CadenceKeys kPrunes{.prefix = "pruning.", .what = "the prunes", .event = "prune",
                          .every = CadenceKeys::Every::Lever};

class Pruning final : public Behaviour {
 public:
  Pruning(const ParameterSet& p, const ModuleLayout& layout)
      : silence_(int(p.integer("pruning.silence_days"))),
        cadence_(read_cadence(p, kPrunes)),
        protect_kol_(p.flag("pruning.protect_kols")),
        protect_admins_(p.flag("pruning.protect_admins")),
        protect_paid_(p.flag("pruning.protect_paid")),
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
      .declare_parameters =
          [](ParamRegistry& p) {
            p.integer("pruning.every_days", 0, 0, 3650, "days",
                      "Interval between prunes; 0 never prunes (weekly: 7, monthly: 30).");
            p.integer("pruning.silence_days", 30, 1, 3650, "days",
                      "Members silent for at least this long are removed.");
            declare_cadence(p, kPrunes);
            p.flag("pruning.protect_kols", true, "Never prune KOLs.");
            p.flag("pruning.protect_admins", true, "Never prune admins.");
            p.flag("pruning.protect_paid", true, "Never prune trial or paid members (buyers).");
          },
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
