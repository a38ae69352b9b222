#include "sim/parameters.hpp"

#include <gtest/gtest.h>

#include <array>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

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

// A lever with every kind of key the binding knows besides numbers and flags.
enum class Tone : std::uint8_t { Calm, Loud };
struct Round {
  int first = 0, last = 0;  // one part of two fields
  double amount = 0;
  Tone tone = Tone::Calm;
};
struct RichSettings {
  std::string note;
  Tone tone = Tone::Calm;
  std::array<double, 2> weight{};
  std::vector<Round> rounds;
  int low = 0, high = 0;
  int custom = 0;
};

Tone tone_of(const std::string& name) { return name == "loud" ? Tone::Loud : Tone::Calm; }
std::string check_tone(const ParamValue& value) {
  const std::string& name = std::get<std::string>(value);
  return name == "calm" || name == "loud" ? "" : "must be calm or loud";
}

SettingsBinding<RichSettings> rich_keys() {
  using S = RichSettings;
  const auto round = RecordBinding<Round>()
                         .fields({{integer_field("first", 0, 0, 100, "day", "first day"),
                                   integer_field("last", 0, 0, 100, "day", "last day")},
                                  [](std::span<const Scalar> v, Round& r) {
                                    r.first = int(std::get<std::int64_t>(v[0]));
                                    r.last = int(std::get<std::int64_t>(v[1]));
                                  }})
                         .real(&Round::amount, "amount", 1.5, 0.0, 10.0, "yuan", "money")
                         .text_as<Tone>(&Round::tone, "tone", "calm", "how it sounds", tone_of, check_tone)
                         .check([](const Round& r) -> std::string {
                           return r.last < r.first ? "ends before it starts" : "";
                         });
  return SettingsBinding<S>("rich")
      .text(&S::note, "note", "hi", "a note")
      .text_as<Tone>(&S::tone, "tone", "calm", "how it sounds", tone_of, check_tone)
      .real(&S::weight, 0, "weight_a", 0.25, 0.0, 1.0, "", "first weight")
      .real(&S::weight, 1, "weight_b", 0.75, 0.0, 1.0, "", "second weight")
      .list(&S::rounds, "rounds", round, "the rounds")
      .integer(&S::low, "low", 1, 0, 100, "", "low end")
      .integer(&S::high, "high", 2, 0, 100, "", "high end")
      .check([](const S& s) -> std::string { return s.high < s.low ? "high is below low" : ""; }, &S::low, &S::high)
      .custom({[](ParamRegistry& p, const SettingsBinding<S>& b) {
                 p.integer(b.prefix() + "custom_days", 3, 0, 9, "days", "declared by a helper");
               },
               [](const ParameterSet& p, const SettingsBinding<S>& b, S& s) {
                 s.custom = int(p.integer(b.prefix() + "custom_days"));
               }});
}

TEST(SettingsBinding, BindsTextsListsArrayElementsChecksAndHelpers) {
  const auto keys = rich_keys();
  ParamRegistry registry;
  registry.section("rich", "test");
  keys.declare(registry);
  std::vector<std::string> declared;
  for (const ParamSpec& spec : registry.specs()) declared.push_back(spec.key);
  EXPECT_EQ(declared, (std::vector<std::string>{"rich.note", "rich.tone", "rich.weight_a", "rich.weight_b",
                                                "rich.rounds", "rich.low", "rich.high", "rich.custom_days"}));
  EXPECT_EQ(registry.find("rich.rounds")->fields.size(), 4u);
  EXPECT_EQ(registry.find("rich.rounds")->fields[2].key, "amount");
  EXPECT_EQ(keys.key(&RichSettings::high), "rich.high");
  ASSERT_EQ(registry.constraints().size(), 1u);
  EXPECT_EQ(registry.constraints()[0].keys, (std::vector<std::string>{"rich.low", "rich.high"}));

  const RichSettings defaults = keys.read(ParameterSet(registry));
  EXPECT_EQ(defaults.note, "hi");
  EXPECT_EQ(defaults.tone, Tone::Calm);
  EXPECT_EQ(defaults.weight[1], 0.75);
  EXPECT_TRUE(defaults.rounds.empty());
  EXPECT_EQ(defaults.custom, 3);

  const Scenario s = parse_scenario(
      "rich: {note: yo, tone: loud, weight_b: 0.5, custom_days: 9,\n"
      "       rounds: [{first: 2, last: 4, tone: loud}, {amount: 3}]}\n",
      "s.yaml", registry);
  const RichSettings set = keys.read(s.params);
  EXPECT_EQ(set.note, "yo");
  EXPECT_EQ(set.tone, Tone::Loud);
  EXPECT_EQ(set.weight[0], 0.25);
  EXPECT_EQ(set.weight[1], 0.5);
  EXPECT_EQ(set.custom, 9);
  ASSERT_EQ(set.rounds.size(), 2u);
  EXPECT_EQ(set.rounds[0].first, 2);
  EXPECT_EQ(set.rounds[0].last, 4);
  EXPECT_EQ(set.rounds[0].amount, 1.5);
  EXPECT_EQ(set.rounds[0].tone, Tone::Loud);
  EXPECT_EQ(set.rounds[1].amount, 3.0);
  EXPECT_EQ(set.rounds[1].tone, Tone::Calm);

  // The checks: a text's, a record's, and the one between keys.
  EXPECT_THROW(parse_scenario("rich: {tone: shrill}\n", "s.yaml", registry), InputError);
  try {
    parse_scenario("rich: {rounds: [{first: 5, last: 1}]}\n", "s.yaml", registry);
    ADD_FAILURE() << "a round that ends before it starts was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("key 'rich.rounds[0]' ends before it starts"), std::string::npos) << e.what();
  }
  const Scenario crossed = parse_scenario("rich: {low: 5, high: 4}\n", "s.yaml", registry);
  EXPECT_EQ(registry.constraints()[0].check(crossed.params), "high is below low");
  EXPECT_EQ(registry.constraints()[0].check(s.params), "");
}

}  // namespace
}  // namespace commsim
