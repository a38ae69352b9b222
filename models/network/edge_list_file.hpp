#pragma once
// A social graph from an edge-list file: one friendship "a b" per line (node
// ids are people's indices at day 0: seed members 0..initial_members-1, then
// the prospects), '#' starts a comment, blank lines are skipped. Duplicate
// friendships are merged.
#include <cstdint>
#include <istream>
#include <string>

#include "models/network/social_graph.hpp"

namespace commsim::models::network {

// Throws InputError "FILE:LINE: what is wrong" for an unreadable file, a line
// that is not two node ids, an id >= `nodes` or a self-link.
SocialGraph load_edge_list(const std::string& path, std::uint32_t nodes);
// The same from an open stream; `path` names it in messages (the fuzzer's way in).
SocialGraph read_edge_list(std::istream& in, const std::string& path, std::uint32_t nodes);

}  // namespace commsim::models::network
