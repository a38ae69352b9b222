// The engine's own duties, checked with a probe module whose behaviour is
// known exactly: group cap and intake groups, daily recount of group sizes,
// join order, the accounting identity of the engine metrics.
#include <gtest/gtest.h>

#include "sim/ensemble.hpp"
#include "sim/scenario.hpp"

namespace commsim {
namespace {

// Requests `probe.joins_per_day` joins a day; every member whose index is a
// multiple of `probe.leave_modulus` (0: none) leaves on its third day.
class Probe final : public Behaviour {
 public:
  Probe(const ParameterSet& p, const ModuleLayout& layout)
      : joins_(std::uint32_t(p.integer("probe.joins_per_day"))),
        modulus_(std::uint32_t(p.integer("probe.leave_modulus"))),
        left_(layout.metric("left")),
        largest_group_(layout.metric("largest_group")),
        mark_(layout.column<float>("mark")) {}

  void plan_joins(const DayContext&, const Population&, JoinPlan& plan) override {
    plan.add(joins_);
  }

  void init_members(const DayContext& ctx, Population& pop, MemberRange added) override {
    for (std::uint32_t i = added.begin; i < added.end; ++i) {
      EXPECT_EQ(pop.join_day[i], ctx.day);
      pop.column(mark_)[i] = 1.0f;  // marks that init ran
    }
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    for (const std::uint32_t i : chunk.members) {
      EXPECT_EQ(pop.column(mark_)[i], 1.0f);
      if (is_member(pop.state[i]) && modulus_ && i % modulus_ == 0 && ctx.day - pop.join_day[i] == 2) {
        pop.state[i] = MemberState::Churned;
        tally.add(left_);
      }
    }
  }

  void end_day(const DayContext& ctx, const Population&, DayTally&, DayMetrics& m) override {
    std::uint32_t largest = 0;
    for (std::uint32_t size : ctx.groups.size) largest = std::max(largest, size);
    m.set(largest_group_, largest);
  }

 private:
  std::uint32_t joins_, modulus_;
  MetricId left_, largest_group_;
  Column<float> mark_;
};

Model probe_model() {
  return Model({{
      .name = "probe",
      .help = "test probe",
      .declare_parameters =
          [](ParamRegistry& p) {
            p.integer("probe.joins_per_day", 25, 0, 1000, "people/day", "");
            p.integer("probe.leave_modulus", 4, 0, 1000, "", "0: nobody leaves");
          },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("left", MetricKind::Flow, "people/day", "");
            layout.metric("largest_group", MetricKind::Level, "people", "");
            layout.column("mark", 0.0f, "1 once init_members ran");
          },
      .create = make_module<Probe>,
  }});
}

double at(const EnsembleResult& r, const Model& model, const std::string& metric, std::uint32_t day) {
  return r.series(model.layout().metric_id(metric), 0)[day];
}

TEST(Engine, OpensANewIntakeGroupWhenTheCurrentOneIsFull) {
  const Model model = probe_model();
  const Scenario s = parse_scenario(
      "run: {days: 10, replicates: 1}\ncommunity: {initial_members: 5, group_cap: 10}\n"
      "probe: {joins_per_day: 25, leave_modulus: 0}\n",
      "<t>", model.parameters());
  const EnsembleResult r = run_ensemble(model, s.params, run_settings(s.params));
  // Day 0 ends with 5 + 25 = 30 members: the first group holds 10, then 2 more.
  EXPECT_EQ(at(r, model, "members", 0), 30);
  EXPECT_EQ(at(r, model, "groups", 0), 3);
  EXPECT_EQ(at(r, model, "largest_group", 0), 10);
  EXPECT_EQ(at(r, model, "members", 9), 5 + 250);
  EXPECT_EQ(at(r, model, "groups", 9), 26);  // ceil(255 / 10)
  for (std::uint32_t d = 0; d < 10; ++d) EXPECT_LE(at(r, model, "largest_group", d), 10);
}

TEST(Engine, RecountsGroupsAfterExitsAndKeepsTheAccountingIdentity) {
  const Model model = probe_model();
  const Scenario s = parse_scenario(
      "run: {days: 30, replicates: 1}\ncommunity: {initial_members: 100, group_cap: 500}\n"
      "probe: {joins_per_day: 8, leave_modulus: 4}\n",
      "<t>", model.parameters());
  const EnsembleResult r = run_ensemble(model, s.params, run_settings(s.params));
  // Members with index % 4 == 0 leave on their third day: on day 2 the 25
  // such seed members and 2 of day 0's 8 joiners (indices 100..107), then 2
  // of each day's joiners two days after they joined.
  EXPECT_EQ(at(r, model, "left", 2), 27);
  EXPECT_EQ(at(r, model, "left", 3), 2);
  for (std::uint32_t d = 1; d < 30; ++d)
    EXPECT_EQ(at(r, model, "members", d),
              at(r, model, "members", d - 1) + at(r, model, "joined", d) - at(r, model, "left", d));
}

TEST(Engine, RejectsCollidingRandomPurposes) {
  ModuleDefinition a{.name = "a", .help = "", .declare_parameters = [](ParamRegistry&) {},
                     .declare_layout = [](ModelLayout& l) { l.purpose(Purpose{5}, "a.x"); },
                     .create = nullptr};
  ModuleDefinition b = a;
  b.name = "b";
  b.declare_layout = [](ModelLayout& l) { l.purpose(Purpose{5}, "b.y"); };
  EXPECT_THROW(Model({a, b}), std::logic_error);
}

}  // namespace
}  // namespace commsim
