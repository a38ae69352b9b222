#pragma once
// The share of ads in a group's traffic: the one definition that engagement
// (its moving average, which lowers everyone's value of reading), roles (KOLs
// leave an ad-ridden group) and group_life (the `ad_share` metric) all use.
//
//   ad_share = ads / (ads + messages + kol_messages)
//
// A KOL's message is genuine chat, so it counts with the members' messages
// (its extra weight in the chat pull is engagement's kol_message_weight, not
// more traffic). Without any traffic the share is undefined: nullopt.
#include <cstdint>
#include <optional>

namespace commsim::models {

inline std::optional<double> ad_share(std::int64_t ads, std::int64_t messages,
                                      std::int64_t kol_messages) {
  const std::int64_t traffic = ads + messages + kol_messages;
  if (traffic == 0) return std::nullopt;
  return double(ads) / double(traffic);
}

}  // namespace commsim::models
