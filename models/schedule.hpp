#pragma once
// The list-record face of a cadence (models/cadence.hpp): the fields of a
// list lever's records (a post of the content calendar, a red-packet round)
// that say when it happens, their checks, and the record's Cadence.
#include <functional>
#include <string>
#include <vector>

#include "models/cadence.hpp"
#include "sim/parameters.hpp"

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

Cadence read_schedule(const ListView& list, std::size_t row);

}  // namespace commsim::models
