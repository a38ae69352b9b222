#pragma once
// Scenario parameters, declared once (ns-3 attribute style).
//
// Each module declares its keys beside its code: name, type, unit, default,
// valid range and help. The YAML loader, --set, the error messages, the
// resolved-parameter record in HDF5 and docs/scenario-format.md are all
// derived from these declarations.
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace commsim {

// A List is a sequence of records (e.g. the posts of a content calendar),
// each record a mapping of declared scalar fields.
enum class ParamType { Real, Integer, Bool, Text, List };

using Scalar = std::variant<double, std::int64_t, bool, std::string>;
struct RecordList {
  std::vector<std::vector<Scalar>> rows;  // each row aligned with the list's fields
  bool operator==(const RecordList&) const = default;
};
using ParamValue = std::variant<double, std::int64_t, bool, std::string, RecordList>;

// The longest identifier (scenario name): with ".h5.tmp.<pid>" it stays far
// below the 255 bytes of a file name.
inline constexpr std::size_t kMaxIdentifierLength = 128;

struct ParamSpec {
  std::string key;  // "section.name"; for a list field just "name"
  ParamType type = ParamType::Real;
  std::string unit;  // "people/day", "probability", "days", "" for none
  ParamValue default_value = 0.0;
  double min = -std::numeric_limits<double>::infinity();  // numeric types only
  double max = std::numeric_limits<double>::infinity();
  std::string help;
  bool identifier = false;  // text only: letters, digits, '_', '-', '.'
  std::vector<ParamSpec> fields;  // List only: the fields of each record
  // Optional further check of a valid-typed value; returns "" or what is wrong
  // ("must name a weekday"). For lists it is called once per record.
  std::function<std::string(const ParamValue&)> check;
};

// Field helpers for list declarations (key is the field name).
ParamSpec real_field(std::string name, double default_value, double min, double max,
                     std::string unit, std::string help);
ParamSpec integer_field(std::string name, std::int64_t default_value, std::int64_t min,
                        std::int64_t max, std::string unit, std::string help);
ParamSpec text_field(std::string name, std::string default_value, std::string help,
                     std::function<std::string(const ParamValue&)> check = {});
ParamValue to_param(const Scalar& value);

struct SectionSpec {
  std::string name;
  std::string help;
};

std::string type_name(ParamType type);
std::string format_value(const ParamValue& value);
// A numeric spec's valid range as "[min, max]". Integer bounds print as
// integers; one at or past the int64 limits (they are stored as doubles, and
// int64 max rounds up to 2^63) prints as that limit.
std::string range_text(const ParamSpec& spec);

class ParameterSet;

// The set of declared keys. Declaration order is kept: it is the order of the
// documentation and of the resolved-parameter record.
class ParamRegistry {
 public:
  void section(std::string name, std::string help);
  // Shorthands; each checks the key is new, its section declared, and the
  // default inside the range.
  void real(std::string key, double default_value, double min, double max, std::string unit,
            std::string help);
  void integer(std::string key, std::int64_t default_value, std::int64_t min, std::int64_t max,
               std::string unit, std::string help);
  void flag(std::string key, bool default_value, std::string help);
  void text(std::string key, std::string default_value, std::string help);
  // A text used as a name in files (e.g. the HDF5 group of a scenario).
  void identifier(std::string key, std::string default_value, std::string help);
  // A list of records with the given fields; the default is the empty list.
  // `check`, if given, is called with each record (a RecordList of one row).
  void list(std::string key, std::vector<ParamSpec> fields, std::string help,
            std::function<std::string(const ParamValue&)> check = {});
  // Any fully built spec (custom checks).
  void declare(ParamSpec spec) { add(std::move(spec)); }

  // A check between keys that no single declaration can make (a window's
  // end before its start): returns "" or what is wrong, and is run on every
  // resolved scenario (check_engine_constraints) with the keys named.
  struct Constraint {
    std::vector<std::string> keys;
    std::function<std::string(const ParameterSet&)> check;
  };
  void constraint(std::vector<std::string> keys, std::function<std::string(const ParameterSet&)> check) {
    constraints_.push_back({std::move(keys), std::move(check)});
  }
  const std::vector<Constraint>& constraints() const { return constraints_; }

  const std::vector<ParamSpec>& specs() const { return specs_; }
  const std::vector<SectionSpec>& sections() const { return sections_; }
  const ParamSpec* find(const std::string& key) const;
  std::size_t index_of(const std::string& key) const;  // throws std::logic_error if undeclared
  bool has_section(const std::string& name) const;
  // Declared keys closest to `key`, for "did you mean" hints.
  std::vector<std::string> nearest(const std::string& key, std::size_t count) const;

 private:
  void add(ParamSpec spec);
  std::vector<ParamSpec> specs_;
  std::vector<SectionSpec> sections_;
  std::map<std::string, std::size_t> index_;
  std::vector<Constraint> constraints_;
};

// Returns "" when `value` has the spec's type and lies in range, otherwise
// what is wrong ("must be in [0, 1]").
std::string check_value(const ParamSpec& spec, const ParamValue& value);

// One value as YAML flow text, as it would appear in a scenario file
// (lists in full: "[{day: 3, type: live}]").
std::string value_yaml(const ParamSpec& spec, const ParamValue& value);

// Resolved values of every declared key: defaults, then the scenario file,
// then --set overrides.
class ParameterSet {
 public:
  explicit ParameterSet(const ParamRegistry& registry);

  void set(const std::string& key, ParamValue value);  // unchecked; loader checks first
  const ParamValue& value(const std::string& key) const;
  // The value of the registry's spec number `index` (declaration order).
  const ParamValue& value_at(std::size_t index) const { return values_.at(index); }

  double real(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  bool flag(const std::string& key) const;
  const std::string& text(const std::string& key) const;
  const RecordList& list(const std::string& key) const;

  const ParamRegistry& registry() const { return *registry_; }
  // All values as a nested YAML document; itself a valid scenario file.
  std::string to_yaml() const;

 private:
  const ParamRegistry* registry_;
  std::vector<ParamValue> values_;
};

// Typed access to the records of one list parameter, by field name.
class ListView {
 public:
  ListView(const ParameterSet& params, const std::string& key);
  std::size_t size() const { return list_->rows.size(); }
  double real(std::size_t row, const std::string& field) const;
  std::int64_t integer(std::size_t row, const std::string& field) const;
  bool flag(std::size_t row, const std::string& field) const;
  const std::string& text(std::size_t row, const std::string& field) const;

 private:
  const Scalar& at(std::size_t row, const std::string& field) const;
  const ParamSpec* spec_;
  const RecordList* list_;
};

}  // namespace commsim
