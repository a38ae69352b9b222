#pragma once
// Runs one check on a libFuzzer input; a finding prints what it is and
// aborts, which libFuzzer records as a crash with the input saved.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "tests/fuzz/fuzz_checks.hpp"

namespace commsim::fuzz {

inline int run_check(void (*check)(std::string_view), const std::uint8_t* data, std::size_t size) {
  try {
    check(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "commsim fuzz finding: %s\n", e.what());
    std::abort();
  }
  return 0;
}

}  // namespace commsim::fuzz
