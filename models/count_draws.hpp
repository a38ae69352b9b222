#pragma once
// Counts drawn from one random stream (Boost.Random over Philox), with the
// edge cases that need no draw (n = 0, p = 0, p = 1, mean 0) answered
// without drawing, so a lever that is off never touches a stream.
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

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

// Poisson(mean) for a mean fixed for the run, drawn as Boost draws it but
// faster: below a mean of 10 Boost inverts the CDF with one division per
// step (p(x) = mean p(x - 1) / x, a chain of long-latency divisions in the
// member kernels); here those p(x) are computed once, by the same
// operations, so the walk gives the same value from the same draws. Larger
// means go to Boost's rejection sampler.
class FixedMeanPoisson {
 public:
  explicit FixedMeanPoisson(double mean) : mean_(mean), boost_(std::max(mean, 1e-9)) {
    if (mean_ <= 0.0 || mean_ >= 10.0) return;  // Boost's inversion range
    double p = std::exp(-mean_);
    for (std::int64_t x = 0; x < kTable && p > 0.0; ++x) {
      p_.push_back(p);
      p = mean_ * p / double(x + 1);
    }
  }

  std::int64_t operator()(RandomStream& stream) const {
    if (mean_ <= 0.0) return 0;
    if (p_.empty()) return boost_(stream);
    double u = boost::random::uniform_01<double>()(stream);
    std::int64_t x = 0;
    for (; x < std::int64_t(p_.size()); ++x) {
      if (u <= p_[std::size_t(x)]) return x;
      u -= p_[std::size_t(x)];
    }
    // Past the table (probability < 1e-30 below a mean of 10): as Boost goes on.
    for (double p = mean_ * p_.back() / double(x); u > p; p = mean_ * p / double(x)) {
      u -= p;
      ++x;
    }
    return x;
  }

 private:
  static constexpr std::int64_t kTable = 64;
  double mean_;
  boost::random::poisson_distribution<std::int64_t, double> boost_;
  std::vector<double> p_;  // p(0), p(1), ...: the inversion's steps
};

}  // namespace commsim::models
