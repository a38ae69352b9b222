#include "sim/random_batch.hpp"

// GCC 12's AVX-512 shift intrinsics pass an "undefined" vector that its
// -Wmaybe-uninitialized mistakes for a read (GCC bug 105593, fixed in 13).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

namespace commsim {
namespace {

// Philox4x32's constants (Random123's PHILOX_M4x32_* and PHILOX_W32_*).
constexpr std::uint32_t kMultiplier0 = 0xD2511F53, kMultiplier1 = 0xCD9E8D57;
constexpr std::uint32_t kBump0 = 0x9E3779B9, kBump1 = 0xBB67AE85;
constexpr int kRounds = 7;  // as RandomStream's Philox4x32_R<7>
static_assert(sizeof(RandomStream::Block) == 16, "blocks are stored as 128-bit vectors");

// Philox's rounds on the counter words c0..c3 of a batch of streams (lane l
// holding agent l's; after the rounds, its block) with one vector type's
// operations (a macro, since each path's functions need their own target
// attribute): the 32 x 32 -> 64-bit products of the even lanes, then of the
// odd lanes shifted down, recombined into high and low halves. Needs key0,
// key1, m0 and m1 in scope.
#define COMMSIM_PHILOX_ROUNDS(V, SET1, MUL, SRLI, SLLI, BLEND_ODD, XOR)                      \
  for (int round = 0; round < kRounds; ++round) {                                           \
    const V k0 = SET1(int(key0 + std::uint32_t(round) * kBump0));                           \
    const V k1 = SET1(int(key1 + std::uint32_t(round) * kBump1));                           \
    const V even0 = MUL(c0, m0), odd0 = MUL(SRLI(c0, 32), m0);                              \
    const V even1 = MUL(c2, m1), odd1 = MUL(SRLI(c2, 32), m1);                              \
    const V hi0 = BLEND_ODD(SRLI(even0, 32), odd0), lo0 = BLEND_ODD(even0, SLLI(odd0, 32)); \
    const V hi1 = BLEND_ODD(SRLI(even1, 32), odd1), lo1 = BLEND_ODD(even1, SLLI(odd1, 32)); \
    c0 = XOR(XOR(hi1, c1), k0);                                                             \
    c1 = lo1;                                                                               \
    c2 = XOR(XOR(hi0, c3), k1);                                                             \
    c3 = lo0;                                                                               \
  }

__attribute__((target("avx2"))) inline __m256i blend_odd_256(__m256i even, __m256i odd) {
  return _mm256_blend_epi32(even, odd, 0xAA);
}

template <bool kWordsOnly>
__attribute__((target("avx2"))) std::size_t batch_avx2(const StreamKey& key, const std::uint32_t* agents,
                                                       std::size_t n, std::uint32_t purpose_word, void* out) {
  const std::uint32_t key0 = std::uint32_t(key.seed), key1 = std::uint32_t(key.seed >> 32);
  const __m256i m0 = _mm256_set1_epi64x(kMultiplier0), m1 = _mm256_set1_epi64x(kMultiplier1);
  constexpr std::size_t kLanes = 8;
  std::size_t at = 0;
  for (; at + kLanes <= n; at += kLanes) {
    __m256i c0 = _mm256_set1_epi32(int(key.replicate)), c1 = _mm256_set1_epi32(int(key.day)),
            c2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(agents + at)),
            c3 = _mm256_set1_epi32(int(purpose_word));
    COMMSIM_PHILOX_ROUNDS(__m256i, _mm256_set1_epi32, _mm256_mul_epu32, _mm256_srli_epi64, _mm256_slli_epi64,
                          blend_odd_256, _mm256_xor_si256)
    if constexpr (kWordsOnly) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(static_cast<std::uint32_t*>(out) + at), c0);
    } else {
      // Transposed in registers: b[j] holds blocks j and j + 4 (one per
      // 128-bit half), then pairs of halves go out as 256-bit stores.
      const __m256i t0 = _mm256_unpacklo_epi32(c0, c1), t1 = _mm256_unpackhi_epi32(c0, c1);
      const __m256i t2 = _mm256_unpacklo_epi32(c2, c3), t3 = _mm256_unpackhi_epi32(c2, c3);
      const __m256i b0 = _mm256_unpacklo_epi64(t0, t2), b1 = _mm256_unpackhi_epi64(t0, t2);
      const __m256i b2 = _mm256_unpacklo_epi64(t1, t3), b3 = _mm256_unpackhi_epi64(t1, t3);
      auto* blocks = reinterpret_cast<__m256i*>(static_cast<RandomStream::Block*>(out) + at);
      _mm256_storeu_si256(blocks + 0, _mm256_permute2x128_si256(b0, b1, 0x20));
      _mm256_storeu_si256(blocks + 1, _mm256_permute2x128_si256(b2, b3, 0x20));
      _mm256_storeu_si256(blocks + 2, _mm256_permute2x128_si256(b0, b1, 0x31));
      _mm256_storeu_si256(blocks + 3, _mm256_permute2x128_si256(b2, b3, 0x31));
    }
  }
  return at;
}

__attribute__((target("avx512f"))) inline __m512i blend_odd_512(__m512i even, __m512i odd) {
  return _mm512_mask_blend_epi32(0xAAAA, even, odd);
}

template <bool kWordsOnly>
__attribute__((target("avx512f"))) std::size_t batch_avx512(const StreamKey& key, const std::uint32_t* agents,
                                                           std::size_t n, std::uint32_t purpose_word, void* out) {
  const std::uint32_t key0 = std::uint32_t(key.seed), key1 = std::uint32_t(key.seed >> 32);
  const __m512i m0 = _mm512_set1_epi64(kMultiplier0), m1 = _mm512_set1_epi64(kMultiplier1);
  constexpr std::size_t kLanes = 16;
  std::size_t at = 0;
  for (; at + kLanes <= n; at += kLanes) {
    __m512i c0 = _mm512_set1_epi32(int(key.replicate)), c1 = _mm512_set1_epi32(int(key.day)),
            c2 = _mm512_loadu_si512(agents + at), c3 = _mm512_set1_epi32(int(purpose_word));
    COMMSIM_PHILOX_ROUNDS(__m512i, _mm512_set1_epi32, _mm512_mul_epu32, _mm512_srli_epi64, _mm512_slli_epi64,
                          blend_odd_512, _mm512_xor_si512)
    if constexpr (kWordsOnly) {
      _mm512_storeu_si512(static_cast<std::uint32_t*>(out) + at, c0);
    } else {
      // Transposed in registers: b[j] holds blocks j, j + 4, j + 8, j + 12
      // (one per 128-bit quarter), each stored on its own.
      const __m512i t0 = _mm512_unpacklo_epi32(c0, c1), t1 = _mm512_unpackhi_epi32(c0, c1);
      const __m512i t2 = _mm512_unpacklo_epi32(c2, c3), t3 = _mm512_unpackhi_epi32(c2, c3);
      const __m512i b[4] = {_mm512_unpacklo_epi64(t0, t2), _mm512_unpackhi_epi64(t0, t2),
                            _mm512_unpacklo_epi64(t1, t3), _mm512_unpackhi_epi64(t1, t3)};
      auto* blocks = reinterpret_cast<__m128i*>(static_cast<RandomStream::Block*>(out) + at);
      for (int j = 0; j < 4; ++j) {
        _mm_storeu_si128(blocks + j, _mm512_castsi512_si128(b[j]));
        _mm_storeu_si128(blocks + j + 4, _mm512_extracti32x4_epi32(b[j], 1));
        _mm_storeu_si128(blocks + j + 8, _mm512_extracti32x4_epi32(b[j], 2));
        _mm_storeu_si128(blocks + j + 12, _mm512_extracti32x4_epi32(b[j], 3));
      }
    }
  }
  return at;
}

#undef COMMSIM_PHILOX_ROUNDS

BatchPath detect() noexcept {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return BatchPath::Avx512;
  if (__builtin_cpu_supports("avx2")) return BatchPath::Avx2;
  return BatchPath::Scalar;
}

// The vector path's share of the batch; returns where the scalar rest starts.
template <bool kWordsOnly>
std::size_t vector_part(BatchPath path, const StreamKey& key, std::span<const std::uint32_t> agents,
                        std::uint32_t purpose_word, void* out) {
  switch (path) {
    case BatchPath::Avx512: return batch_avx512<kWordsOnly>(key, agents.data(), agents.size(), purpose_word, out);
    case BatchPath::Avx2: return batch_avx2<kWordsOnly>(key, agents.data(), agents.size(), purpose_word, out);
    case BatchPath::Scalar: break;
  }
  return 0;
}

std::uint32_t purpose_word(Purpose purpose) { return std::uint32_t(purpose.value) << 16; }

}  // namespace

void first_blocks(const StreamKey& key, std::span<const std::uint32_t> agents, Purpose purpose,
                  RandomStream::Block* out, BatchPath path) noexcept {
  for (std::size_t k = vector_part<false>(path, key, agents, purpose_word(purpose), out); k < agents.size(); ++k)
    out[k] = RandomStream::first_block(key, agents[k], purpose);
}

void first_words(const StreamKey& key, std::span<const std::uint32_t> agents, Purpose purpose, std::uint32_t* out,
                 BatchPath path) noexcept {
  for (std::size_t k = vector_part<true>(path, key, agents, purpose_word(purpose), out); k < agents.size(); ++k)
    out[k] = RandomStream::first_word(key, agents[k], purpose);
}

BatchPath fastest_batch_path() noexcept {
  static const BatchPath fastest = detect();
  return fastest;
}

bool cpu_has(BatchPath path) noexcept {
  const BatchPath fastest = fastest_batch_path();
  return path == BatchPath::Scalar || (path == BatchPath::Avx2 && fastest != BatchPath::Scalar) ||
         fastest == BatchPath::Avx512;
}

const char* name_of(BatchPath path) noexcept {
  switch (path) {
    case BatchPath::Avx512: return "avx512";
    case BatchPath::Avx2: return "avx2";
    case BatchPath::Scalar: break;
  }
  return "scalar";
}

}  // namespace commsim

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
