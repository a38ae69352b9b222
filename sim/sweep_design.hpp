#pragma once
// Sampling designs of a parameter sweep, in the unit cube [0, 1)^k.
//
// Every coordinate is a pure function of (design seed, point, dimension):
// Philox keyed by the design seed, never the simulation's streams, so the
// design and the runs draw independent numbers even when they share a seed.
// Adding points to a random design keeps the earlier ones.
#include <cstdint>
#include <vector>

namespace commsim {

using DesignMatrix = std::vector<std::vector<double>>;  // [point][dimension]

// Row-major product of index ranges: the first dimension varies slowest
// (like itertools.product). sizes {2, 3} gives (0,0) (0,1) (0,2) (1,0) ...
std::vector<std::vector<std::size_t>> grid_design(const std::vector<std::size_t>& sizes);

// Independent uniforms.
DesignMatrix random_design(std::uint64_t points, std::size_t dimensions, std::uint64_t seed);

// Latin hypercube (McKay et al. 1979): in every dimension each of the
// `points` equal strata holds exactly one point, placed uniformly in it;
// the strata are matched across dimensions by independent permutations.
DesignMatrix latin_hypercube_design(std::uint64_t points, std::size_t dimensions, std::uint64_t seed);

// Saltelli's design for first-order and total Sobol indices (Saltelli 2002;
// Saltelli et al. 2010): n * (k + 2) points in blocks of n: A, B (two
// independent uniform samples), then for i = 0..k-1 the block A_B(i), the
// rows of A with column i taken from B.
DesignMatrix saltelli_design(std::uint64_t base_samples, std::size_t dimensions, std::uint64_t seed);

}  // namespace commsim
