#include "sim/sweep_design.hpp"

#include <algorithm>
#include <numeric>

#include "sim/random_stream.hpp"

namespace commsim {
namespace {

// The design's own key: never equal to a simulation key of the same seed.
std::uint64_t design_key(std::uint64_t seed) {
  std::uint64_t z = seed ^ 0x5357454550444553ULL;  // "SWEEPDES"
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;     // splitmix64's finaliser
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 53-bit uniform on [0, 1) for (sample, point, dimension); `sample`
// separates the independent samples a design needs (A and B, jitter and
// permutation keys).
double uniform(std::uint64_t seed, std::uint32_t sample, std::uint64_t point, std::size_t dimension) {
  const StreamKey key{design_key(seed), sample, static_cast<std::uint32_t>(point >> 32)};
  const RandomStream::Block block =
      RandomStream::first_block(key, static_cast<std::uint32_t>(point), Purpose{static_cast<std::uint16_t>(dimension)});
  const std::uint64_t bits = (std::uint64_t{block.v[0]} << 32 | block.v[1]) >> 11;
  return double(bits) * 0x1p-53;
}

DesignMatrix uniform_sample(std::uint64_t points, std::size_t dimensions, std::uint64_t seed, std::uint32_t sample) {
  DesignMatrix design(points, std::vector<double>(dimensions));
  for (std::uint64_t p = 0; p < points; ++p)
    for (std::size_t d = 0; d < dimensions; ++d) design[p][d] = uniform(seed, sample, p, d);
  return design;
}

}  // namespace

std::vector<std::vector<std::size_t>> grid_design(const std::vector<std::size_t>& sizes) {
  std::size_t total = 1;
  for (std::size_t size : sizes) total *= size;
  std::vector<std::vector<std::size_t>> points(total, std::vector<std::size_t>(sizes.size()));
  for (std::size_t p = 0; p < total; ++p) {
    std::size_t rest = p;
    for (std::size_t d = sizes.size(); d-- > 0;) {
      points[p][d] = rest % sizes[d];
      rest /= sizes[d];
    }
  }
  return points;
}

DesignMatrix random_design(std::uint64_t points, std::size_t dimensions, std::uint64_t seed) {
  return uniform_sample(points, dimensions, seed, 0);
}

DesignMatrix latin_hypercube_design(std::uint64_t points, std::size_t dimensions, std::uint64_t seed) {
  DesignMatrix design(points, std::vector<double>(dimensions));
  std::vector<std::uint64_t> order(points);
  std::vector<double> keys(points);
  for (std::size_t d = 0; d < dimensions; ++d) {
    // A random permutation as the ranks of random keys: a pure function of
    // the seed (ties have probability 2^-53 and break by index).
    for (std::uint64_t p = 0; p < points; ++p) keys[p] = uniform(seed, 1, p, d);
    std::iota(order.begin(), order.end(), std::uint64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::uint64_t a, std::uint64_t b) { return keys[a] < keys[b]; });
    for (std::uint64_t stratum = 0; stratum < points; ++stratum) {
      const std::uint64_t p = order[stratum];
      design[p][d] = (double(stratum) + uniform(seed, 2, p, d)) / double(points);
    }
  }
  return design;
}

DesignMatrix saltelli_design(std::uint64_t base_samples, std::size_t dimensions, std::uint64_t seed) {
  const DesignMatrix a = uniform_sample(base_samples, dimensions, seed, 3);
  const DesignMatrix b = uniform_sample(base_samples, dimensions, seed, 4);
  DesignMatrix design = a;
  design.insert(design.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < dimensions; ++i)
    for (std::uint64_t j = 0; j < base_samples; ++j) {
      design.push_back(a[j]);
      design.back()[i] = b[j][i];
    }
  return design;
}

}  // namespace commsim
