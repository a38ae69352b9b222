#include "sim/dataflow.hpp"

#include <algorithm>

namespace commsim {
namespace {

// Today's values of columns and metrics are written in the same phase as
// they are read, so order decides; signals are set in the operator phase
// and group counters read at the end of the day (or yesterday's), so any
// writer runs early enough.
bool order_matters(Item item) { return item == Item::Column || item == Item::Metric; }

std::string quoted_list(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + ("'" + names[i] + "'");
  return text;
}

}  // namespace

std::string dataflow_error(const ModelLayout& layout, const std::vector<std::string>& modules,
                           const std::function<bool(const std::string&)>& enabled) {
  // The engine runs before every module; -1 for it.
  const auto position = [&](const std::string& module) -> long {
    if (module == kEngineModule) return -1;
    return std::find(modules.begin(), modules.end(), module) - modules.begin();
  };
  const auto on = [&](const std::string& module) { return module == kEngineModule || enabled(module); };
  for (const Access& read : layout.accesses()) {
    if (read.write || !on(read.module)) continue;
    std::vector<std::string> writers, enabled_writers;
    long first_writer = -2;
    for (const Access& w : layout.accesses()) {
      if (!w.write || w.item != read.item || w.name != read.name || w.module == read.module) continue;
      if (std::find(writers.begin(), writers.end(), w.module) == writers.end()) writers.push_back(w.module);
      if (!on(w.module)) continue;
      enabled_writers.push_back(w.module);
      const long at = position(w.module);
      if (first_writer == -2 || at < first_writer) first_writer = at;
    }
    const std::string what = std::string(item_name(read.item)) + " '" + read.name + "'";
    if (enabled_writers.empty()) {
      if (!read.if_unwritten.empty()) continue;
      return "module '" + read.module + "' reads " + what + ", which " +
             (writers.empty() ? std::string("no module writes")
                              : "only module" + std::string(writers.size() > 1 ? "s " : " ") +
                                    quoted_list(writers) + " write" + (writers.size() > 1 ? "" : "s") +
                                    ", and " + (writers.size() > 1 ? "they are" : "it is") +
                                    " disabled") +
             " (enable " + (writers.empty() ? std::string("a writer") : "'" + writers.front() + "'") +
             " or disable '" + read.module + "')";
    }
    if (read.when == When::Today && order_matters(read.item) && first_writer > position(read.module))
      return "module '" + read.module + "' reads today's " + what + ", but its writer" +
             (enabled_writers.size() > 1 ? "s " : " ") + quoted_list(enabled_writers) + " run" +
             (enabled_writers.size() > 1 ? "" : "s") + " after it in the day's order";
  }
  return "";
}

}  // namespace commsim
