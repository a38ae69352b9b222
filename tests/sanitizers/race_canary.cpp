// A deliberate data race: scripts/check/tsan.sh requires ThreadSanitizer to
// report it, proving the TSan build can catch one.
#include <cstdio>
#include <thread>

namespace {
int counter = 0;  // plain int, no lock: the race
void bump() {
  for (int i = 0; i < 100000; ++i) ++counter;
}
}  // namespace

int main() {
  std::thread a(bump);
  std::thread b(bump);
  a.join();
  b.join();
  std::printf("%d\n", counter);
}
