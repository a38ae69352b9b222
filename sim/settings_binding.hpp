#pragma once
// A module's scenario keys bound to the fields of its settings struct: each
// key is declared once, with the field it fills, so its name is written once
// and its type comes from the field. The same binding declares the keys
// (ParamRegistry) and reads a resolved scenario into the struct.
//
//   struct ChurnSettings { double base_hazard = 0; int strong_tie_meetups = 0; };
//   const auto& keys = SettingsBinding<ChurnSettings>("churn")
//       .real(&ChurnSettings::base_hazard, "base_hazard", 0.001, 0, 1, "probability/day", "...")
//       .integer(&ChurnSettings::strong_tie_meetups, "strong_tie_meetups", 3, 0, 255, "meetups", "...");
//   keys.declare(registry);                    // declare_parameters
//   const ChurnSettings s = keys.read(params);  // the module's constructor
//
// Besides numbers and flags: texts (`text`, or `text_as` for a text read
// into another type, e.g. an enum), lists of records (`list`, whose fields a
// RecordBinding binds to the fields of the record's struct), a key's element
// of an array field (`real(&S::weights, 2, ...)`), checks between keys
// (`check`, naming the keys by their fields), and keys declared and read
// by a helper (`custom`: a lever's cadence, models/cadence.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/parameters.hpp"

namespace commsim {

namespace detail {

// Where a field lies in its struct: identifies the key bound to it.
template <typename S, typename F>
std::size_t field_offset(F S::*field) {
  static const S probe{};
  return std::size_t(reinterpret_cast<const char*>(&(probe.*field)) - reinterpret_cast<const char*>(&probe));
}

inline constexpr std::size_t kNoField = std::size_t(-1);

}  // namespace detail

// A run of a record's fields that one helper declares and reads together
// (a schedule's day, every_days, weekdays, start_day, end_day:
// models/schedule.hpp). `read` gets the values of `specs`, in their order.
template <typename Row>
struct RecordPart {
  std::vector<ParamSpec> specs;
  std::function<void(std::span<const Scalar>, Row&)> read;
};

// The fields of a list's records bound to the fields of a struct `Row`, in
// declaration order (the order of the documentation).
template <typename Row>
class RecordBinding {
 public:
  template <typename Field>
    requires std::is_floating_point_v<Field>
  RecordBinding& real(Field Row::*field, std::string name, double default_value, double min, double max,
                      std::string unit, std::string help) {
    return add({real_field(std::move(name), default_value, min, max, std::move(unit), std::move(help))},
               [field](std::span<const Scalar> v, Row& r) { r.*field = Field(std::get<double>(v[0])); });
  }

  template <typename Field>
    requires(std::is_integral_v<Field> && !std::is_same_v<Field, bool>)
  RecordBinding& integer(Field Row::*field, std::string name, std::int64_t default_value, std::int64_t min,
                         std::int64_t max, std::string unit, std::string help) {
    return add({integer_field(std::move(name), default_value, min, max, std::move(unit), std::move(help))},
               [field](std::span<const Scalar> v, Row& r) { r.*field = Field(std::get<std::int64_t>(v[0])); });
  }

  // A text field read into `Field` by `parse` (after `check` accepted it).
  template <typename Field>
  RecordBinding& text_as(Field Row::*field, std::string name, std::string default_value, std::string help,
                         std::function<Field(const std::string&)> parse,
                         std::function<std::string(const ParamValue&)> check = {}) {
    return add({text_field(std::move(name), std::move(default_value), std::move(help), std::move(check))},
               [field, parse](std::span<const Scalar> v, Row& r) { r.*field = parse(std::get<std::string>(v[0])); });
  }

  // Fields a helper declares and reads together.
  RecordBinding& fields(RecordPart<Row> part) {
    return add(std::move(part.specs), std::move(part.read));
  }

  // A check of one record (its fields are each valid): "" or what is wrong.
  RecordBinding& check(std::function<std::string(const Row&)> check) {
    check_ = std::move(check);
    return *this;
  }

  const std::vector<ParamSpec>& specs() const { return specs_; }

  Row read(std::span<const Scalar> row) const {
    Row r{};
    for (const Part& part : parts_) part.read(row.subspan(part.first, part.count), r);
    return r;
  }

  // "" or what the record check finds wrong with the one record of `value`.
  std::string problem(const ParamValue& value) const {
    if (!check_) return "";
    return check_(read(std::get<RecordList>(value).rows.at(0)));
  }
  bool has_check() const { return bool(check_); }

 private:
  struct Part {
    std::size_t first, count;
    std::function<void(std::span<const Scalar>, Row&)> read;
  };
  RecordBinding& add(std::vector<ParamSpec> specs, std::function<void(std::span<const Scalar>, Row&)> read) {
    parts_.push_back({specs_.size(), specs.size(), std::move(read)});
    for (ParamSpec& spec : specs) specs_.push_back(std::move(spec));
    return *this;
  }
  std::vector<ParamSpec> specs_;
  std::vector<Part> parts_;
  std::function<std::string(const Row&)> check_;
};

template <typename Settings>
class SettingsBinding {
 public:
  explicit SettingsBinding(std::string section) : prefix_(std::move(section) + ".") {}

  // Keys a helper declares and reads (a lever's cadence, models/cadence.hpp).
  // Both get the binding, for its prefix() and the key() of a field.
  struct Custom {
    std::function<void(ParamRegistry&, const SettingsBinding&)> declare;
    std::function<void(const ParameterSet&, const SettingsBinding&, Settings&)> read;
  };

  // A real key into a double or float field.
  template <typename Field>
    requires std::is_floating_point_v<Field>
  SettingsBinding& real(Field Settings::*field, const std::string& name, double default_value, double min,
                        double max, std::string unit, std::string help) {
    const std::string key = prefix_ + name;
    return add(key, detail::field_offset(field),
               [=](ParamRegistry& p, const SettingsBinding&) { p.real(key, default_value, min, max, unit, help); },
               [=](const ParameterSet& p, const SettingsBinding&, Settings& s) { s.*field = Field(p.real(key)); });
  }

  // A real key into element `index` of an array field (one key per element).
  template <typename Field, std::size_t N>
    requires std::is_floating_point_v<Field>
  SettingsBinding& real(std::array<Field, N> Settings::*field, std::size_t index, const std::string& name,
                        double default_value, double min, double max, std::string unit, std::string help) {
    if (index >= N) throw std::logic_error("array key beyond its field: " + prefix_ + name);
    const std::string key = prefix_ + name;
    return add(key, detail::kNoField,
               [=](ParamRegistry& p, const SettingsBinding&) { p.real(key, default_value, min, max, unit, help); },
               [=](const ParameterSet& p, const SettingsBinding&, Settings& s) {
                 (s.*field)[index] = Field(p.real(key));
               });
  }

  // An integer key into an integer field (its range must fit the field).
  template <typename Field>
    requires(std::is_integral_v<Field> && !std::is_same_v<Field, bool>)
  SettingsBinding& integer(Field Settings::*field, const std::string& name, std::int64_t default_value,
                           std::int64_t min, std::int64_t max, std::string unit, std::string help) {
    const std::string key = prefix_ + name;
    return add(key, detail::field_offset(field),
               [=](ParamRegistry& p, const SettingsBinding&) { p.integer(key, default_value, min, max, unit, help); },
               [=](const ParameterSet& p, const SettingsBinding&, Settings& s) { s.*field = Field(p.integer(key)); });
  }

  SettingsBinding& flag(bool Settings::*field, const std::string& name, bool default_value, std::string help) {
    const std::string key = prefix_ + name;
    return add(key, detail::field_offset(field),
               [=](ParamRegistry& p, const SettingsBinding&) { p.flag(key, default_value, help); },
               [=](const ParameterSet& p, const SettingsBinding&, Settings& s) { s.*field = p.flag(key); });
  }

  // A text key into a string field; `check`, if given, refuses a bad value.
  SettingsBinding& text(std::string Settings::*field, const std::string& name, std::string default_value,
                        std::string help, std::function<std::string(const ParamValue&)> check = {}) {
    const std::string key = prefix_ + name;
    return add(key, detail::field_offset(field),
               [=](ParamRegistry& p, const SettingsBinding&) { p.declare(text_field(key, default_value, help, check)); },
               [=](const ParameterSet& p, const SettingsBinding&, Settings& s) { s.*field = p.text(key); });
  }

  // A text key read into `Field` by `parse` (an enum, a weekday mask), after
  // `check` accepted it.
  template <typename Field>
  SettingsBinding& text_as(Field Settings::*field, const std::string& name, std::string default_value,
                           std::string help, std::function<Field(const std::string&)> parse,
                           std::function<std::string(const ParamValue&)> check = {}) {
    const std::string key = prefix_ + name;
    return add(key, detail::field_offset(field),
               [=](ParamRegistry& p, const SettingsBinding&) { p.declare(text_field(key, default_value, help, check)); },
               [=](const ParameterSet& p, const SettingsBinding&, Settings& s) { s.*field = parse(p.text(key)); });
  }

  // A list of records into a vector of `Row`s. `check`, if given, is called
  // with each record before the record binding's own check.
  template <typename Row>
  SettingsBinding& list(std::vector<Row> Settings::*field, const std::string& name, RecordBinding<Row> record,
                        std::string help, std::function<std::string(const ParamValue&)> check = {}) {
    const std::string key = prefix_ + name;
    std::function<std::string(const ParamValue&)> checks = std::move(check);
    if (record.has_check())
      checks = [checks, record](const ParamValue& value) -> std::string {
        if (checks)
          if (std::string why = checks(value); !why.empty()) return why;
        return record.problem(value);
      };
    return add(key, detail::field_offset(field),
               [=](ParamRegistry& p, const SettingsBinding&) { p.list(key, record.specs(), help, checks); },
               [=](const ParameterSet& p, const SettingsBinding&, Settings& s) {
                 std::vector<Row>& rows = s.*field;
                 rows.clear();
                 for (const std::vector<Scalar>& row : p.list(key).rows) rows.push_back(record.read(row));
               });
  }

  SettingsBinding& custom(Custom part) {
    bindings_.push_back({"", detail::kNoField, std::move(part.declare), std::move(part.read)});
    return *this;
  }

  // A check between keys that no single declaration can make, run on every
  // resolved scenario with the keys of `fields` named (ParamRegistry::constraint):
  // `check` gets the settings read and returns "" or what is wrong.
  template <typename... Fields>
  SettingsBinding& check(std::function<std::string(const Settings&)> check, Fields Settings::*... fields) {
    const std::vector<std::size_t> offsets = {detail::field_offset(fields)...};
    bindings_.push_back({"", detail::kNoField,
                         [offsets, check](ParamRegistry& p, const SettingsBinding& self) {
                           std::vector<std::string> keys;
                           for (const std::size_t offset : offsets) keys.push_back(self.key_at(offset));
                           p.constraint(std::move(keys), [self, check](const ParameterSet& params) {
                             return check(self.read(params));
                           });
                         },
                         [](const ParameterSet&, const SettingsBinding&, Settings&) {}});
    return *this;
  }

  void declare(ParamRegistry& registry) const {
    for (const Binding& b : bindings_) b.declare(registry, *this);
  }

  Settings read(const ParameterSet& params) const {
    Settings settings{};
    for (const Binding& b : bindings_) b.read(params, *this, settings);
    return settings;
  }

  // "section." of every key.
  const std::string& prefix() const { return prefix_; }
  // The key bound to `field` (declared earlier in the chain).
  template <typename Field>
  const std::string& key(Field Settings::*field) const {
    return key_at(detail::field_offset(field));
  }

 private:
  struct Binding {
    std::string key;
    std::size_t offset;
    std::function<void(ParamRegistry&, const SettingsBinding&)> declare;
    std::function<void(const ParameterSet&, const SettingsBinding&, Settings&)> read;
  };

  SettingsBinding& add(std::string key, std::size_t offset,
                       std::function<void(ParamRegistry&, const SettingsBinding&)> declare,
                       std::function<void(const ParameterSet&, const SettingsBinding&, Settings&)> read) {
    bindings_.push_back({std::move(key), offset, std::move(declare), std::move(read)});
    return *this;
  }

  const std::string& key_at(std::size_t offset) const {
    for (const Binding& b : bindings_)
      if (b.offset == offset && !b.key.empty()) return b.key;
    throw std::logic_error("no key of " + prefix_ + "* is bound to that field");
  }

  std::string prefix_;
  std::vector<Binding> bindings_;
};

}  // namespace commsim
