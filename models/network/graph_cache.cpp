#include "models/network/graph_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <locale>
#include <span>
#include <sstream>
#include <vector>

#include "models/network/generational_growth.hpp"
#include "models/network/holme_kim.hpp"
#include "sim/fnv1a.hpp"
#include "sim/huge_pages.hpp"

namespace commsim::models::network {
namespace {

constexpr char kMagic[8] = {'C', 'O', 'M', 'M', 'S', 'I', 'M', 'G'};
constexpr std::uint32_t kMaxKeyLength = 4096;  // a longer one is a corrupt header

// FNV-1a over 64-bit words, the tail byte by byte: several times faster than
// byte by byte, and still changed by any single changed word.
std::uint64_t word_checksum(std::span<const std::byte> bytes, std::uint64_t hash) {
  std::size_t i = 0;
  for (; i + sizeof(std::uint64_t) <= bytes.size(); i += sizeof(std::uint64_t)) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    hash = (hash ^ word) * kFnv1aPrime;
  }
  for (; i < bytes.size(); ++i) hash = (hash ^ std::to_integer<std::uint64_t>(bytes[i])) * kFnv1aPrime;
  return hash;
}

// The header after the magic: format, key, counts. The checksum covers it
// and both arrays.
std::string header_bytes(const std::string& key, std::uint64_t nodes, std::uint64_t endpoints) {
  std::string out;
  const auto put = [&out](const auto& value) { out.append(reinterpret_cast<const char*>(&value), sizeof value); };
  put(kGraphCacheFormat);
  put(static_cast<std::uint32_t>(key.size()));
  out += key;
  put(nodes);
  put(endpoints);
  return out;
}

std::uint64_t checksum(const std::string& header, std::span<const std::uint64_t> offsets,
                       std::span<const std::uint32_t> neighbours) {
  return word_checksum(std::as_bytes(std::span(neighbours)),
                       word_checksum(std::as_bytes(std::span(offsets)), fnv1a(header)));
}

// Reads `count` values into `data`; a short read is a truncated file.
template <typename T>
void read_exactly(std::istream& in, T* data, std::size_t count, const std::string& file) {
  in.read(reinterpret_cast<char*>(data), static_cast<std::streamsize>(count * sizeof(T)));
  if (!in) throw GraphCacheError(file + ": truncated");
}

std::string system_error_text() { return std::strerror(errno); }

}  // namespace

std::string generated_graph_key(const GraphRequest& r) {
  const std::uint32_t revision =
      r.generator_kind == Generator::HolmeKim ? kHolmeKimRevision : kGenerationalGrowthRevision;
  std::ostringstream key;
  key.imbue(std::locale::classic());
  key << "commsim social graph, format " << kGraphCacheFormat << ": " << generator_name(r.generator_kind)
      << " revision " << revision << ", nodes " << r.nodes << ", seed " << r.seed << std::hexfloat
      << ", mean_degree " << r.generator.mean_degree << ", triad_probability " << r.generator.triad_probability;
  return key.str();
}

std::filesystem::path graph_cache_file(const std::filesystem::path& dir, const std::string& key) {
  char name[32];
  std::snprintf(name, sizeof name, "graph-%016llx.bin", static_cast<unsigned long long>(fnv1a(key)));
  return dir / name;
}

std::optional<SocialGraph> read_graph_cache(const std::filesystem::path& path, const std::string& key) {
  const std::string file = path.string();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  std::ifstream in(path, std::ios::binary);
  if (error || !in) throw GraphCacheError(file + ": cannot be read: " + (error ? error.message() : system_error_text()));
  char magic[sizeof kMagic] = {};
  std::uint32_t format = 0, key_length = 0;
  in.read(magic, sizeof magic);
  if (!in || std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    throw GraphCacheError(file + ": not a commsim graph cache file");
  read_exactly(in, &format, 1, file);
  if (format != kGraphCacheFormat)
    throw GraphCacheError(file + ": format " + std::to_string(format) + ", this build's is " +
                          std::to_string(kGraphCacheFormat));
  read_exactly(in, &key_length, 1, file);
  if (key_length > kMaxKeyLength) throw GraphCacheError(file + ": corrupt header (key length)");
  std::string stored_key(key_length, '\0');
  read_exactly(in, stored_key.data(), key_length, file);
  if (stored_key != key) {
    const bool readable = std::ranges::all_of(stored_key, [](unsigned char c) { return std::isprint(c); });
    throw GraphCacheError(file + ": holds another graph" + (readable ? " (" + stored_key + ")" : ""));
  }
  std::uint64_t nodes = 0, endpoints = 0;
  read_exactly(in, &nodes, 1, file);
  read_exactly(in, &endpoints, 1, file);
  // The size the counts imply, checked before anything is allocated.
  const std::string header = header_bytes(key, nodes, endpoints);
  const std::uintmax_t arrays = size - std::min<std::uintmax_t>(size, sizeof kMagic + header.size() + 8);
  if (nodes > std::numeric_limits<std::uint32_t>::max() || endpoints > arrays / sizeof(std::uint32_t) ||
      (nodes + 1) * sizeof(std::uint64_t) + endpoints * sizeof(std::uint32_t) != arrays)
    throw GraphCacheError(file + ": " + std::to_string(size) + " bytes, not what its header says: truncated or corrupt");
  std::vector<std::uint64_t> offsets = huge_page_vector<std::uint64_t>(nodes + 1);
  std::vector<std::uint32_t> neighbours = huge_page_vector<std::uint32_t>(endpoints);
  std::uint64_t stored_checksum = 0;
  read_exactly(in, offsets.data(), offsets.size(), file);
  read_exactly(in, neighbours.data(), neighbours.size(), file);
  read_exactly(in, &stored_checksum, 1, file);
  if (stored_checksum != checksum(header, offsets, neighbours)) throw GraphCacheError(file + ": checksum mismatch: corrupt");
  try {
    return SocialGraph::from_csr(std::move(offsets), std::move(neighbours));
  } catch (const std::invalid_argument& e) {
    throw GraphCacheError(file + ": not a valid graph: " + e.what());
  }
}

void write_graph_cache(const std::filesystem::path& path, const std::string& key, const SocialGraph& graph) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) throw GraphCacheError(path.parent_path().string() + ": cannot create the directory: " + error.message());
  // Unique per process and per write, in the entry's directory so that the
  // rename is atomic.
  static std::atomic<std::uint64_t> writes{0};
  const std::filesystem::path temporary =
      path.string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(writes++);
  const std::string header = header_bytes(key, graph.node_count(), graph.endpoint_count());
  const std::uint64_t sum = checksum(header, graph.csr_offsets(), graph.csr_neighbours());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw GraphCacheError(temporary.string() + ": cannot be created: " + system_error_text());
    const auto put = [&out](const void* data, std::size_t bytes) {
      out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
    };
    put(kMagic, sizeof kMagic);
    put(header.data(), header.size());
    put(graph.csr_offsets().data(), graph.csr_offsets().size_bytes());
    put(graph.csr_neighbours().data(), graph.csr_neighbours().size_bytes());
    put(&sum, sizeof sum);
    out.close();
    if (!out) {
      const std::string why = system_error_text();
      std::filesystem::remove(temporary, error);
      throw GraphCacheError(temporary.string() + ": cannot be written: " + why);
    }
  }
  std::filesystem::rename(temporary, path, error);
  if (error) {
    const std::string why = error.message();
    std::filesystem::remove(temporary, error);
    throw GraphCacheError(path.string() + ": cannot be renamed into place: " + why);
  }
}

CachedGraph cached_graph(const GraphRequest& request, const ModuleResources& resources,
                         const std::function<SocialGraph()>& build) {
  if (resources.cache_dir.empty() || !request.file.empty()) return {build(), false};
  const std::string key = generated_graph_key(request);
  const std::filesystem::path file = graph_cache_file(resources.cache_dir, key);
  try {
    if (std::optional<SocialGraph> graph = read_graph_cache(file, key)) {
      if (graph->node_count() == request.nodes) return {std::move(*graph), true};
      throw GraphCacheError(file.string() + ": " + std::to_string(graph->node_count()) + " people, not " +
                            std::to_string(request.nodes));
    }
  } catch (const GraphCacheError& e) {
    resources.warning(std::string("graph cache: ") + e.what() + ": building the graph again");
  }
  CachedGraph built{build(), false};
  try {
    write_graph_cache(file, key, built.graph);
  } catch (const GraphCacheError& e) {
    resources.warning(std::string("graph cache: ") + e.what() + ": the graph is not cached (the run goes on)");
  }
  return built;
}

}  // namespace commsim::models::network
