#pragma once
// Counts drawn from one random stream (Boost.Random over Philox), with the
// edge cases that need no draw (n = 0, p = 0, p = 1, mean 0) answered
// without drawing, so a lever that is off never touches a stream.
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cstdint>

#include "sim/random_stream.hpp"

namespace commsim::models {

inline std::int64_t binomial_count(RandomStream& stream, std::int64_t n, double p) {
  if (n <= 0 || p <= 0.0) return 0;
  if (p >= 1.0) return n;
  return boost::random::binomial_distribution<std::int64_t>(n, p)(stream);
}

inline std::int64_t poisson_count(RandomStream& stream, double mean) {
  if (mean <= 0.0) return 0;
  return boost::random::poisson_distribution<std::int64_t, double>(mean)(stream);
}

}  // namespace commsim::models
