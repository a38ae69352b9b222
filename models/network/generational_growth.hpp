#pragma once
// Holme-Kim's two steps, preferential attachment and triad formation,
// computed in parallel with a result that is a pure function of the seed,
// whatever the thread count. Each person after a starting clique of
// ceil(m) + 1 gets m = mean_degree / 2 link slots (a fractional part: one
// slot used with that probability); the first slot, and each further one
// with probability 1 - triad_probability, is an attachment slot, the others
// triad slots.
//  1. Attachment, in generations: everyone of a generation links at once
//     (in parallel) to people of earlier generations, chosen with
//     probability proportional to degree. A generation spans at most 1/64 of
//     the people before it (the first 64 grow one by one).
//  2. Triad formation, once everyone is attached: each triad slot of v links
//     to a random friend x, older than v, of a random friend u of v (x not
//     yet v's friend), closing the triangle v-u-x; u is one of v's
//     attachment friends or the triad friends v made before, x one of u's
//     attachment friends.
// Then labels are shuffled, as in holme_kim.hpp. The degree tail and the
// clustering against Holme-Kim's are in docs/model.md (Invites).
#include <cstdint>

#include "models/network/holme_kim.hpp"
#include "models/network/social_graph.hpp"

namespace commsim::models::network {

inline constexpr Purpose kGraphTriads{605};
inline constexpr Purpose kGraphAttachment{606};

SocialGraph generational_growth(std::uint32_t nodes, const HolmeKimSettings& settings, std::uint64_t seed);

// Part of a cached graph's key (graph_cache.hpp): bump it when a change to
// generational_growth gives another graph for the same nodes, settings and seed, so
// that graphs cached by an earlier build are rebuilt, not reused (the
// GraphCache.GeneratorsGiveThePinnedGraphs test fails until then).
inline constexpr std::uint32_t kGenerationalGrowthRevision = 1;

}  // namespace commsim::models::network
