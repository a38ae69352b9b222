#include "sim/memory_estimate.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/input_error.hpp"
#include "sim/population.hpp"

namespace commsim {
namespace {

// Beyond the structure-of-arrays columns: the chunk's gathered member list,
// per-thread buffers and vector growth of the joiners' columns. Measured
// against peak RSS in scripts/bench.sh (rss_bytes_per_member).
constexpr double kPersonOverhead = 1.5;
// The process before any run: code, libraries, TBB's and HDF5's own memory.
constexpr double kProcessBytes = 64.0 * 1024 * 1024;

std::string count_text(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", x);
  std::string digits = text, grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

}  // namespace

std::string gibibytes(double bytes) {
  char text[32];
  if (bytes >= 1024.0 * 1024 * 1024)
    std::snprintf(text, sizeof text, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  else
    std::snprintf(text, sizeof text, "%.0f MiB", std::ceil(bytes / (1024.0 * 1024)));
  return text;
}

std::string MemoryEstimate::explain() const {
  return "about " + gibibytes(total()) + ": people " + gibibytes(people_bytes) + " (" + std::to_string(in_flight) +
         (in_flight == 1 ? " replicate" : " replicates") + " at once x " + count_text(people_per_replicate) +
         " people x " + count_text(bytes_per_person) + " bytes), shared " + gibibytes(shared_bytes) +
         " (social graph), series " + gibibytes(series_bytes) + ", program " + gibibytes(process_bytes);
}

MemoryEstimate estimate_memory(const Model& model, const std::vector<const ParameterSet*>& scenarios,
                               unsigned threads) {
  MemoryEstimate e;
  e.bytes_per_person =
      double(Population::kEngineBytesPerMember + model.layout().column_bytes_per_member()) * kPersonOverhead;
  const double metrics = double(model.layout().metrics().size());
  std::size_t pairs = 0;
  double row_bytes = 0;
  for (const ParameterSet* params : scenarios) {
    double people = double(params->integer("community.initial_members") + params->integer("community.prospects"));
    double shared = 0;
    for (const ModuleDefinition& module : model.modules())
      if (module.memory_needs && params->flag(module.name + ".enabled")) {
        const MemoryNeeds needs = module.memory_needs(*params);
        people += needs.people_added;
        shared += needs.shared_bytes;
      }
    e.people_per_replicate = std::max(e.people_per_replicate, people);
    e.shared_bytes = std::max(e.shared_bytes, shared);  // built once per distinct graph, one at a time
    const double replicates = double(params->integer("run.replicates")), days = double(params->integer("run.days"));
    e.series_bytes += metrics * replicates * days * 8.0;
    row_bytes = std::max(row_bytes, metrics * days * 8.0);
    pairs += std::size_t(replicates);
  }
  e.in_flight = unsigned(std::max<std::size_t>(1, std::min<std::size_t>(std::max(threads, 1u), pairs)));
  e.people_bytes = double(e.in_flight) * e.bytes_per_person * e.people_per_replicate;
  e.series_bytes += double(e.in_flight) * row_bytes;
  e.process_bytes = kProcessBytes;
  return e;
}

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? std::uint64_t(pages) * std::uint64_t(page) : 0;
}

std::uint64_t parse_memory_size(const std::string& text, const std::string& label) {
  std::size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
  }
  double unit = 1;
  if (used + 1 == text.size()) {
    switch (text.back()) {
      case 'K': case 'k': unit = 1024.0; break;
      case 'M': case 'm': unit = 1024.0 * 1024; break;
      case 'G': case 'g': unit = 1024.0 * 1024 * 1024; break;
      case 'T': case 't': unit = 1024.0 * 1024 * 1024 * 1024; break;
      default: used = 0;
    }
    if (used) ++used;
  }
  if (used != text.size() || !(value > 0) || !std::isfinite(value * unit) || value * unit > 1.8e19)
    throw InputError(label + " " + text + ": must be a size such as 512M, 8G or 1.5T");
  return std::uint64_t(value * unit);
}

void check_memory(const MemoryEstimate& estimate, std::uint64_t limit, const std::string& limit_source) {
  if (limit == 0 || estimate.total() <= double(limit)) return;
  throw InputError("the run needs " + estimate.explain() + ", more than the limit of " + gibibytes(double(limit)) +
                   " (" + limit_source + "); fewer --threads keep fewer replicates in memory at once");
}

}  // namespace commsim
