// docs/model.md read against the declarations, as docs/scenario-format.md is
// generated from them, so that a newcomer's description of the model cannot
// drift from the code. The conventions checked are stated at the top of
// docs/model.md ("How this page stays true to the code"):
//   - every module has one section "## Title (`module`)" (several modules:
//     "(`onboarding`, `entry`)");
//   - its key tables, "| key | default | ... |", list every key the section's
//     modules declare, each with its declared default first in the default
//     cell ("0.5", "1,150 yuan", "false", "empty", `""`; several keys in one
//     row take their defaults in order, separated by ", ");
//   - its metric tables, "| metric | kind | meaning |", list every metric the
//     modules write, with the declared kind; the engine's metrics are in one
//     too;
//   - every `section.key` written anywhere is declared, and a key followed by
//     a number in prose (`key` 0.3, `key` (0.3)) states its default;
//   - the module order of "One day" is the engine's.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "sim/model_layout.hpp"
#include "tests/support/run_helpers.hpp"

namespace commsim {
namespace {

using namespace commsim::testing;

// The registry's sections that belong to the engine, not to a module.
const std::set<std::string> kEngineSections = {"scenario", "run", "community"};

struct Section {
  std::string heading;               // without "## "
  std::vector<std::string> modules;  // from "(`a`, `b`)" in the heading; empty: not a module's
  std::vector<std::string> lines;
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string trim(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// docs/model.md without its fenced code blocks, cut at its level-2 headings.
const std::vector<Section>& sections() {
  static const std::vector<Section> all = [] {
    std::ifstream in(std::string(COMMSIM_SOURCE_DIR) + "/docs/model.md");
    EXPECT_TRUE(in) << "cannot read docs/model.md";
    std::vector<Section> out(1);  // the introduction
    static const std::regex modules(R"(\((`[a-z_]+`(?:, `[a-z_]+`)*)\))"), name("`([a-z_]+)`");
    bool fenced = false;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("```", 0) == 0) fenced = !fenced;
      if (fenced || line.rfind("```", 0) == 0) continue;
      if (line.rfind("## ", 0) == 0) {
        Section s{line.substr(3), {}, {}};
        std::smatch m;
        if (std::regex_search(s.heading, m, modules)) {
          const std::string list = m[1];
          for (std::sregex_iterator it(list.begin(), list.end(), name), end; it != end; ++it)
            s.modules.push_back((*it)[1]);
        }
        out.push_back(std::move(s));
        continue;
      }
      out.back().lines.push_back(line);
    }
    return out;
  }();
  return all;
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string r = trim(row);
  if (!r.empty() && r.front() == '|') r.erase(0, 1);
  if (!r.empty() && r.back() == '|') r.pop_back();
  std::stringstream in(r);
  for (std::string cell; std::getline(in, cell, '|');) out.push_back(trim(cell));
  return out;
}

std::vector<Table> tables(const Section& s) {
  std::vector<Table> out;
  for (std::size_t i = 0; i + 1 < s.lines.size(); ++i) {
    if (s.lines[i].rfind("|", 0) != 0 || s.lines[i + 1].rfind("|---", 0) != 0) continue;
    Table t{cells(s.lines[i]), {}};
    for (i += 2; i < s.lines.size() && s.lines[i].rfind("|", 0) == 0; ++i)
      t.rows.push_back(cells(s.lines[i]));
    out.push_back(std::move(t));
  }
  return out;
}

bool is_key_table(const Table& t) {
  return t.header.size() >= 2 && t.header[0] == "key" && t.header[1] == "default";
}
bool is_metric_table(const Table& t) {
  return t.header.size() >= 2 && t.header[0] == "metric" && t.header[1] == "kind";
}

// The contents of the `code spans` of a text.
std::vector<std::string> spans(const std::string& text) {
  static const std::regex span("`([^`]+)`");
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), span), end; it != end; ++it)
    out.push_back((*it)[1]);
  return out;
}

const ParamRegistry& registry() { return standard().parameters(); }

bool is_section(const std::string& name) { return registry().has_section(name); }

// "section.key" tokens in a span whose section is declared ("churn.shape" in
// "`churn.shape`" or "`--set churn.shape=3`", not "ad_share.hpp" in
// "`models/ad_share.hpp`").
std::vector<std::string> qualified_keys(const std::string& span) {
  static const std::regex token(R"((^|[^-/.\w<])([a-z_]+)\.([a-z_0-9]+)(?![\w/]))");
  std::vector<std::string> out;
  for (std::sregex_iterator it(span.begin(), span.end(), token), end; it != end; ++it)
    if (is_section((*it)[2])) out.push_back(std::string((*it)[2]) + "." + std::string((*it)[3]));
  return out;
}

// A key named in a module's section: qualified, or bare and declared by
// exactly one of the section's modules (sections).
const ParamSpec* resolve(const Section& s, const std::string& name) {
  if (name.find('.') != std::string::npos) return registry().find(name);
  const ParamSpec* found = nullptr;
  for (const std::string& module : s.modules)
    if (const ParamSpec* spec = registry().find(module + "." + name)) {
      if (found) return nullptr;  // ambiguous
      found = spec;
    }
  return found;
}

// The keys each module section must list: its modules' sections' keys but
// `enabled` (every module has it).
std::vector<const ParamSpec*> own_keys(const Section& s) {
  std::vector<const ParamSpec*> out;
  for (const ParamSpec& spec : registry().specs()) {
    const std::string section = spec.key.substr(0, spec.key.find('.'));
    if (spec.key == section + ".enabled") continue;
    for (const std::string& module : s.modules)
      if (module == section) out.push_back(&spec);
  }
  return out;
}

// A leading number as written in the page: "0.002", "-1", "1,150", "2e-3".
std::optional<double> leading_number(const std::string& text) {
  static const std::regex number(R"(^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?)");
  std::smatch m;
  if (!std::regex_search(text, m, number)) return std::nullopt;
  std::string digits = m[0];
  std::erase(digits, ',');
  return std::stod(digits);
}

// "" when the page's value (the start of `text`) is the declared default;
// otherwise what differs.
std::string default_mismatch(const ParamSpec& spec, const std::string& text) {
  const std::string declared = format_value(spec.default_value);
  const std::string first = text.substr(0, text.find(' '));
  switch (spec.type) {
    case ParamType::Real:
    case ParamType::Integer: {
      const std::optional<double> value = leading_number(text);
      if (!value) return "no number in '" + text + "'";
      const double want = spec.type == ParamType::Real ? std::get<double>(spec.default_value)
                                                       : double(std::get<std::int64_t>(spec.default_value));
      return *value == want ? "" : "'" + text + "' but the declared default is " + declared;
    }
    case ParamType::Bool:
      return first == declared ? "" : "'" + text + "' but the declared default is " + declared;
    case ParamType::Text:
      return first == "`" + declared + "`" || (declared.empty() && first == "`\"\"`")
                 ? ""
                 : "'" + text + "' but the declared default is '" + declared + "'";
    case ParamType::List:
      return first == "empty" || first == "`[]`" ? "" : "'" + text + "' but the declared default is empty";
  }
  return "unknown type";
}

// A default cell cut at ", " outside parentheses: "0, -1" is two values,
// "1,150 yuan" and "0.3 (x interest 0.6, on average)" one each.
std::vector<std::string> values(const std::string& cell) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '(') ++depth;
    if (cell[i] == ')') --depth;
    if (depth == 0 && cell.compare(i, 2, ", ") == 0) {
      out.emplace_back();
      ++i;
      continue;
    }
    out.back() += cell[i];
  }
  return out;
}

std::string joined_text(const Section& s) {
  std::string text;
  for (const std::string& line : s.lines) text += line + "\n";
  return text;
}

TEST(ModelDocs, EveryModuleHasItsSection) {
  std::map<std::string, int> sections_of;
  for (const Section& s : sections())
    for (const std::string& module : s.modules) {
      ++sections_of[module];
      EXPECT_TRUE(is_section(module)) << "'## " << s.heading << "' names `" << module
                                      << "`, which is no scenario section";
    }
  for (const SectionSpec& section : registry().sections()) {
    if (kEngineSections.count(section.name)) continue;
    EXPECT_EQ(sections_of[section.name], 1)
        << "docs/model.md needs exactly one section titled '## Title (`" << section.name << "`)'";
  }
}

TEST(ModelDocs, ModuleOrderIsTheEngines) {
  std::string order;
  for (const Section& s : sections()) {
    if (s.heading != "One day") continue;
    const std::string text = joined_text(s);
    const std::size_t at = text.find("Module order");
    ASSERT_NE(at, std::string::npos) << "'## One day' must state the module order";
    const std::size_t from = text.find("): ", at) + 3, to = text.find('.', from);
    order = text.substr(from, to - from);
  }
  std::replace(order.begin(), order.end(), '\n', ' ');
  std::string engine;
  for (const ModuleDefinition& m : standard().modules()) engine += (engine.empty() ? "" : ", ") + m.name;
  EXPECT_EQ(order, engine) << "the module order in '## One day' (models/all_modules.cpp)";
}

TEST(ModelDocs, EveryQualifiedKeyIsDeclared) {
  for (const Section& s : sections())
    for (const std::string& line : s.lines)
      for (const std::string& span : spans(line))
        for (const std::string& key : qualified_keys(span))
          EXPECT_TRUE(registry().find(key))
              << "'## " << s.heading << "': `" << span << "` names " << key
              << ", which is not declared";
}

TEST(ModelDocs, KeyTablesListEveryKeyWithItsDeclaredDefault) {
  for (const Section& s : sections()) {
    if (s.modules.empty()) continue;
    std::set<std::string> listed;
    for (const Table& t : tables(s)) {
      if (!is_key_table(t)) continue;
      for (const std::vector<std::string>& row : t.rows) {
        ASSERT_GE(row.size(), 2u) << s.heading;
        const std::vector<std::string> names = spans(row[0]), given = values(row[1]);
        EXPECT_EQ(names.size(), given.size())
            << "'## " << s.heading << "': row '" << row[0] << "' names " << names.size()
            << " keys but its default cell '" << row[1] << "' has " << given.size() << " values";
        for (std::size_t k = 0; k < names.size(); ++k) {
          const ParamSpec* spec = resolve(s, names[k]);
          if (!spec) {
            ADD_FAILURE() << "'## " << s.heading << "': key table names `" << names[k]
                          << "`, which none of " << ::testing::PrintToString(s.modules)
                          << " declares (qualify keys of other sections: `churn.shape`)";
            continue;
          }
          listed.insert(spec->key);
          if (k < given.size()) {
            EXPECT_EQ(default_mismatch(*spec, trim(given[k])), "")
                << "'## " << s.heading << "': default of " << spec->key;
          }
        }
      }
    }
    for (const ParamSpec* spec : own_keys(s))
      EXPECT_TRUE(listed.count(spec->key))
          << "'## " << s.heading << "': " << spec->key
          << " is in no key table of the section ('| key | default | why |')";
  }
}

TEST(ModelDocs, AKeyFollowedByANumberStatesItsDefault) {
  // `key` 0.3 and `key` (0.3); a setting is written `key: 0.5`.
  static const std::regex stated(
      R"(`([a-z_][a-z_0-9.]*)` \(?(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)(?!\w|\.\d))");
  for (const Section& s : sections()) {
    const std::string text = joined_text(s);
    for (std::sregex_iterator it(text.begin(), text.end(), stated), end; it != end; ++it) {
      const ParamSpec* spec = resolve(s, (*it)[1]);
      if (!spec) continue;
      EXPECT_EQ(default_mismatch(*spec, (*it)[2]), "")
          << "'## " << s.heading << "': '" << (*it)[0] << "' (write a setting as `"
          << std::string((*it)[1]) << ": value`)";
    }
  }
}

TEST(ModelDocs, MetricTablesListEveryMetricWithItsKind) {
  std::map<std::string, MetricKind> kinds;
  for (const MetricSpec& m : standard().layout().metrics()) kinds[m.name] = m.kind;
  std::set<std::string> anywhere;
  for (const Section& s : sections()) {
    std::set<std::string> listed;
    for (const Table& t : tables(s)) {
      if (!is_metric_table(t)) continue;
      for (const std::vector<std::string>& row : t.rows)
        for (const std::string& name : spans(row[0])) {
          const auto it = kinds.find(name);
          if (it == kinds.end()) {
            ADD_FAILURE() << "'## " << s.heading << "': metric `" << name << "` is not in the layout";
            continue;
          }
          listed.insert(name);
          anywhere.insert(name);
          const std::string kind = row[1].substr(0, row[1].find_first_of(" ,"));
          EXPECT_EQ(kind, kind_name(it->second)) << "'## " << s.heading << "': kind of `" << name << "`";
        }
    }
    for (const ModuleDefinition& module : standard().modules()) {
      if (std::find(s.modules.begin(), s.modules.end(), module.name) == s.modules.end()) continue;
      for (const MetricSpec& m : standard().layout().metrics()) {
        if (m.owner != module.name) continue;
        EXPECT_TRUE(listed.count(m.name)) << "'## " << s.heading << "': metric `" << m.name
                                          << "` (written by " << module.name
                                          << ") is in no metric table of the section";
      }
    }
  }
  for (const auto& [name, kind] : kinds)
    EXPECT_TRUE(anywhere.count(name)) << "metric `" << name << "` is in no metric table of docs/model.md";
}

}  // namespace
}  // namespace commsim
