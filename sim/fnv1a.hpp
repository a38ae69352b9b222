#pragma once
// FNV-1a, 64 bits (Fowler, Noll, Vo): a short stable hash of text, for names
// that identify their content (a sweep's hash, a graph cache entry's file).
#include <cstdint>
#include <string_view>

namespace commsim {

inline constexpr std::uint64_t kFnv1aBasis = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnv1aPrime = 0x100000001b3ULL;

// Continues `hash` over `text` (start from kFnv1aBasis).
inline std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = kFnv1aBasis) {
  for (const unsigned char c : text) hash = (hash ^ c) * kFnv1aPrime;
  return hash;
}

}  // namespace commsim
