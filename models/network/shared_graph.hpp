#pragma once
// The run's social graph, built once and shared read-only by every
// replicate: replicates are created concurrently, the first builds the graph
// under a lock and the others reuse it while the request is unchanged.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "models/network/holme_kim.hpp"
#include "models/network/social_graph.hpp"
#include "sim/parameters.hpp"

namespace commsim::models::network {

// Where the graph comes from: an edge-list file if `file` is set, else the
// Holme-Kim generator seeded by the run seed.
struct GraphRequest {
  std::string file;
  std::uint32_t nodes = 0;  // people at day 0: seed members + prospects
  std::uint64_t seed = 0;
  HolmeKimSettings generator;
};

// The invites' graph file (empty: the generator's graph) over the people of
// community.initial_members + community.prospects, seeded by run.seed.
GraphRequest graph_request(const ParameterSet& params, const std::string& file,
                           const HolmeKimSettings& generator);

class SharedGraph {
 public:
  // Builds (or loads) the graph unless the last request was the same and,
  // for a file, the file is unchanged. Throws InputError for a bad file.
  std::shared_ptr<const SocialGraph> get(const GraphRequest& request);

 private:
  std::mutex mutex_;
  std::string key_;  // identifies the request the cached graph was built for
  std::shared_ptr<const SocialGraph> graph_;
};

}  // namespace commsim::models::network
