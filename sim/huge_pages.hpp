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

// v.reserve(n), then advises huge pages for the whole 2 MiB pages inside the
// new storage, before anything touches it (call it on an empty vector).
template <typename T>
void reserve_on_huge_pages(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  const std::size_t bytes = v.capacity() * sizeof(T);
  if (bytes < kHugePagesFrom) return;
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(v.data()) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice: failure is harmless
}

}  // namespace commsim
