#include "models/content_calendar.hpp"

#include <algorithm>
#include <cctype>

namespace commsim::models {
namespace {

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

std::string check_type(const ParamValue& value) {
  if (post_type_index(std::get<std::string>(value)) >= 0) return "";
  std::string names;
  for (const char* name : kPostTypeNames) names += (names.empty() ? "" : ", ") + std::string(name);
  return "must be one of " + names;
}

std::string check_weekdays(const ParamValue& value) {
  std::uint8_t mask = 0;
  return parse_weekdays(std::get<std::string>(value), mask);
}

// Field order of a record, as declared below.
enum Field { kType, kQuality, kSalesShare, kHour, kDay, kEveryDays, kWeekdays, kStart, kEnd, kSegment };

std::int64_t integer_at(const std::vector<Scalar>& row, Field f) { return std::get<std::int64_t>(row[f]); }

std::string check_record(const ParamValue& value) {
  const std::vector<Scalar>& row = std::get<RecordList>(value).rows.at(0);
  if (integer_at(row, kDay) < 0 && integer_at(row, kEveryDays) == 0 &&
      std::get<std::string>(row[kWeekdays]).empty())
    return "never goes out: give a one-off day, every_days or weekdays";
  if (integer_at(row, kEnd) >= 0 && integer_at(row, kEnd) < integer_at(row, kStart))
    return "ends (end_day) before it starts (start_day)";
  return "";
}

}  // namespace

bool Post::published_on(int d) const {
  if (d < start_day || (end_day >= 0 && d > end_day)) return false;
  if (d == day) return true;
  if (every_days > 0 && (d - start_day) % every_days == 0) return true;
  return (weekdays >> (d % 7)) & 1;
}

int post_type_index(const std::string& name) {
  const auto it = std::find(kPostTypeNames.begin(), kPostTypeNames.end(), name);
  return it == kPostTypeNames.end() ? -1 : int(it - kPostTypeNames.begin());
}

std::string parse_weekdays(const std::string& text, std::uint8_t& mask) {
  mask = 0;
  if (trimmed(text).empty()) return "";
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = text.find(',', from);
    std::string name = trimmed(text.substr(from, comma == std::string::npos ? comma : comma - from));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    const auto it = std::find(kWeekdayNames.begin(), kWeekdayNames.end(), name);
    if (it == kWeekdayNames.end())
      return "must list weekdays mon, tue, wed, thu, fri, sat, sun separated by commas (got '" +
             name + "')";
    mask |= std::uint8_t(1u << (it - kWeekdayNames.begin()));
    if (comma == std::string::npos) return "";
    from = comma + 1;
  }
}

void declare_post_list(ParamRegistry& registry) {
  registry.list(
      "content.posts",
      {
          text_field("type", "universal",
                     "universal, professional, personalised, dry_goods, live_course or "
                     "morning_report; sets the post's weight (content.weight_<type>).",
                     check_type),
          real_field("quality", 0.5, 0.0, 1.0, "fraction", "How good the post is."),
          real_field("sales_share", 0.0, 0.0, 1.0, "fraction",
                     "Share of the post that sells; it adds sales pressure instead of value."),
          integer_field("hour", 8, 0, 23, "hour", "Time of day it goes out; orders the day's posts."),
          integer_field("day", -1, -1, kMaxDays, "day", "One-off day; -1: none."),
          integer_field("every_days", 0, 0, kMaxDays, "days",
                        "Goes out every this many days from start_day; 0: no interval. 1 is a "
                        "daily post, which builds a habit."),
          text_field("weekdays", "",
                     "Weekdays it goes out on, e.g. \"mon,wed,fri\" (day 0 is a Monday); \"\": none.",
                     check_weekdays),
          integer_field("start_day", 0, 0, kMaxDays, "day", "First day it may go out."),
          integer_field("end_day", -1, -1, kMaxDays, "day", "Last day it may go out; -1: the horizon."),
          integer_field("segment", -1, -1, kSegmentCount - 1, "",
                        "Only groups of this segment (0 fish pond, 1 new users, 2 training camp, "
                        "3 paid); -1: every group."),
      },
      "The content calendar: posts the operator publishes to its groups. A post goes out on "
      "its one-off day, every every_days from start_day, and on its weekdays, within "
      "[start_day, end_day]. Empty: no operator content.",
      check_record);
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
    post.day = int(list.integer(i, "day"));
    post.every_days = int(list.integer(i, "every_days"));
    parse_weekdays(list.text(i, "weekdays"), post.weekdays);
    post.start_day = int(list.integer(i, "start_day"));
    post.end_day = int(list.integer(i, "end_day"));
    post.segment = int(list.integer(i, "segment"));
  }
  return posts;
}

}  // namespace commsim::models
