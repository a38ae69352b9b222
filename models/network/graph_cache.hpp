#pragma once
// A disk cache of generated social graphs (--graph-cache DIR): a re-run, or
// another process of a job array or an MPI sweep, with the same generator
// request loads the graph instead of growing it again. It sits under
// SharedGraph's reuse within a process: memory, then disk, then build (and
// write). Graph files (invites.graph_file) are not cached.
//
// An entry is DIR/graph-<FNV-1a 64 of its key, 16 hex digits>.bin:
//   "COMMSIMG", uint32 format version, uint32 key length, the key text,
//   uint64 node count, uint64 endpoint count,
//   uint64 offsets[node count + 1], uint32 neighbours[endpoint count],
//   uint64 checksum of the two arrays (FNV-1a over 64-bit words),
// in the machine's byte order (another order reads as another version). The
// key text is compared whole, so a hash collision, another generator
// revision or format is rebuilt, never used; so is a truncated or corrupt
// file. An entry is written to a temporary file of the same directory and
// renamed into place, so concurrent writers never leave a torn file.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "models/network/shared_graph.hpp"
#include "models/network/social_graph.hpp"
#include "sim/behaviour.hpp"

namespace commsim::models::network {

inline constexpr std::uint32_t kGraphCacheFormat = 1;

// A cache entry that cannot be read or written, and why.
class GraphCacheError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Everything a generated graph depends on, as text: the format, the
// generator and its revision, node count, seed, mean degree and triad
// probability (as hex floats: exact).
std::string generated_graph_key(const GraphRequest& generated);
std::filesystem::path graph_cache_file(const std::filesystem::path& dir, const std::string& key);

// The graph stored in `file` for `key`; nullopt when there is no such file.
// Throws GraphCacheError when it holds another key or is truncated, corrupt
// or not a graph cache file.
std::optional<SocialGraph> read_graph_cache(const std::filesystem::path& file, const std::string& key);
// Stores `graph` for `key` in `file` atomically, creating the directory;
// throws GraphCacheError (nothing is left behind).
void write_graph_cache(const std::filesystem::path& file, const std::string& key, const SocialGraph& graph);

struct CachedGraph {
  SocialGraph graph;
  bool loaded = false;  // from resources.cache_dir; else built (and written there)
};

// The generated graph of `request` from resources.cache_dir if an intact
// entry is there, else `build()`, written there for the next process. A bad
// entry or a failed write is a warning (resources.warning) and the graph
// is built, so the run goes on. With no cache_dir: just build().
CachedGraph cached_graph(const GraphRequest& request, const ModuleResources& resources,
                         const std::function<SocialGraph()>& build);

}  // namespace commsim::models::network
