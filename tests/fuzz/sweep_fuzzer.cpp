// libFuzzer target: the sweep loader: expansion, round trip, determinism (fuzz_checks.hpp).
#include "tests/fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return commsim::fuzz::run_check(commsim::fuzz::check_sweep_text, data, size);
}
