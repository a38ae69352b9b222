// A deliberate float-to-int64 overflow (the bug once in scenario_docs.cpp):
// scripts/check/asan.sh requires UBSan to report it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  const double huge = std::strtod(argc > 1 ? argv[1] : "1e300", nullptr);
  const auto n = static_cast<std::int64_t>(huge);
  std::printf("%lld\n", static_cast<long long>(n));
}
