#pragma once
// Reading and writing the small texts of the command line: comma-separated
// name lists and numbers for people.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace commsim::cli {

// "a,b,,a" -> {a, b}: blanks and repeats dropped, the user's order kept.
inline std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');)
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}

// Six significant digits; "-" for NaN (not observed); never "-0".
inline std::string format_number(double x, bool with_sign = false) {
  if (std::isnan(x)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, with_sign && x != 0 ? "%+.6g" : "%.6g", x == 0 ? 0.0 : x);
  return text;
}

}  // namespace commsim::cli
