#pragma once
// The operator's content calendar: which post goes out on which day, to which
// groups. Parsed once from the `content.posts` list; the content module turns
// the day's posts into group signals.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/schedule.hpp"
#include "sim/parameters.hpp"
#include "sim/population.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {

// Post types of the texts, in the order of their `content.weight_<type>` keys.
enum class PostType : std::uint8_t {
  Universal = 0,  // chit-chat topics anyone can join
  Professional,
  Personalised,
  DryGoods,  // 干货: practical know-how
  LiveCourse,
  MorningReport,
};
inline constexpr int kPostTypeCount = 6;
inline constexpr std::array<const char*, kPostTypeCount> kPostTypeNames = {
    "universal", "professional", "personalised", "dry_goods", "live_course", "morning_report"};

struct Post {
  PostType type = PostType::Universal;
  double quality = 0.5;
  double sales_share = 0.0;
  int hour = 8;
  Cadence when;
  int segment = -1;     // -1: every group

  bool published_on(int d) const { return when.on(d); }
  // Goes out every day at the same hour, so members come to expect it.
  bool daily_habit() const { return when.daily(); }
  bool reaches(Segment s) const { return segment < 0 || segment == int(s); }
};

// Index of a type name, or -1.
int post_type_index(const std::string& name);

// The fields of a `content.posts` record, bound to a Post.
const RecordBinding<Post>& post_record();
// The record check of `content.posts`.
std::function<std::string(const ParamValue&)> post_check();

}  // namespace commsim::models
