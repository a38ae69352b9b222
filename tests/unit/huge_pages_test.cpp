// huge_page_vector: a large array's storage is advised for huge pages (the
// kernel marks its mapping "hg" in /proc/self/smaps), a small one's is not,
// and either is an ordinary vector of n copies of the value.
#include "sim/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace commsim {
namespace {

// The VmFlags of the mapping holding `address`, from /proc/self/smaps.
std::string vm_flags_at(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-' && line.find(':') > line.find(' ')) {
      inside = begin <= at && at < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

TEST(HugePages, ALargeArrayIsAdvisedASmallOneIsNot) {
  const std::vector<std::uint32_t> large = huge_page_vector<std::uint32_t>(kHugePagesFrom / sizeof(std::uint32_t), 7);
  ASSERT_EQ(large.size(), kHugePagesFrom / sizeof(std::uint32_t));
  EXPECT_EQ(large.front(), 7u);
  EXPECT_EQ(large.back(), 7u);
  // The first whole 2 MiB page of the storage.
  const auto huge_page = (reinterpret_cast<std::uintptr_t>(large.data()) + (2u << 20)) & ~std::uintptr_t((2u << 20) - 1);
  const std::string flags = vm_flags_at(reinterpret_cast<const void*>(huge_page));
  ASSERT_FALSE(flags.empty()) << "no mapping found in /proc/self/smaps";
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;

  const std::vector<std::uint32_t> small = huge_page_vector<std::uint32_t>(1 << 20);  // 4 MiB: below the threshold
  ASSERT_EQ(small.size(), std::size_t{1} << 20);
  EXPECT_EQ(small.back(), 0u);
  const std::string small_flags = vm_flags_at(small.data() + (1 << 19));
  ASSERT_FALSE(small_flags.empty());
  EXPECT_EQ(small_flags.find(" hg"), std::string::npos) << small_flags;
}

}  // namespace
}  // namespace commsim
