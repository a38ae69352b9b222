#include "models/activity.hpp"

#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

namespace commsim::models {
namespace {

constexpr Purpose kInterestDraw{200};
constexpr Purpose kDailyDraw{201};

class Activity final : public Behaviour {
 public:
  Activity(const ParameterSet& p, const ModelLayout& layout)
      : visit_base_(p.real("activity.visit_base")),
        social_weight_(p.real("activity.social_weight")),
        social_scale_(p.real("activity.social_scale")),
        post_probability_(p.real("activity.post_probability")),
        extra_messages_(p.real("activity.messages_per_poster") - 1.0),
        memory_(1.0 / p.real("activity.memory_days")),
        interest_(p.real("activity.interest_mean") * p.real("activity.interest_concentration"),
                  (1.0 - p.real("activity.interest_mean")) *
                      p.real("activity.interest_concentration")),
        extra_message_count_(std::max(extra_messages_, 1e-9)),
        active_(layout.metric_id("active")),
        posters_(layout.metric_id("posters")),
        messages_(layout.metric_id("messages")),
        group_messages_(layout.group_counter_id("messages")) {
    // honeymoon(age) = settled + (1 - settled) exp(-age / tau), tabulated once.
    const double settled = p.real("activity.settled_level");
    const double tau = p.real("activity.honeymoon_days");
    honeymoon_.resize(kMaxDays + 1);
    for (int age = 0; age <= kMaxDays; ++age)
      honeymoon_[age] = float(settled + (1.0 - settled) * std::exp(-age / tau));
  }

  void init_members(const DayContext& ctx, Population& pop, MemberRange added) override {
    for (std::uint32_t i = added.begin; i < added.end; ++i) {
      RandomStream stream(ctx.key, i, kInterestDraw);
      pop.interest[i] = float(interest_(stream));
    }
  }

  void update_members(const DayContext& ctx, Population& pop, MemberRange chunk,
                      DayTally& tally) override {
    for (std::uint32_t i = chunk.begin; i < chunk.end; ++i) {
      if (!is_member(pop.state[i])) continue;
      const std::uint32_t g = pop.group[i];
      const int age = ctx.day - pop.join_day[i];
      const float social = g < social_pull_.size() ? social_pull_[g] : 0.0f;
      const float engagement =
          std::min(1.0f, pop.interest[i] * (honeymoon_[age] + float(social_weight_) * social));
      pop.engagement[i] = engagement;
      pop.state[i] = age < kNewcomerDays ? MemberState::Newcomer : MemberState::Active;

      RandomStream stream(ctx.key, i, kDailyDraw);
      if (!stream.bernoulli(visit_base_ * engagement)) continue;
      pop.last_active_day[i] = ctx.day;
      tally.add(active_);
      if (!stream.bernoulli(post_probability_ * engagement)) continue;
      const std::int64_t sent = 1 + (extra_messages_ > 0 ? extra_message_count_(stream) : 0);
      tally.add(posters_);
      tally.add(messages_, sent);
      tally.add_group(group_messages_, g, sent);
    }
  }

  // The group's chat memory: an exponential moving average of messages per
  // member per day, read by tomorrow's members as the social pull.
  void end_day(const DayContext& ctx, const Population&, const DayTally& today,
               DayMetrics&) override {
    const std::uint32_t groups = ctx.groups.count();
    recent_messages_.resize(groups, 0.0);
    social_pull_.resize(groups, 0.0f);
    for (std::uint32_t g = 0; g < groups; ++g) {
      const std::uint32_t size = ctx.groups.size[g];
      const double per_member = size ? double(today.group(group_messages_, g)) / size : 0.0;
      recent_messages_[g] += memory_ * (per_member - recent_messages_[g]);
      social_pull_[g] = float(1.0 - std::exp(-recent_messages_[g] / social_scale_));
    }
  }

 private:
  static constexpr int kNewcomerDays = 7;
  double visit_base_;
  double social_weight_;
  double social_scale_;
  double post_probability_;
  double extra_messages_;
  double memory_;
  boost::random::beta_distribution<double> interest_;
  boost::random::poisson_distribution<int, double> extra_message_count_;
  MetricId active_, posters_, messages_;
  GroupCounterId group_messages_;
  std::vector<float> honeymoon_;         // by age in days
  std::vector<double> recent_messages_;  // by group
  std::vector<float> social_pull_;       // by group, 0..1
};

}  // namespace

ModuleDefinition activity_module() {
  return {
      .name = "activity",
      .help = "Daily visit and post decisions. engagement = interest x (honeymoon(age) + "
              "social_weight x social_pull(group)); P(visit) = visit_base x engagement; "
              "P(post | visit) = post_probability x engagement.",
      .declare_parameters =
          [](ParamRegistry& p) {
            p.real("activity.visit_base", 0.9, 0.0, 1.0, "probability/day",
                   "Visit probability of a member with engagement 1.");
            p.real("activity.honeymoon_days", 7.0, 0.1, 3650.0, "days",
                   "Time constant of the newcomer's decay from full to settled engagement.");
            p.real("activity.settled_level", 0.1, 0.0, 1.0, "fraction",
                   "Engagement left, relative to a newcomer's, once the honeymoon is over.");
            p.real("activity.social_weight", 0.4, 0.0, 10.0, "engagement",
                   "Engagement added by a group whose chat is at full pull.");
            p.real("activity.social_scale", 1.0, 0.001, 1000.0, "messages/member/day",
                   "Recent chat at which the social pull reaches 63% of full.");
            p.real("activity.memory_days", 3.0, 1.0, 365.0, "days",
                   "Time constant of the group's memory of recent chat.");
            p.real("activity.post_probability", 0.35, 0.0, 1.0, "probability",
                   "Chance that a visiting member with engagement 1 posts.");
            p.real("activity.messages_per_poster", 3.0, 1.0, 1000.0, "messages",
                   "Mean messages a posting member sends that day (1 + Poisson).");
            p.real("activity.interest_mean", 0.6, 0.01, 0.99, "fraction",
                   "Mean interest match of joiners with the group's theme (Beta distributed).");
            p.real("activity.interest_concentration", 4.0, 0.1, 1000.0, "",
                   "Beta concentration a + b of interest; larger means more alike members.");
          },
      .declare_outputs =
          [](ModelLayout& layout) {
            layout.metric("active", MetricKind::Flow, "people/day",
                          "Members who visited the group that day.");
            layout.metric("posters", MetricKind::Flow, "people/day",
                          "Members who posted at least one message that day.");
            layout.metric("messages", MetricKind::Flow, "messages/day",
                          "Messages posted by members that day.");
            layout.group_counter("messages");
            layout.purpose(kInterestDraw, "activity.interest");
            layout.purpose(kDailyDraw, "activity.daily");
          },
      .create = [](const ParameterSet& p, const ModelLayout& layout) -> std::unique_ptr<Behaviour> {
        return std::make_unique<Activity>(p, layout);
      },
  };
}

}  // namespace commsim::models
