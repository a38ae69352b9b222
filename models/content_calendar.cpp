#include "models/content_calendar.hpp"

#include <algorithm>

namespace commsim::models {
namespace {

std::string check_type(const ParamValue& value) {
  if (post_type_index(std::get<std::string>(value)) >= 0) return "";
  std::string names;
  for (const char* name : kPostTypeNames) names += (names.empty() ? "" : ", ") + std::string(name);
  return "must be one of " + names;
}

}  // namespace

int post_type_index(const std::string& name) {
  const auto it = std::find(kPostTypeNames.begin(), kPostTypeNames.end(), name);
  return it == kPostTypeNames.end() ? -1 : int(it - kPostTypeNames.begin());
}

const RecordBinding<Post>& post_record() {
  static const auto record =
      RecordBinding<Post>()
          .text_as<PostType>(&Post::type, "type", "universal",
                             "universal, professional, personalised, dry_goods, live_course or "
                             "morning_report; sets the post's weight (content.weight_<type>).",
                             [](const std::string& name) { return PostType(post_type_index(name)); }, check_type)
          .real(&Post::quality, "quality", 0.5, 0.0, 1.0, "fraction", "How good the post is.")
          .real(&Post::sales_share, "sales_share", 0.0, 0.0, 1.0, "fraction",
                "Share of the post that sells; it adds sales pressure instead of value.")
          .integer(&Post::hour, "hour", 8, 0, 23, "hour", "Time of day it goes out; orders the day's posts.")
          .fields(schedule_part(&Post::when, "goes out", " 1 is a daily post, which builds a habit."))
          .integer(&Post::segment, "segment", -1, -1, kSegmentCount - 1, "",
                   "Only groups of this segment (0 fish pond, 1 new users, 2 "
                   "training camp, 3 paid); -1: every group.");
  return record;
}

std::function<std::string(const ParamValue&)> post_check() {
  return schedule_check(post_record().specs(), "never goes out");
}

}  // namespace commsim::models
