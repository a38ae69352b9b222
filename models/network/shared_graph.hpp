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
#include "sim/behaviour.hpp"
#include "sim/parameters.hpp"

namespace commsim::models::network {

enum class Generator { Generations, HolmeKim };

// Where the graph comes from: an edge-list file if `file` is set, else a
// generator (generational_growth.hpp, holme_kim.hpp) seeded by the run seed.
struct GraphRequest {
  std::string file;
  Generator generator_kind = Generator::Generations;
  std::uint32_t nodes = 0;  // people at day 0: seed members + prospects
  std::uint64_t seed = 0;
  HolmeKimSettings generator;
};

// The invites' graph file (empty: the generator's graph) over the people of
// community.initial_members + community.prospects, seeded by run.seed.
GraphRequest graph_request(const ParameterSet& params, const std::string& file, Generator kind,
                           const HolmeKimSettings& generator);

// invites.graph_generator: "generations" or "holme_kim"; check_generator_name
// says "" if `name` is one of them, else what is wrong.
Generator generator_named(const std::string& name);
std::string generator_name(Generator kind);
std::string check_generator_name(const std::string& name);

class SharedGraph {
 public:
  // Builds (or loads) the graph unless the last request was the same and,
  // for a file, the file is unchanged. Throws InputError for a bad file. A
  // generated graph goes through the disk cache of resources.cache_dir, if
  // set (graph_cache.hpp).
  std::shared_ptr<const SocialGraph> get(const GraphRequest& request, const ModuleResources& resources = {});

 private:
  std::mutex mutex_;
  std::string key_;  // identifies the request the cached graph was built for
  std::shared_ptr<const SocialGraph> graph_;
};

}  // namespace commsim::models::network
