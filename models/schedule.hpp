#pragma once
// The list-record face of a cadence (models/cadence.hpp): the fields of a
// list lever's records (a post of the content calendar, a red-packet round)
// that say when it happens, their checks, and the record's Cadence.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "models/cadence.hpp"
#include "sim/parameters.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

using Schedule = Cadence;  // a record's cadence

// The list fields day, every_days, weekdays, start_day, end_day; `verb` says
// what the item does ("goes out", "is sent").
std::vector<ParamSpec> schedule_fields(const std::string& verb, const std::string& every_days_note = "");

// The record check of a list whose fields include schedule_fields: an item
// must not end before it starts and must happen at all (else the message
// `never`, e.g. "never goes out", and why).
std::function<std::string(const ParamValue&)> schedule_check(
    const std::vector<ParamSpec>& fields, const std::string& never);

// The Cadence of the values of schedule_fields, in their order.
Cadence schedule_of(std::span<const Scalar> values);

// schedule_fields in a record binding (sim/settings_binding.hpp), read into
// a Cadence field of the record.
template <typename Row>
RecordPart<Row> schedule_part(Cadence Row::*when, const std::string& verb, const std::string& every_days_note = "") {
  return {schedule_fields(verb, every_days_note),
          [when](std::span<const Scalar> values, Row& row) { row.*when = schedule_of(values); }};
}

}  // namespace commsim::models
