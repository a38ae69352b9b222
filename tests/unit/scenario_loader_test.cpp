// Each kind of bad scenario input gives an error naming source, line,
// column and key.
#include <gtest/gtest.h>

#include "sim/input_error.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using testing::scenario_from;

std::string error_of(const std::string& yaml) {
  try {
    scenario_from(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string override_error(const std::string& assignment) {
  Scenario s = scenario_from("scenario:\n  name: x\n");
  try {
    apply_override(s, assignment);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ScenarioLoader, ReadsValuesAndKeepsDefaults) {
  const Scenario s = scenario_from(
      "scenario:\n  name: demo\nrun:\n  days: 30\nacquisition:\n  join_probability: 0.05\n");
  EXPECT_EQ(s.name(), "demo");
  EXPECT_EQ(s.params.integer("run.days"), 30);
  EXPECT_EQ(s.params.real("acquisition.join_probability"), 0.05);
  EXPECT_EQ(s.params.integer("community.group_cap"), 500);  // documented default
  EXPECT_TRUE(s.params.flag("churn.enabled"));
}

TEST(ScenarioLoader, UnknownKeyNamesLineColumnAndSuggestion) {
  const std::string e = error_of("scenario:\n  name: x\nacquisition:\n  daily_ads_rech: 5\n");
  EXPECT_NE(e.find("<test>:4:3:"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key 'acquisition.daily_ads_rech'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'acquisition.daily_ads_reach'"), std::string::npos) << e;
}

TEST(ScenarioLoader, UnknownSection) {
  const std::string e = error_of("pruning_x:\n  interval: 7\n");
  EXPECT_NE(e.find("<test>:1:1:"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key 'pruning_x'"), std::string::npos) << e;
}

TEST(ScenarioLoader, WrongTypeNamesKeyAndValue) {
  const std::string e = error_of("acquisition:\n  daily_ads_reach: lots\n");
  EXPECT_NE(e.find("<test>:2:20:"), std::string::npos) << e;
  EXPECT_NE(e.find("'acquisition.daily_ads_reach' must be an integer, got 'lots'"), std::string::npos)
      << e;
  EXPECT_NE(error_of("acquisition:\n  daily_ads_reach: 2.5\n").find("must be an integer"),
            std::string::npos);
  EXPECT_NE(error_of("churn:\n  enabled: maybe\n").find("must be a boolean"), std::string::npos);
  EXPECT_NE(error_of("churn:\n  shape: [1, 2]\n").find("got a list"), std::string::npos);
  EXPECT_NE(error_of("churn: 3\n").find("'churn' must be a mapping"), std::string::npos);
}

TEST(ScenarioLoader, OutOfRangeNamesTheRange) {
  const std::string e = error_of("acquisition:\n  join_probability: 1.5\n");
  EXPECT_NE(e.find("<test>:2:21:"), std::string::npos) << e;
  EXPECT_NE(e.find("'acquisition.join_probability' must be in [0, 1]"), std::string::npos) << e;
  EXPECT_NE(error_of("run:\n  days: 0\n").find("'run.days' must be in [1,"), std::string::npos);
  EXPECT_NE(error_of("churn:\n  shape: .nan\n").find("must be"), std::string::npos);
  EXPECT_NE(error_of("scenario:\n  name: a/b\n").find("'scenario.name' must be a name of 1 to 128"),
            std::string::npos);
}

// Names become file names: '.', '..', a leading '-' and 300 characters
// passed validation once and failed only when the file was written.
TEST(ScenarioLoader, NamesThatCannotBeFileNamesAreRefused) {
  for (const std::string& name : std::vector<std::string>{"'.'", "'..'", ".hidden", "-rf", std::string(300, 'a')})
    EXPECT_NE(error_of("scenario:\n  name: " + name + "\n").find("'scenario.name' must be a name of 1 to 128"),
              std::string::npos)
        << name;
  EXPECT_EQ(error_of("scenario:\n  name: " + std::string(128, 'a') + "\n"), "");
  EXPECT_EQ(error_of("scenario:\n  name: v1.2-final_b\n"), "");
}

// YAML's rules, strictly: one document; a quoted scalar is a string; any
// double in range is a number (denormals too); what overflows is out of range.
TEST(ScenarioLoader, YamlIsReadStrictly) {
  EXPECT_EQ(error_of("run: {days: 10}\n---\nrun: {days: 20}\n"),
            "<test>:2:1: a second YAML document: a scenario file holds one ('---' starts another)");
  EXPECT_NE(error_of("run: {days: 10}\n...\nrun: {days: 20}\n").find("<test>:3:1: a second YAML document"),
            std::string::npos);
  EXPECT_EQ(error_of("# comment\n---\nrun: {days: 10}\n...\n"), "");  // one document, marked
  EXPECT_NE(error_of("  a: 1\n , b: 2\n"), "");  // once hung yaml-cpp's LoadAll; now an error at once
  EXPECT_EQ(error_of("run:\n  days: \"10\"\n"), "<test>:2:9: key 'run.days' must be an integer, got the quoted string \"10\"");
  EXPECT_EQ(error_of("churn:\n  enabled: 'false'\n"),
            "<test>:2:12: key 'churn.enabled' must be a boolean, got the quoted string \"false\"");
  EXPECT_NE(error_of("churn:\n  base_hazard: \"0.1\"\n").find("must be a number, got the quoted string"), std::string::npos);
  EXPECT_EQ(error_of("churn:\n  base_hazard: 1e-310\n"), "");  // a denormal, in [0, 1]
  EXPECT_NE(error_of("churn:\n  base_hazard: 1e309\n").find("must be in [0, 1] (probability/day, got 1e309, out of range)"),
            std::string::npos);
  EXPECT_NE(error_of("run:\n  seed: 99999999999999999999\n").find("got 99999999999999999999, out of range"),
            std::string::npos);
  EXPECT_NE(error_of("churn:\n  base_hazard: nan\n").find("must be a number, got 'nan'"), std::string::npos);
  EXPECT_EQ(error_of("run:\n  days: +10\n"), "");
  EXPECT_EQ(error_of("scenario:\n  description: \"10\"\n"), "");  // text stays text
}

// Found by the fuzzer: YAML cannot hold other bytes, so the resolved
// parameters (to_yaml) would carry U+FFFD instead of the text that ran.
TEST(ScenarioLoader, TextMustBeUtf8) {
  const std::string e = error_of("scenario:\n  description: caf\xe9 au lait\n");
  EXPECT_NE(e.find("<test>:2:16: key 'scenario.description' must be UTF-8 text"), std::string::npos) << e;
  EXPECT_NE(error_of("scenario:\n  description: \xed\xa0\x80\n").find("UTF-8"), std::string::npos);
  EXPECT_NE(error_of("scenario:\n  description: \xc0\xaf\n").find("UTF-8"), std::string::npos);
  EXPECT_EQ(scenario_from("scenario:\n  description: caf\xc3\xa9 \xe7\xbe\xa4 \xf0\x9f\x90\x9f\n")
                .params.text("scenario.description"),
            "caf\xc3\xa9 \xe7\xbe\xa4 \xf0\x9f\x90\x9f");
}

TEST(ScenarioLoader, DuplicateKeyAndBadYaml) {
  EXPECT_NE(error_of("run:\n  days: 3\n  days: 4\n").find("<test>:3:3: key 'run.days' is given twice"),
            std::string::npos);
  EXPECT_NE(error_of("run: [1, 2\n").find("not valid YAML"), std::string::npos);
  EXPECT_NE(error_of("- 1\n- 2\n").find("must be a YAML mapping"), std::string::npos);
}

TEST(ScenarioLoader, MissingFile) {
  try {
    load_scenario_file("/nonexistent/x.yaml", testing::standard().parameters());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.yaml: cannot open"), std::string::npos);
  }
}

TEST(Override, AppliesCheckedValues) {
  Scenario s = scenario_from("run:\n  days: 30\n");
  apply_override(s, "run.days=90");
  apply_override(s, "acquisition.enabled=false");
  EXPECT_EQ(s.params.integer("run.days"), 90);
  EXPECT_FALSE(s.params.flag("acquisition.enabled"));
  EXPECT_EQ(s.overrides, (std::vector<std::string>{"run.days=90", "acquisition.enabled=false"}));
}

TEST(Override, ErrorsNameTheArgument) {
  EXPECT_NE(override_error("run.days").find("--set run.days: expected key.path=value"),
            std::string::npos);
  EXPECT_NE(override_error("run.dais=3").find("--set run.dais=3: unknown key 'run.dais'"),
            std::string::npos);
  EXPECT_NE(override_error("run.days=x").find("--set run.days=x: key 'run.days' must be an integer"),
            std::string::npos);
  EXPECT_NE(override_error("acquisition.join_probability=-0.1").find("must be in [0, 1]"),
            std::string::npos);
}

TEST(EngineConstraints, SeedMembersMustFit) {
  const Scenario s = scenario_from("community:\n  initial_groups: 2\n  initial_members: 1001\n");
  try {
    check_engine_constraints(s.params, "x.yaml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("x.yaml: keys 'community.initial_members'"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace commsim
