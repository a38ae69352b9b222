#include "models/network/shared_graph.hpp"

#include <filesystem>
#include <sstream>

#include "models/network/edge_list_file.hpp"
#include "models/network/generational_growth.hpp"
#include "models/network/graph_cache.hpp"

namespace commsim::models::network {
namespace {

constexpr const char* kGenerations = "generations";
constexpr const char* kHolmeKim = "holme_kim";

// A generated graph is identified as in the disk cache; a file by path,
// size and modification time, so an edited file is read again by the next
// run.
std::string request_key(const GraphRequest& r) {
  if (r.file.empty()) return generated_graph_key(r);
  std::ostringstream key;
  key << r.nodes << '|';
  std::error_code error;
  const auto size = std::filesystem::file_size(r.file, error);
  const auto time = std::filesystem::last_write_time(r.file, error);
  key << "file|" << r.file << '|' << size << '|' << time.time_since_epoch().count();
  return key.str();
}

SocialGraph build(const GraphRequest& r, const ModuleResources& resources) {
  if (!r.file.empty()) return load_edge_list(r.file, r.nodes);
  return cached_graph(r, resources, [&r] {
           if (r.generator_kind == Generator::HolmeKim) return holme_kim(r.nodes, r.generator, r.seed);
           return generational_growth(r.nodes, r.generator, r.seed);
         }).graph;
}

}  // namespace

GraphRequest graph_request(const ParameterSet& params, const std::string& file, Generator kind,
                           const HolmeKimSettings& generator) {
  GraphRequest r;
  r.file = file;
  r.generator_kind = kind;
  r.nodes = static_cast<std::uint32_t>(params.integer("community.initial_members") +
                                       params.integer("community.prospects"));
  r.seed = static_cast<std::uint64_t>(params.integer("run.seed"));
  r.generator = generator;
  return r;
}

Generator generator_named(const std::string& name) {
  return name == kHolmeKim ? Generator::HolmeKim : Generator::Generations;
}

std::string generator_name(Generator kind) { return kind == Generator::HolmeKim ? kHolmeKim : kGenerations; }

std::string check_generator_name(const std::string& name) {
  return name == kGenerations || name == kHolmeKim ? "" : "must be generations or holme_kim";
}

std::shared_ptr<const SocialGraph> SharedGraph::get(const GraphRequest& request, const ModuleResources& resources) {
  const std::string key = request_key(request);
  std::lock_guard lock(mutex_);
  if (graph_ && key == key_) return graph_;
  graph_.reset();  // free the old graph before building the new one
  graph_ = std::make_shared<const SocialGraph>(build(request, resources));
  key_ = key;
  return graph_;
}

}  // namespace commsim::models::network
