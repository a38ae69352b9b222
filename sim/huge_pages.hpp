#pragma once
// Reserving a large array so that the kernel backs it with transparent huge
// pages (2 MiB) where the system allows them only on request (THP
// "madvise", Debian's default): the social graph of ten million people is
// gigabytes of random reads, which on 4 KiB pages miss the TLB at nearly
// every access and fault in one page at a time. Advice only: with THP off,
// or for small arrays, nothing changes, and results never do.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace commsim {

// Arrays from this size on are advised; below it the pages a huge page
// saves are too few to pay for the kernel's compaction at fault time.
inline constexpr std::size_t kHugePagesFrom = std::size_t{256} << 20;

// A vector of n copies of `value` whose storage, if it is large, is advised
// for huge pages (the whole 2 MiB pages inside it) before anything touches it.
template <typename T>
std::vector<T> huge_page_vector(std::size_t n, const T& value = T{}) {
  std::vector<T> v;
  v.reserve(n);
  const std::size_t bytes = v.capacity() * sizeof(T);
  if (bytes >= kHugePagesFrom) {
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(v.data()) + bytes) & ~(kHuge - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice: failure is harmless
  }
  v.assign(n, value);
  return v;
}

}  // namespace commsim
