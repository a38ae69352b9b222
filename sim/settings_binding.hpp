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
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/parameters.hpp"

namespace commsim {

template <typename Settings>
class SettingsBinding {
 public:
  explicit SettingsBinding(std::string section) : prefix_(std::move(section) + ".") {}

  // A real key into a double or float field.
  template <typename Field>
    requires std::is_floating_point_v<Field>
  SettingsBinding& real(Field Settings::*field, const std::string& name, double default_value, double min,
                        double max, std::string unit, std::string help) {
    const std::string key = prefix_ + name;
    bindings_.push_back({[=](ParamRegistry& p) { p.real(key, default_value, min, max, unit, help); },
                         [=](const ParameterSet& p, Settings& s) { s.*field = Field(p.real(key)); }});
    return *this;
  }

  // An integer key into an integer field (its range must fit the field).
  template <typename Field>
    requires(std::is_integral_v<Field> && !std::is_same_v<Field, bool>)
  SettingsBinding& integer(Field Settings::*field, const std::string& name, std::int64_t default_value,
                           std::int64_t min, std::int64_t max, std::string unit, std::string help) {
    const std::string key = prefix_ + name;
    bindings_.push_back({[=](ParamRegistry& p) { p.integer(key, default_value, min, max, unit, help); },
                         [=](const ParameterSet& p, Settings& s) { s.*field = Field(p.integer(key)); }});
    return *this;
  }

  SettingsBinding& flag(bool Settings::*field, const std::string& name, bool default_value, std::string help) {
    const std::string key = prefix_ + name;
    bindings_.push_back({[=](ParamRegistry& p) { p.flag(key, default_value, help); },
                         [=](const ParameterSet& p, Settings& s) { s.*field = p.flag(key); }});
    return *this;
  }

  void declare(ParamRegistry& registry) const {
    for (const Binding& b : bindings_) b.declare(registry);
  }

  Settings read(const ParameterSet& params) const {
    Settings settings{};
    for (const Binding& b : bindings_) b.read(params, settings);
    return settings;
  }

 private:
  struct Binding {
    std::function<void(ParamRegistry&)> declare;
    std::function<void(const ParameterSet&, Settings&)> read;
  };
  std::string prefix_;
  std::vector<Binding> bindings_;
};

}  // namespace commsim
