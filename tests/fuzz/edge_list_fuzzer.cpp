// libFuzzer target: the social-graph edge-list reader (fuzz_checks.hpp).
#include "tests/fuzz/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return commsim::fuzz::run_check(commsim::fuzz::check_edge_list_text, data, size);
}
