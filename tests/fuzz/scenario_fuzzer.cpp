// libFuzzer target: the scenario loader and its round trip (fuzz_checks.hpp).
#include "tests/fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return commsim::fuzz::run_check(commsim::fuzz::check_scenario_text, data, size);
}
