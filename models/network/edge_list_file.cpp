#include "models/network/edge_list_file.hpp"

#include <charconv>
#include <fstream>
#include <string_view>

#include "sim/input_error.hpp"

namespace commsim::models::network {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view next_token(std::string_view& rest) {
  std::size_t i = 0;
  while (i < rest.size() && is_space(rest[i])) ++i;
  std::size_t j = i;
  while (j < rest.size() && !is_space(rest[j])) ++j;
  const std::string_view token = rest.substr(i, j - i);
  rest.remove_prefix(j);
  return token;
}

}  // namespace

SocialGraph load_edge_list(const std::string& path, std::uint32_t nodes) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open graph file (key 'invites.graph_file')");
  return read_edge_list(in, path, nodes);
}

SocialGraph read_edge_list(std::istream& in, const std::string& path, std::uint32_t nodes) {
  std::vector<Edge> edges;
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    const auto fail = [&](const std::string& what) {
      throw InputError(path + ":" + std::to_string(number) + ": " + what);
    };
    std::string_view rest(line);
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    std::uint32_t id[2];
    std::string_view token[2];
    token[0] = next_token(rest);
    if (token[0].empty()) continue;
    token[1] = next_token(rest);
    if (token[1].empty() || !next_token(rest).empty())
      fail("expected two node ids 'a b', got '" + line + "'");
    for (int k = 0; k < 2; ++k) {
      std::uint64_t value = 0;
      const auto [end, error] =
          std::from_chars(token[k].data(), token[k].data() + token[k].size(), value);
      const bool whole = end == token[k].data() + token[k].size();
      if (!whole || (error != std::errc() && error != std::errc::result_out_of_range))
        fail("node id '" + std::string(token[k]) + "' is not a non-negative integer");
      if (error == std::errc::result_out_of_range || value >= nodes)
        fail("node " + std::string(token[k]) + " out of range (people at day 0: " +
             std::to_string(nodes) + ")");
      id[k] = static_cast<std::uint32_t>(value);
    }
    if (id[0] == id[1]) fail("node " + std::to_string(id[0]) + " linked to itself");
    edges.emplace_back(id[0], id[1]);
  }
  if (in.bad()) throw InputError(path + ": read error in graph file");
  return SocialGraph::from_edges(nodes, edges);
}

}  // namespace commsim::models::network
