// The disk cache of generated social graphs (models/network/graph_cache.hpp):
// an entry read back is the generated graph, array for array; every request
// has its own entry; a bad entry or a directory that cannot be written is a
// warning and a built graph, never a wrong one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "models/network/generational_growth.hpp"
#include "models/network/graph_cache.hpp"
#include "models/network/holme_kim.hpp"
#include "sim/fnv1a.hpp"
#include "tests/support/process.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using namespace commsim::models::network;

GraphRequest generated(std::uint64_t seed = 7, Generator kind = Generator::Generations, double mean_degree = 10.0,
                       double triad_probability = 0.8, std::uint32_t nodes = 3000) {
  GraphRequest r;
  r.generator_kind = kind;
  r.nodes = nodes;
  r.seed = seed;
  r.generator = {mean_degree, triad_probability};
  return r;
}

SocialGraph build(const GraphRequest& r) {
  return r.generator_kind == Generator::HolmeKim ? holme_kim(r.nodes, r.generator, r.seed)
                                                 : generational_growth(r.nodes, r.generator, r.seed);
}

bool same_arrays(const SocialGraph& a, const SocialGraph& b) {
  return std::ranges::equal(a.csr_offsets(), b.csr_offsets()) &&
         std::ranges::equal(a.csr_neighbours(), b.csr_neighbours());
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class GraphCache : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("commsim-graph-cache-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    dir_ = root_ / "cache";  // left to the cache to create
  }
  void TearDown() override { fs::remove_all(root_); }

  // The graph through the cache in dir_, counting builds and keeping the
  // warnings.
  CachedGraph get(const GraphRequest& r) {
    const ModuleResources resources{dir_.string(), [this](const std::string& m) { warnings_.push_back(m); }};
    return cached_graph(r, resources, [&] {
      ++builds_;
      return build(r);
    });
  }
  fs::path entry(const GraphRequest& r) const { return graph_cache_file(dir_, generated_graph_key(r)); }
  std::size_t entries() const {
    return std::size_t(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }

  fs::path root_, dir_;
  std::vector<std::string> warnings_;
  int builds_ = 0;
};

TEST_F(GraphCache, AnEntryReadBackIsTheGeneratedGraphAndTheNextRequestLoadsIt) {
  for (const Generator kind : {Generator::Generations, Generator::HolmeKim}) {
    const GraphRequest r = generated(7, kind);
    builds_ = 0;
    const CachedGraph first = get(r);
    EXPECT_FALSE(first.loaded);
    EXPECT_EQ(builds_, 1);
    ASSERT_TRUE(fs::exists(entry(r)));
    const CachedGraph second = get(r);
    EXPECT_TRUE(second.loaded);
    EXPECT_EQ(builds_, 1);  // not built again
    EXPECT_TRUE(same_arrays(second.graph, first.graph));
    EXPECT_TRUE(same_arrays(second.graph, build(r)));
    EXPECT_GT(second.graph.edge_count(), 10000u);
  }
  EXPECT_EQ(entries(), 2u);
  EXPECT_TRUE(testing::temporaries(dir_).empty());
  EXPECT_TRUE(warnings_.empty()) << warnings_.front();
}

TEST_F(GraphCache, EveryRequestHasItsOwnEntryAndAnExactKey) {
  const std::vector<GraphRequest> requests = {
      generated(),
      generated(8),
      generated(7, Generator::HolmeKim),
      generated(7, Generator::Generations, 12.0),
      generated(7, Generator::Generations, 10.0, 0.5),
      generated(7, Generator::Generations, 10.0, std::nextafter(0.8, 1.0)),  // one ulp apart
      generated(7, Generator::Generations, 10.0, 0.8, 3001),
  };
  std::set<fs::path> files;
  for (const GraphRequest& r : requests) {
    EXPECT_FALSE(get(r).loaded);
    files.insert(entry(r));
  }
  EXPECT_EQ(files.size(), requests.size());
  EXPECT_EQ(entries(), requests.size());
  EXPECT_EQ(builds_, int(requests.size()));
  const std::string key = generated_graph_key(generated());
  EXPECT_TRUE(has(key, "generations revision 1")) << key;
  EXPECT_TRUE(has(key, "nodes 3000, seed 7")) << key;
  EXPECT_TRUE(has(key, "triad_probability 0x1.999999999999ap-1")) << key;  // 0.8 exactly
  EXPECT_TRUE(has(entry(generated()).filename().string(), "graph-")) << entry(generated());
}

TEST_F(GraphCache, ABadEntryIsAWarningNamingItAndTheGraphIsBuiltAndWrittenAgain) {
  const GraphRequest r = generated();
  const GraphRequest other = generated(8);
  const SocialGraph reference = build(r);
  struct Damage {
    std::string name;
    std::string expected;  // in the warning
    std::function<void(const fs::path&)> apply;
  };
  const std::vector<Damage> damages = {
      {"truncated", "truncated", [](const fs::path& f) { fs::resize_file(f, fs::file_size(f) / 2); }},
      {"cut in the header", "truncated", [](const fs::path& f) { fs::resize_file(f, 20); }},
      {"a flipped payload byte", "checksum mismatch",
       [](const fs::path& f) {
         std::fstream file(f, std::ios::in | std::ios::out | std::ios::binary);
         file.seekg(std::streamoff(fs::file_size(f) / 2));
         const char byte = char(file.get() ^ 0x10);
         file.seekp(std::streamoff(fs::file_size(f) / 2));
         file.put(byte);
       }},
      {"another key", "holds another graph",
       [&](const fs::path& f) {
         write_graph_cache(f, generated_graph_key(other), build(other));
       }},
      {"another format", "format 7",
       [](const fs::path& f) {
         std::fstream file(f, std::ios::in | std::ios::out | std::ios::binary);
         file.seekp(8);
         file.put(7);
       }},
      {"not a cache file", "not a commsim graph cache file",
       [](const fs::path& f) { std::ofstream(f, std::ios::trunc) << "0 1\n1 2\n"; }},
  };
  for (const Damage& damage : damages) {
    SCOPED_TRACE(damage.name);
    ASSERT_TRUE(same_arrays(get(r).graph, reference));
    damage.apply(entry(r));
    warnings_.clear();
    builds_ = 0;
    const CachedGraph rebuilt = get(r);
    EXPECT_FALSE(rebuilt.loaded);
    EXPECT_EQ(builds_, 1);
    EXPECT_TRUE(same_arrays(rebuilt.graph, reference));
    ASSERT_EQ(warnings_.size(), 1u);
    EXPECT_TRUE(has(warnings_[0], entry(r).string())) << warnings_[0];
    EXPECT_TRUE(has(warnings_[0], damage.expected)) << warnings_[0];
    // Rewritten: the next request loads it, silently.
    const CachedGraph again = get(r);
    EXPECT_TRUE(again.loaded);
    EXPECT_TRUE(same_arrays(again.graph, reference));
    EXPECT_EQ(warnings_.size(), 1u);
  }
}

TEST_F(GraphCache, ADirectoryThatCannotBeWrittenIsAWarningAndTheGraphIsBuilt) {
  // A file where the directory should be: root, as the tests run, can
  // write anywhere else (the read-only file system is in disk_faults_test).
  std::ofstream(root_ / "file") << "in the way\n";
  dir_ = root_ / "file" / "cache";
  const GraphRequest r = generated();
  for (int attempt = 1; attempt <= 2; ++attempt) {
    const CachedGraph g = get(r);
    EXPECT_FALSE(g.loaded);
    EXPECT_EQ(builds_, attempt);
    EXPECT_TRUE(same_arrays(g.graph, build(r)));
    ASSERT_EQ(warnings_.size(), std::size_t(attempt));
    EXPECT_TRUE(has(warnings_.back(), "cannot create the directory")) << warnings_.back();
    EXPECT_TRUE(has(warnings_.back(), "not cached")) << warnings_.back();
  }
}

TEST_F(GraphCache, NoDirectoryNoCache) {
  dir_.clear();
  EXPECT_FALSE(get(generated()).loaded);
  EXPECT_FALSE(get(generated()).loaded);
  EXPECT_EQ(builds_, 2);
  EXPECT_FALSE(fs::exists(root_ / "cache"));
}

// A cached graph is keyed by its generator's revision: a change to either
// generator that gives other graphs must bump it (holme_kim.hpp,
// generational_growth.hpp) and then the fingerprint here.
TEST(GraphCacheKey, GeneratorsGiveThePinnedGraphs) {
  const auto fingerprint = [](const SocialGraph& g) {
    const auto text = [](auto span) {
      return std::string_view(reinterpret_cast<const char*>(span.data()), span.size_bytes());
    };
    return fnv1a(text(g.csr_neighbours()), fnv1a(text(g.csr_offsets())));
  };
  static_assert(kGenerationalGrowthRevision == 1 && kHolmeKimRevision == 1,
                "a new revision: pin its graphs below");
  EXPECT_EQ(fingerprint(generational_growth(2000, {10.0, 0.8}, 1)), 17613446967451290928u);
  EXPECT_EQ(fingerprint(holme_kim(2000, {10.0, 0.8}, 1)), 13204746219151500154u);
}

}  // namespace
}  // namespace commsim
