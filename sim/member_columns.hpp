#pragma once
// Per-member fields that behaviour modules declare (trust, role, meetups,
// ...), one contiguous array per field: structure of arrays, so a kernel
// streams through only the fields it touches. The engine knows them only as
// typed arrays with an initial value; what they mean belongs to the module
// that declares them (sim/model_layout.hpp).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <typeindex>
#include <vector>

namespace commsim {

// A handle to one declared column of element type T, got from the layout.
template <typename T>
struct Column {
  std::uint32_t index = 0xFFFFFFFF;
};

// Element types a column may have: small integers, their enums, floats.
template <typename T>
concept ColumnElement = (std::is_arithmetic_v<T> || std::is_enum_v<T>) && sizeof(T) <= 4;

namespace detail {

template <ColumnElement T>
std::string element_type_name() {
  using Stored = typename std::conditional_t<std::is_enum_v<T>, std::underlying_type<T>, std::type_identity<T>>::type;
  std::string name = std::is_floating_point_v<Stored> ? "float" + std::to_string(8 * sizeof(Stored))
                     : std::string(std::is_signed_v<Stored> ? "int" : "uint") + std::to_string(8 * sizeof(Stored));
  return std::is_enum_v<T> ? "enum " + name : name;
}

class ColumnStorage {
 public:
  virtual ~ColumnStorage() = default;
  virtual std::unique_ptr<ColumnStorage> empty_copy() const = 0;
  virtual std::unique_ptr<ColumnStorage> clone() const = 0;
  virtual void reserve(std::size_t n) = 0;
  virtual void resize(std::size_t n) = 0;  // new elements get the initial value
};

template <ColumnElement T>
class TypedColumn final : public ColumnStorage {
 public:
  explicit TypedColumn(T initial) : initial_(initial) {}
  std::unique_ptr<ColumnStorage> empty_copy() const override {
    return std::make_unique<TypedColumn>(initial_);
  }
  std::unique_ptr<ColumnStorage> clone() const override { return std::make_unique<TypedColumn>(*this); }
  void reserve(std::size_t n) override { values.reserve(n); }
  void resize(std::size_t n) override { values.resize(n, initial_); }
  std::vector<T> values;

 private:
  T initial_;
};

}  // namespace detail

// What the layout records of a column.
struct ColumnSpec {
  std::string name;
  std::string owner;        // the module that declares it
  std::string description;  // with its unit or range
  std::string initial;      // the initial value as text, for the docs
  std::string type_name;    // "float32", "uint16", "enum uint8", for the docs
  std::type_index type;
  std::size_t bytes;        // per member
  std::shared_ptr<const detail::ColumnStorage> prototype;  // empty, with the initial value
};

// The columns of one population, built from the layout's specs.
class MemberColumns {
 public:
  MemberColumns() = default;
  explicit MemberColumns(const std::vector<ColumnSpec>& specs) {
    for (const ColumnSpec& spec : specs) columns_.push_back(spec.prototype->empty_copy());
  }
  MemberColumns(const MemberColumns& other) { *this = other; }
  MemberColumns& operator=(const MemberColumns& other) {
    if (this == &other) return *this;
    columns_.clear();
    for (const auto& c : other.columns_) columns_.push_back(c->clone());
    return *this;
  }
  MemberColumns(MemberColumns&&) noexcept = default;
  MemberColumns& operator=(MemberColumns&&) noexcept = default;
  template <ColumnElement T>
  std::span<T> get(Column<T> column) {
    return static_cast<detail::TypedColumn<T>&>(*columns_[column.index]).values;
  }
  template <ColumnElement T>
  std::span<const T> get(Column<T> column) const {
    return static_cast<const detail::TypedColumn<T>&>(*columns_[column.index]).values;
  }
  void reserve(std::size_t n) {
    for (auto& c : columns_) c->reserve(n);
  }
  void resize(std::size_t n) {
    for (auto& c : columns_) c->resize(n);
  }

 private:
  std::vector<std::unique_ptr<detail::ColumnStorage>> columns_;
};

}  // namespace commsim
