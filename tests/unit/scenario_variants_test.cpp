// Scenario files with variants: a base and named overrides, each checked
// like the base, with errors located at file:line:column.
#include <gtest/gtest.h>

#include "sim/input_error.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

std::vector<Scenario> parse(const std::string& yaml) {
  return parse_scenarios(yaml, "file.yaml", testing::standard().parameters());
}

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

const char* kBase =
    "scenario: {name: pruning, description: prune or not}\n"
    "run: {days: 30, replicates: 2}\n"
    "pruning: {every_days: 7, silence_days: 14}\n";

TEST(ScenarioVariants, BaseThenVariantsEachWithItsOverrides) {
  const std::vector<Scenario> s = parse(std::string(kBase) +
                                        "variants:\n"
                                        "  - name: monthly\n"
                                        "    pruning: {every_days: 30}\n"
                                        "  - name: never\n"
                                        "    pruning: {every_days: 0}\n"
                                        "    scenario: {description: no pruning}\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].name(), "pruning");
  EXPECT_EQ(s[0].variant_of, "");
  EXPECT_EQ(s[1].name(), "monthly");
  EXPECT_EQ(s[1].variant_of, "pruning");
  EXPECT_EQ(s[0].params.integer("pruning.every_days"), 7);
  EXPECT_EQ(s[1].params.integer("pruning.every_days"), 30);
  EXPECT_EQ(s[1].params.integer("pruning.silence_days"), 14);  // inherited from the base
  EXPECT_EQ(s[2].params.integer("pruning.every_days"), 0);
  EXPECT_EQ(s[2].params.text("scenario.description"), "no pruning");
  EXPECT_EQ(s[1].params.text("scenario.description"), "prune or not");
  EXPECT_EQ(s[1].text, s[0].text);  // the file as given, for the record
}

TEST(ScenarioVariants, NoVariantsIsOneScenario) {
  EXPECT_EQ(parse(kBase).size(), 1u);
  EXPECT_EQ(parse(std::string(kBase) + "variants: []\n").size(), 1u);
}

TEST(ScenarioVariants, EachMistakeIsLocated) {
  const std::string v = std::string(kBase) + "variants:\n";
  EXPECT_EQ(error_of(v + "  - pruning: {every_days: 30}\n"),
            "file.yaml:5:5: key 'variants[0].name' is missing (every variant needs a name)");
  EXPECT_EQ(error_of(v + "  - name: a\n  - name: a\n"),
            "file.yaml:6:11: key 'variants[1].name': the name 'a' is used twice in this file (the base is 'pruning')");
  EXPECT_EQ(error_of(v + "  - name: pruning\n"),
            "file.yaml:5:11: key 'variants[0].name': the name 'pruning' is used twice in this file (the base is 'pruning')");
  EXPECT_EQ(error_of(v + "  - name: a\n    prunning: {every_days: 3}\n").rfind(
                "file.yaml:6:5: unknown key 'prunning'", 0),
            0u);
  EXPECT_EQ(error_of(v + "  - name: a\n    pruning: {every_days: often}\n"),
            "file.yaml:6:27: key 'pruning.every_days' must be an integer, got 'often'");
  EXPECT_EQ(error_of(v + "  - name: a\n    pruning: {every_days: -1}\n").rfind(
                "file.yaml:6:27: key 'pruning.every_days' must be in [0, 3650]", 0),
            0u);
  EXPECT_EQ(error_of(v + "  - name: 'a b'\n").rfind("file.yaml:5:11: key 'variants[0].name'", 0), 0u);
  EXPECT_EQ(error_of(v + "  - name: a\n    scenario: {name: b}\n"),
            "file.yaml:6:22: key 'variants[0].scenario.name': a variant is named by its 'name' key");
  EXPECT_EQ(error_of(v + "  - just a string\n"),
            "file.yaml:5:5: key 'variants[0]' must be a mapping of a name and the keys it changes, got 'just a string'");
  EXPECT_EQ(error_of(std::string(kBase) + "variants: {name: a}\n"),
            "file.yaml:4:11: key 'variants' must be a list of variants, got a mapping");
  // A file that must hold one scenario says so.
  EXPECT_THROW(parse_scenario(v + "  - name: a\n", "f", testing::standard().parameters()), InputError);
}

}  // namespace
}  // namespace commsim
