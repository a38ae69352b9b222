#include "sim/parameters.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace commsim {
namespace {

std::string section_of(const std::string& key) { return key.substr(0, key.find('.')); }

// Well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points
// past U+10FFFF). YAML is Unicode: the emitter writes any other byte as
// U+FFFD, so such a text would not survive the resolved-parameter record.
bool is_utf8(const std::string& text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead < 0x80) length = 1;
    else if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = byte(i + k);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return false;
    }
    i += length;
  }
  return true;
}

std::string format_number(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  // The shortest text that reads back to the same double ("100", "0.01", "1e+22").
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, x);
  return error == std::errc() ? std::string(text, end) : "nan";
}

void emit_value(YAML::Emitter& out, const ParamSpec& spec, const ParamValue& value) {
  if (spec.type == ParamType::Text) {
    out << YAML::DoubleQuoted << std::get<std::string>(value);
  } else if (spec.type == ParamType::List) {
    out << YAML::BeginSeq;
    for (const auto& row : std::get<RecordList>(value).rows) {
      out << YAML::Flow << YAML::BeginMap;
      for (std::size_t f = 0; f < spec.fields.size(); ++f) {
        out << YAML::Key << spec.fields[f].key << YAML::Value;
        emit_value(out, spec.fields[f], to_param(row[f]));
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  } else {
    out << format_value(value);
  }
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string type_name(ParamType type) {
  switch (type) {
    case ParamType::Real: return "number";
    case ParamType::Integer: return "integer";
    case ParamType::Bool: return "boolean";
    case ParamType::Text: return "string";
    case ParamType::List: return "list";
  }
  return "?";
}

std::string format_value(const ParamValue& value) {
  struct Visitor {
    std::string operator()(double x) const { return format_number(x); }
    std::string operator()(std::int64_t x) const { return std::to_string(x); }
    std::string operator()(bool x) const { return x ? "true" : "false"; }
    std::string operator()(const std::string& x) const { return x; }
    std::string operator()(const RecordList& x) const {
      if (x.rows.empty()) return "[]";
      return "[" + std::to_string(x.rows.size()) + " records]";
    }
  };
  return std::visit(Visitor{}, value);
}

namespace {

// Casting a double of 2^63 or more to int64 is undefined: clamp first.
std::string integer_bound_text(double bound) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (bound >= kLimit) return std::to_string(std::numeric_limits<std::int64_t>::max());
  if (bound <= -kLimit) return std::to_string(std::numeric_limits<std::int64_t>::min());
  return std::to_string(static_cast<std::int64_t>(bound));
}

}  // namespace

std::string range_text(const ParamSpec& spec) {
  if (spec.type == ParamType::Integer)
    return "[" + integer_bound_text(spec.min) + ", " + integer_bound_text(spec.max) + "]";
  return "[" + format_number(spec.min) + ", " + format_number(spec.max) + "]";
}

ParamValue to_param(const Scalar& value) {
  return std::visit([](const auto& x) { return ParamValue(x); }, value);
}

namespace {

ParamSpec spec_of(std::string key, ParamType type, std::string unit, ParamValue default_value,
                  double min, double max, std::string help) {
  ParamSpec spec;
  spec.key = std::move(key);
  spec.type = type;
  spec.unit = std::move(unit);
  spec.default_value = std::move(default_value);
  spec.min = min;
  spec.max = max;
  spec.help = std::move(help);
  return spec;
}

}  // namespace

ParamSpec real_field(std::string name, double default_value, double min, double max,
                     std::string unit, std::string help) {
  return spec_of(std::move(name), ParamType::Real, std::move(unit), default_value, min, max,
                 std::move(help));
}

ParamSpec integer_field(std::string name, std::int64_t default_value, std::int64_t min,
                        std::int64_t max, std::string unit, std::string help) {
  return spec_of(std::move(name), ParamType::Integer, std::move(unit), default_value, double(min),
                 double(max), std::move(help));
}

ParamSpec text_field(std::string name, std::string default_value, std::string help,
                     std::function<std::string(const ParamValue&)> check) {
  ParamSpec spec = spec_of(std::move(name), ParamType::Text, "", std::move(default_value), 0, 0,
                           std::move(help));
  spec.check = std::move(check);
  return spec;
}

void ParamRegistry::section(std::string name, std::string help) {
  if (has_section(name)) throw std::logic_error("section declared twice: " + name);
  sections_.push_back({std::move(name), std::move(help)});
}

bool ParamRegistry::has_section(const std::string& name) const {
  return std::any_of(sections_.begin(), sections_.end(),
                     [&](const SectionSpec& s) { return s.name == name; });
}

void ParamRegistry::add(ParamSpec spec) {
  if (spec.key.find('.') == std::string::npos)
    throw std::logic_error("parameter key needs a section: " + spec.key);
  if (!has_section(section_of(spec.key)))
    throw std::logic_error("parameter in undeclared section: " + spec.key);
  if (index_.count(spec.key)) throw std::logic_error("parameter declared twice: " + spec.key);
  if (const std::string why = check_value(spec, spec.default_value); !why.empty())
    throw std::logic_error("default of " + spec.key + " " + why);
  index_[spec.key] = specs_.size();
  specs_.push_back(std::move(spec));
}

void ParamRegistry::real(std::string key, double default_value, double min, double max,
                         std::string unit, std::string help) {
  add(real_field(std::move(key), default_value, min, max, std::move(unit), std::move(help)));
}

void ParamRegistry::integer(std::string key, std::int64_t default_value, std::int64_t min,
                            std::int64_t max, std::string unit, std::string help) {
  add(integer_field(std::move(key), default_value, min, max, std::move(unit), std::move(help)));
}

void ParamRegistry::flag(std::string key, bool default_value, std::string help) {
  add(spec_of(std::move(key), ParamType::Bool, "", default_value, 0, 1, std::move(help)));
}

void ParamRegistry::text(std::string key, std::string default_value, std::string help) {
  add(text_field(std::move(key), std::move(default_value), std::move(help)));
}

void ParamRegistry::identifier(std::string key, std::string default_value, std::string help) {
  ParamSpec spec = text_field(std::move(key), std::move(default_value), std::move(help));
  spec.identifier = true;
  add(std::move(spec));
}

void ParamRegistry::list(std::string key, std::vector<ParamSpec> fields, std::string help,
                         std::function<std::string(const ParamValue&)> check) {
  ParamSpec spec = spec_of(std::move(key), ParamType::List, "", RecordList{}, 0, 0, std::move(help));
  for (const ParamSpec& field : fields)
    if (const std::string why = check_value(field, field.default_value); !why.empty())
      throw std::logic_error("default of " + spec.key + "." + field.key + " " + why);
  spec.fields = std::move(fields);
  spec.check = std::move(check);
  add(std::move(spec));
}

const ParamSpec* ParamRegistry::find(const std::string& key) const {
  const auto it = index_.find(key);
  return it == index_.end() ? nullptr : &specs_[it->second];
}

std::size_t ParamRegistry::index_of(const std::string& key) const {
  const auto it = index_.find(key);
  if (it == index_.end()) throw std::logic_error("undeclared parameter read: " + key);
  return it->second;
}

std::vector<std::string> ParamRegistry::nearest(const std::string& key, std::size_t count) const {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const ParamSpec& spec : specs_) scored.emplace_back(edit_distance(key, spec.key), spec.key);
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [distance, name] : scored) {
    if (out.size() == count || distance > std::max<std::size_t>(3, key.size() / 3)) break;
    out.push_back(name);
  }
  return out;
}

std::string check_value(const ParamSpec& spec, const ParamValue& value) {
  const auto range = [&] { return "must be in " + range_text(spec); };
  switch (spec.type) {
    case ParamType::Real: {
      const double* x = std::get_if<double>(&value);
      if (!x) return "must be a number";
      if (!std::isfinite(*x) || *x < spec.min || *x > spec.max) return range();
      return spec.check ? spec.check(value) : "";
    }
    case ParamType::Integer: {
      const std::int64_t* x = std::get_if<std::int64_t>(&value);
      if (!x) return "must be an integer";
      if (double(*x) < spec.min || double(*x) > spec.max) return range();
      return spec.check ? spec.check(value) : "";
    }
    case ParamType::Bool:
      return std::holds_alternative<bool>(value) ? "" : "must be true or false";
    case ParamType::Text: {
      const std::string* x = std::get_if<std::string>(&value);
      if (!x) return "must be a string";
      if (!is_utf8(*x)) return "must be UTF-8 text";
      // A name becomes a file name (out/<name>.h5 and its temporary), so it
      // must be one on every system: no '/', no leading '.' or '-', and short.
      if (spec.identifier &&
          (x->empty() || x->size() > kMaxIdentifierLength || x->front() == '.' || x->front() == '-' ||
           !std::all_of(x->begin(), x->end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
           })))
        return "must be a name of 1 to " + std::to_string(kMaxIdentifierLength) +
               " letters, digits, '_', '-' and '.', not starting with '.' or '-'";
      return spec.check ? spec.check(value) : "";
    }
    case ParamType::List:
      // Records are checked field by field by the loader.
      return std::holds_alternative<RecordList>(value) ? "" : "must be a list";
  }
  return "has an unknown type";
}

ParameterSet::ParameterSet(const ParamRegistry& registry) : registry_(&registry) {
  for (const ParamSpec& spec : registry.specs()) values_.push_back(spec.default_value);
}

void ParameterSet::set(const std::string& key, ParamValue value) {
  values_.at(registry_->index_of(key)) = std::move(value);
}

const ParamValue& ParameterSet::value(const std::string& key) const {
  return values_.at(registry_->index_of(key));
}

double ParameterSet::real(const std::string& key) const { return std::get<double>(value(key)); }
std::int64_t ParameterSet::integer(const std::string& key) const {
  return std::get<std::int64_t>(value(key));
}
bool ParameterSet::flag(const std::string& key) const { return std::get<bool>(value(key)); }
const std::string& ParameterSet::text(const std::string& key) const {
  return std::get<std::string>(value(key));
}
const RecordList& ParameterSet::list(const std::string& key) const {
  return std::get<RecordList>(value(key));
}

ListView::ListView(const ParameterSet& params, const std::string& key)
    : spec_(params.registry().find(key)), list_(&params.list(key)) {}

const Scalar& ListView::at(std::size_t row, const std::string& field) const {
  for (std::size_t f = 0; f < spec_->fields.size(); ++f)
    if (spec_->fields[f].key == field) return list_->rows.at(row)[f];
  throw std::logic_error("list " + spec_->key + " has no field " + field);
}
double ListView::real(std::size_t row, const std::string& field) const {
  return std::get<double>(at(row, field));
}
std::int64_t ListView::integer(std::size_t row, const std::string& field) const {
  return std::get<std::int64_t>(at(row, field));
}
bool ListView::flag(std::size_t row, const std::string& field) const {
  return std::get<bool>(at(row, field));
}
const std::string& ListView::text(std::size_t row, const std::string& field) const {
  return std::get<std::string>(at(row, field));
}

std::string value_yaml(const ParamSpec& spec, const ParamValue& value) {
  YAML::Emitter out;
  out << YAML::Flow;
  emit_value(out, spec, value);
  return out.c_str();
}

std::string ParameterSet::to_yaml() const {
  YAML::Emitter out;
  out << YAML::BeginMap;
  for (const SectionSpec& section : registry_->sections()) {
    out << YAML::Key << section.name << YAML::Value << YAML::BeginMap;
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const ParamSpec& spec = registry_->specs()[i];
      if (section_of(spec.key) != section.name) continue;
      out << YAML::Key << spec.key.substr(section.name.size() + 1) << YAML::Value;
      emit_value(out, spec, values_[i]);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace commsim
