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

void declare_post_list(ParamRegistry& registry) {
  std::vector<ParamSpec> fields = {
      text_field("type", "universal",
                 "universal, professional, personalised, dry_goods, live_course or "
                 "morning_report; sets the post's weight (content.weight_<type>).",
                 check_type),
      real_field("quality", 0.5, 0.0, 1.0, "fraction", "How good the post is."),
      real_field("sales_share", 0.0, 0.0, 1.0, "fraction",
                 "Share of the post that sells; it adds sales pressure instead of value."),
      integer_field("hour", 8, 0, 23, "hour", "Time of day it goes out; orders the day's posts."),
  };
  for (ParamSpec& field : schedule_fields("goes out", " 1 is a daily post, which builds a habit."))
    fields.push_back(std::move(field));
  fields.push_back(integer_field("segment", -1, -1, kSegmentCount - 1, "",
                                 "Only groups of this segment (0 fish pond, 1 new users, 2 "
                                 "training camp, 3 paid); -1: every group."));
  auto check = schedule_check(fields, "never goes out");
  registry.list(
      "content.posts", std::move(fields),
      "The content calendar: posts the operator publishes to its groups. A post goes out on "
      "its one-off day, every every_days from start_day, and on its weekdays, within "
      "[start_day, end_day]. Empty: no operator content.",
      std::move(check));
}

std::vector<Post> read_posts(const ParameterSet& params) {
  const ListView list(params, "content.posts");
  std::vector<Post> posts(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    Post& post = posts[i];
    post.type = PostType(post_type_index(list.text(i, "type")));
    post.quality = list.real(i, "quality");
    post.sales_share = list.real(i, "sales_share");
    post.hour = int(list.integer(i, "hour"));
    post.when = read_schedule(list, i);
    post.segment = int(list.integer(i, "segment"));
  }
  return posts;
}

}  // namespace commsim::models
