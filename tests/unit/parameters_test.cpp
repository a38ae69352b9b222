#include "sim/parameters.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "sim/input_error.hpp"
#include "sim/scenario.hpp"
#include "sim/settings_binding.hpp"

namespace commsim {
namespace {

ParamRegistry small_registry() {
  ParamRegistry r;
  r.section("scenario", "s");
  r.identifier("scenario.name", "demo", "name");
  r.section("ads", "advertising");
  r.real("ads.rate", 0.5, 0.0, 1.0, "probability", "a rate");
  r.integer("ads.reach", 100, 0, 1000, "people/day", "reach");
  r.flag("ads.enabled", true, "on/off");
  r.text("ads.note", "", "free text");
  return r;
}

TEST(ParamRegistry, RejectsBadDeclarations) {
  ParamRegistry r = small_registry();
  EXPECT_THROW(r.real("ads.rate", 0.5, 0, 1, "", ""), std::logic_error);       // twice
  EXPECT_THROW(r.real("nosection", 0.5, 0, 1, "", ""), std::logic_error);      // no section
  EXPECT_THROW(r.real("other.rate", 0.5, 0, 1, "", ""), std::logic_error);     // undeclared section
  EXPECT_THROW(r.real("ads.bad_default", 2.0, 0, 1, "", ""), std::logic_error);  // default out of range
}

TEST(ParamRegistry, SuggestsNearbyKeys) {
  const ParamRegistry r = small_registry();
  const auto near = r.nearest("ads.rech", 1);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0], "ads.reach");
}

TEST(CheckValue, TypesAndRanges) {
  const ParamRegistry r = small_registry();
  const ParamSpec& rate = *r.find("ads.rate");
  EXPECT_EQ(check_value(rate, 0.25), "");
  EXPECT_NE(check_value(rate, 1.5), "");
  EXPECT_NE(check_value(rate, std::int64_t{1}), "");
  const ParamSpec& reach = *r.find("ads.reach");
  EXPECT_EQ(check_value(reach, std::int64_t{1000}), "");
  EXPECT_NE(check_value(reach, std::int64_t{1001}), "");
  const ParamSpec& name = *r.find("scenario.name");
  EXPECT_EQ(check_value(name, std::string("a-b_c.1")), "");
  EXPECT_NE(check_value(name, std::string("a/b")), "");
  EXPECT_NE(check_value(name, std::string("")), "");
}

TEST(ParameterSet, ResolvedYamlIsAScenarioThatReadsBackIdentically) {
  const ParamRegistry r = small_registry();
  Scenario s = parse_scenario("ads:\n  rate: 0.1\n  note: \"x: y\"\n", "<t>", r);
  apply_override(s, "ads.reach=7");
  const Scenario again = parse_scenario(s.params.to_yaml(), "<resolved>", r);
  for (const ParamSpec& spec : r.specs())
    EXPECT_EQ(format_value(again.params.value(spec.key)), format_value(s.params.value(spec.key)))
        << spec.key;
  EXPECT_EQ(again.params.real("ads.rate"), 0.1);
  EXPECT_EQ(again.params.integer("ads.reach"), 7);
  EXPECT_EQ(again.params.text("ads.note"), "x: y");
}

TEST(FormatValue, RoundTripsDoubles) {
  for (double x : {0.1, 1.0 / 3.0, 1e-300, 123456789.125, 2.0})
    EXPECT_EQ(std::stod(format_value(x)), x);
  EXPECT_EQ(format_value(0.1), "0.1");
}

struct LeverSettings {
  double rate;
  float weight;
  int days;
  bool on;
};

TEST(SettingsBinding, DeclaresEachKeyOnceAndReadsItIntoItsField) {
  const auto keys = SettingsBinding<LeverSettings>("lever")
                        .real(&LeverSettings::rate, "rate", 0.25, 0.0, 1.0, "probability", "a rate")
                        .real(&LeverSettings::weight, "weight", 2.0, 0.0, 10.0, "", "a weight")
                        .integer(&LeverSettings::days, "days", 7, 1, 365, "days", "a period")
                        .flag(&LeverSettings::on, "on", false, "a switch");
  ParamRegistry registry;
  registry.section("lever", "test");
  keys.declare(registry);
  ASSERT_NE(registry.find("lever.days"), nullptr);
  EXPECT_EQ(registry.find("lever.days")->type, ParamType::Integer);
  EXPECT_EQ(registry.find("lever.days")->unit, "days");
  const LeverSettings defaults = keys.read(ParameterSet(registry));
  EXPECT_EQ(defaults.rate, 0.25);
  EXPECT_EQ(defaults.weight, 2.0f);
  EXPECT_EQ(defaults.days, 7);
  EXPECT_FALSE(defaults.on);
  const Scenario s = parse_scenario("lever: {rate: 0.5, days: 30, on: true}\n", "s.yaml", registry);
  const LeverSettings set = keys.read(s.params);
  EXPECT_EQ(set.rate, 0.5);
  EXPECT_EQ(set.days, 30);
  EXPECT_TRUE(set.on);
  EXPECT_THROW(parse_scenario("lever: {days: 0}\n", "s.yaml", registry), InputError);  // the declared range
}

}  // namespace
}  // namespace commsim
