// The model's declared dataflow: every read needs an enabled writer (or a
// documented value when none writes it), a same-day read runs after its
// writer, and a module can look up only what it declared.
#include <gtest/gtest.h>

#include "sim/input_error.hpp"
#include "sim/model.hpp"
#include "sim/scenario.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

class Idle final : public Behaviour {
 public:
  Idle(const ParameterSet&, const ModuleLayout&) {}
};

ModuleDefinition writer() {
  return {.name = "writer",
          .help = "",
          .declare_parameters = [](ParamRegistry&) {},
          .declare_layout = [](ModelLayout& l) { l.column("x", 0.0f, "written by writer"); },
          .create = make_module<Idle>};
}

ModuleDefinition reader(When when, std::string if_unwritten = "") {
  return {.name = "reader",
          .help = "",
          .declare_parameters = [](ParamRegistry&) {},
          .declare_layout = [=](ModelLayout& l) { l.reads(Item::Column, "x", when, if_unwritten); },
          .create = make_module<Idle>};
}

// The InputError's message, "" if none.
std::string start_up_error(const Model& model, const std::string& yaml) {
  const Scenario s = parse_scenario("scenario: {name: s}\n" + yaml, "s.yaml", model.parameters());
  try {
    model.check_dataflow(s.params, s.source);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Dataflow, AReadWhoseWriterIsDisabledFailsAtStartUpNamingBothModules) {
  const Model model({writer(), reader(When::Today)});
  EXPECT_EQ(start_up_error(model, ""), "");
  const std::string error = start_up_error(model, "writer: {enabled: false}\n");
  EXPECT_NE(error.find("s.yaml"), std::string::npos) << error;
  EXPECT_NE(error.find("'reader'"), std::string::npos) << error;
  EXPECT_NE(error.find("'writer'"), std::string::npos) << error;
  EXPECT_NE(error.find("column 'x'"), std::string::npos) << error;
  // Without the reader nothing is missing.
  EXPECT_EQ(start_up_error(model, "writer: {enabled: false}\nreader: {enabled: false}\n"), "");
}

TEST(Dataflow, ADocumentedValueStandsInForAMissingWriter) {
  const Model model({writer(), reader(When::Today, "0")});
  EXPECT_EQ(start_up_error(model, "writer: {enabled: false}\n"), "");
}

TEST(Dataflow, ASameDayReadBeforeItsWriterFailsButYesterdaysValueIsFine) {
  const std::string error = start_up_error(Model({reader(When::Today), writer()}), "");
  EXPECT_NE(error.find("'reader' reads today's column 'x'"), std::string::npos) << error;
  EXPECT_NE(error.find("'writer' runs after it"), std::string::npos) << error;
  EXPECT_EQ(start_up_error(Model({reader(When::Yesterday), writer()}), ""), "");
}

TEST(Dataflow, AReadOfANameNobodyDeclaresIsAProgrammingError) {
  EXPECT_THROW(Model({reader(When::Today)}), std::logic_error);
}

TEST(Dataflow, AModuleCanLookUpOnlyWhatItDeclared) {
  const Model model({writer(), reader(When::Today)});
  EXPECT_NO_THROW(model.module_layout("reader").column<float>("x"));
  EXPECT_THROW(model.module_layout("reader").metric("members"), std::logic_error);
  EXPECT_THROW(model.module_layout("reader").column<std::uint8_t>("x"), std::logic_error);  // wrong type
}

TEST(Dataflow, TheStandardModelRunsWithAnyOneModuleSwitchedOff) {
  // Every read of the standard model has a writer that runs early enough,
  // or a documented value when its writer is off.
  const Model& model = testing::standard();
  EXPECT_EQ(start_up_error(model, ""), "");
  for (const ModuleDefinition& m : model.modules())
    EXPECT_EQ(start_up_error(model, m.name + ": {enabled: false}\n"), "") << m.name;
}

TEST(Dataflow, ModulesOwnTheMemberColumnsAndTheEngineKeepsItsOwnFields) {
  // The engine stores state, group and join day; every other field is a
  // column some module declared.
  const ModelLayout& layout = testing::standard().layout();
  ASSERT_FALSE(layout.columns().empty());
  for (const ColumnSpec& c : layout.columns()) EXPECT_NE(c.owner, kEngineModule) << c.name;
  EXPECT_EQ(layout.columns()[layout.column_index("trust")].owner, "members");
  EXPECT_EQ(layout.columns()[layout.column_index("funnel")].owner, "funnel");
}

}  // namespace
}  // namespace commsim
