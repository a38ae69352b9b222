#include "models/content.hpp"

#include <algorithm>
#include <array>

#include "models/content_calendar.hpp"
#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct ContentSettings {
  std::vector<Post> posts;
  std::array<double, kPostTypeCount> weight;
  double live_course_structure, habit_gain;
  int max_helpful_posts_per_day;
  double overload_penalty;
};

const SettingsBinding<ContentSettings>& content_keys() {
  using S = ContentSettings;
  static const auto keys = [] {
    SettingsBinding<S> keys("content");
    keys.list(&S::posts, "posts", post_record(),
              "The content calendar: posts the operator publishes to its groups. A post goes out on "
              "its one-off day, every every_days from start_day, and on its weekdays, within "
              "[start_day, end_day]. Empty: no operator content.",
              post_check());
    // Judgement: the texts rank what members come for (dry goods, live
    // courses) above chit-chat topics, but give no numbers.
    const std::array<double, kPostTypeCount> defaults = {0.15, 0.3, 0.25, 0.4, 0.5, 0.2};
    const std::array<const char*, kPostTypeCount> what = {
        "a universal (chit-chat) topic", "a professional topic", "a personalised topic",
        "a dry-goods (practical know-how) post", "a live course", "a morning report"};
    for (int t = 0; t < kPostTypeCount; ++t)
      keys.real(&S::weight, std::size_t(t), std::string("weight_") + kPostTypeNames[t], defaults[t], 0.0, 10.0,
                "content value", std::string("Content value of ") + what[t] + " of quality 1 with no selling.");
    keys.real(&S::live_course_structure, "live_course_structure", 0.5, 0.0, 1.0, "structure",
              "Structure a live course adds to its group that day (events hold groups above "
              "the chat regime size together).")
        .real(&S::habit_gain, "habit_gain", 0.01, 0.0, 1.0, "fraction/day",
              "Share of the missing attachment a member gains each day it comes while the "
              "daily post goes out (a fixed daily 8:00 post builds a habit).")
        .integer(&S::max_helpful_posts_per_day, "max_helpful_posts_per_day", 5, 0, 1000, "posts/day",
                 "Posts a day in one group that still help (posting 3 to 5 times a day is "
                 "the most that helps); later posts add no value.")
        .real(&S::overload_penalty, "overload_penalty", 0.2, 0.0, 10.0, "overload",
              "Annoyance (overload signal) each post beyond the helpful number adds.");
    return keys;
  }();
  return keys;
}

// What one day's posts give one segment's groups.
struct SegmentDay {
  int posts = 0;
  float value = 0, sales = 0, structure = 0, overload = 0;
};

class Content final : public Behaviour {
 public:
  Content(const ParameterSet& p, const ModuleLayout& layout) : Content(content_keys().read(p), layout) {}
  Content(const ContentSettings& s, const ModuleLayout& layout)
      : posts_(s.posts),
        weight_(s.weight),
        live_structure_(float(s.live_course_structure)),
        habit_gain_(float(s.habit_gain)),
        max_helpful_(s.max_helpful_posts_per_day),
        overload_penalty_(float(s.overload_penalty)),
        operator_posts_metric_(layout.metric("operator_posts")),
        operator_posts_(layout.group_signal("operator_posts")),
        content_value_(layout.group_signal("content_value")),
        sales_pressure_(layout.group_signal("sales_pressure")),
        overload_(layout.group_signal("overload")),
        structure_(layout.group_signal("structure")),
        last_active_day_(layout.column<Day>(fields::kLastActiveDay)),
        attachment_(layout.column<float>(fields::kAttachment)) {}

  void begin_day(const DayContext& ctx, OperatorActions& actions) override {
    today_.clear();
    for (std::size_t k = 0; k < posts_.size(); ++k)
      if (posts_[k].published_on(ctx.day)) today_.push_back(k);
    // The day's posts in the order they go out: the late ones are the excess.
    std::stable_sort(today_.begin(), today_.end(),
                     [&](std::size_t a, std::size_t b) { return posts_[a].hour < posts_[b].hour; });
    std::array<SegmentDay, kSegmentCount> segment_day{};
    for (int s = 0; s < kSegmentCount; ++s) {
      habit_yesterday_[s] = false;
      for (const Post& post : posts_)
        if (post.daily_habit() && post.reaches(Segment(s)) && ctx.day > 0 &&
            post.published_on(ctx.day - 1))
          habit_yesterday_[s] = true;
      SegmentDay& out = segment_day[s];
      for (std::size_t k : today_) {
        const Post& post = posts_[k];
        if (!post.reaches(Segment(s))) continue;
        out.sales += float(post.sales_share);
        if (out.posts++ < max_helpful_) {
          out.value += float(post.quality * weight_[int(post.type)] * (1.0 - post.sales_share));
          if (post.type == PostType::LiveCourse) out.structure += live_structure_;
        } else {
          // Beyond what members can take in: unread, and annoying.
          out.overload += overload_penalty_;
        }
      }
    }
    posts_today_ = 0;
    for (std::uint32_t g = 0; g < ctx.groups.count(); ++g) {
      const SegmentDay& day = segment_day[int(ctx.groups.segment[g])];
      if (ctx.groups.size[g] == 0 || day.posts == 0) continue;
      posts_today_ += day.posts;
      actions.add_signal(operator_posts_, g, float(day.posts));
      actions.add_signal(content_value_, g, day.value);
      actions.add_signal(sales_pressure_, g, day.sales);
      actions.add_signal(overload_, g, day.overload);
      actions.add_signal(structure_, g, day.structure);
    }
  }

  // Habit: a member who came yesterday, when the daily post went out, comes
  // to expect it.
  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally&) override {
    if (std::none_of(habit_yesterday_.begin(), habit_yesterday_.end(), [](bool b) { return b; }))
      return;
    const Day yesterday = Day(ctx.day - 1);
    const auto last_active_day = pop.column(last_active_day_);
    const auto attachment = pop.column(attachment_);
    // Without branches (whether a member visited yesterday is a coin flip):
    // a member who did not form the habit gains exactly 0.
    for (const std::uint32_t i : chunk.members) {
      const std::uint32_t g = pop.group[i];
      const bool habit = is_member(pop.state[i]) & (last_active_day[i] == yesterday) &
                         (ctx.groups.created_day[g] < ctx.day) & habit_yesterday_[int(ctx.groups.segment[g])];
      attachment[i] += float(habit) * habit_gain_ * (1.0f - attachment[i]);
    }
  }

  void end_day(const DayContext&, const Population&, DayTally&, DayMetrics& m) override {
    m.set(operator_posts_metric_, double(posts_today_));
  }

 private:
  std::vector<Post> posts_;
  std::array<double, kPostTypeCount> weight_{};
  float live_structure_, habit_gain_;
  int max_helpful_;
  float overload_penalty_;
  MetricId operator_posts_metric_;
  SignalId operator_posts_, content_value_, sales_pressure_, overload_, structure_;
  Column<Day> last_active_day_;
  Column<float> attachment_;
  std::vector<std::size_t> today_;  // indices of today's posts, in publishing order
  std::array<bool, kSegmentCount> habit_yesterday_{};
  std::int64_t posts_today_ = 0;
};

}  // namespace

ModuleDefinition content_module() {
  return {
      .name = "content",
      .help = "The operator's content calendar. Each post published today in a group adds "
              "quality x weight_<type> x (1 - sales_share) to its content_value (the first "
              "max_helpful_posts_per_day posts of the day only), sales_share to its "
              "sales_pressure, and for live courses live_course_structure to its structure; each "
              "post beyond the helpful number adds overload_penalty to the overload signal. A member "
              "who visited yesterday while a daily post went out gains habit_gain x "
              "(1 - attachment) attachment.",
      .declare_parameters = [](ParamRegistry& p) { content_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("operator_posts", MetricKind::Flow, "posts d-1",
                          "Operator posts published that day, summed over the groups with "
                          "members they went to.", Better::Neither);
            layout.group_signal("operator_posts");
            layout.group_signal("content_value");
            layout.group_signal("sales_pressure");
            layout.group_signal("overload");
            layout.group_signal("structure");
            layout.reads(Item::Column, fields::kLastActiveDay, When::Yesterday,
                         "never visited: nobody builds a habit");
            layout.writes(Item::Column, fields::kAttachment);
          },
      .create = make_module<Content>,
  };
}

}  // namespace commsim::models
