#pragma once
// The first blocks of many agents' streams for one purpose at once: what
// RandomStream::first_block computes for each agent, bit for bit, but 8
// (AVX2) or 16 (AVX-512) streams per vector instruction where the CPU has
// them, chosen once at run time. The member kernels draw most of their
// numbers from these first blocks, so a batch costs them about a quarter of
// the scalar Philox rounds; results do not depend on which path ran.
#include <cstdint>
#include <span>

#include "sim/random_stream.hpp"

namespace commsim {

// The ways to compute a batch; each gives the same bits.
enum class BatchPath { Scalar, Avx2, Avx512 };
BatchPath fastest_batch_path() noexcept;  // what this CPU has, chosen once
bool cpu_has(BatchPath path) noexcept;
const char* name_of(BatchPath path) noexcept;

// out[k] = RandomStream::first_block(key, agents[k], purpose); `out` holds
// agents.size() blocks. `path` (for tests): a path this CPU has.
void first_blocks(const StreamKey& key, std::span<const std::uint32_t> agents, Purpose purpose,
                  RandomStream::Block* out, BatchPath path = fastest_batch_path()) noexcept;

// out[k] = RandomStream::first_word(key, agents[k], purpose).
void first_words(const StreamKey& key, std::span<const std::uint32_t> agents, Purpose purpose,
                 std::uint32_t* out, BatchPath path = fastest_batch_path()) noexcept;

}  // namespace commsim
