// The machine's sustainable memory bandwidth (McCalpin's STREAM triad,
// a[i] = b[i] + s * c[i]) on 1 and on all threads: the roofline's roof.
// Prints one machine-readable line per thread count.
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/info.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main() {
  constexpr std::size_t n = std::size_t{1} << 25;  // 3 x 256 MiB: far beyond any cache
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  const int cores = tbb::info::default_concurrency();
  for (int threads : {1, cores}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    double best = 1e30;
    for (int repeat = 0; repeat < 5; ++repeat) {
      const auto start = std::chrono::steady_clock::now();
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1 << 16),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t i = r.begin(); i < r.end(); ++i) a[i] = b[i] + 3.0 * c[i];
                        });
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    // Triad moves 3 arrays (2 reads, 1 write; write-allocate traffic not counted, as STREAM).
    std::printf("stream_triad threads=%d bandwidth_gb_s=%.2f\n", threads, 3.0 * n * sizeof(double) / best / 1e9);
  }
  return a[n / 2] == 7.0 ? 0 : 1;
}
