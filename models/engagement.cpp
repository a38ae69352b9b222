#include "models/engagement.hpp"

#include <algorithm>
#include <cmath>

#include "models/ad_share.hpp"
#include "models/member_fields.hpp"
#include "models/participation.hpp"

#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

struct EngagementSettings {
  double honeymoon_days;
  double settled_level;
  double attachment_weight;
  double social_weight;
  double social_scale;
  double kol_message_weight;
  double memory_days;
  double chat_regime_size;
  double large_group_cohesion_exponent;
  double content_weight;
  double social_proof_weight;
  double ad_penalty;
  double hard_sell_penalty;
  double hard_sell_attachment_loss;
  double sales_trust_threshold;
  double overload_weight;
};

const SettingsBinding<EngagementSettings>& engagement_keys() {
  static const auto keys =
      SettingsBinding<EngagementSettings>("engagement")
          .real(&EngagementSettings::honeymoon_days, "honeymoon_days", 7.0, 0.1, 3650.0, "days",
                "Time constant of a newcomer's decay from full to settled engagement (lively for the first "
                "7 days).")
          .real(&EngagementSettings::settled_level, "settled_level", 0.1, 0.0, 1.0, "fraction",
                "Engagement left of the honeymoon once it is over.")
          .real(&EngagementSettings::attachment_weight, "attachment_weight", 0.6, 0.0, 10.0, "engagement",
                "Engagement from full attachment (tie strength to the group).")
          .real(&EngagementSettings::social_weight, "social_weight", 0.5, 0.0, 10.0, "engagement",
                "Engagement from a group whose chat is at full pull.")
          .real(&EngagementSettings::social_scale, "social_scale", 0.3, 0.001, 1000.0, "messages/member/day",
                "Recent chat at which the pull reaches 63% of full.")
          .real(&EngagementSettings::kol_message_weight, "kol_message_weight", 4.0, 0.0, 100.0, "messages",
                "How many ordinary messages one KOL message is worth to readers.")
          .real(&EngagementSettings::memory_days, "memory_days", 3.0, 1.0, 365.0, "days",
                "Time constant of a group's memory of recent chat and ad share.")
          .real(&EngagementSettings::chat_regime_size, "chat_regime_size", 50.0, 2.0, 100000.0, "people",
                "Below this size a group chats on its own (semi-acquaintance mode).")
          .real(&EngagementSettings::large_group_cohesion_exponent, "large_group_cohesion_exponent", 1.0, 0.0, 10.0, "",
                "Above the regime size chat pull falls as (regime_size / size)^exponent unless rules and "
                "events (the structure signal) hold the group together.")
          .real(&EngagementSettings::content_weight, "content_weight", 0.5, 0.0, 100.0, "engagement",
                "Engagement per unit of today's operator content value in the group.")
          .real(&EngagementSettings::social_proof_weight, "social_proof_weight", 0.5, 0.0, 10.0, "engagement",
                "Engagement a newcomer gets from a group where everyone visibly talks (yesterday's posters "
                "/ members).")
          .real(&EngagementSettings::ad_penalty, "ad_penalty", 0.8, 0.0, 1.0, "fraction",
                "Engagement lost when all of a group's traffic is ads.")
          .real(&EngagementSettings::hard_sell_penalty, "hard_sell_penalty", 0.5, 0.0, 10.0, "engagement",
                "Engagement lost per unit of sales pressure by a member with no trust.")
          .real(&EngagementSettings::hard_sell_attachment_loss, "hard_sell_attachment_loss", 0.2, 0.0, 1.0, "attachment",
                "Lasting attachment lost per unit of sales pressure by a member with no trust.")
          .real(&EngagementSettings::sales_trust_threshold, "sales_trust_threshold", 0.5, 0.01, 1.0, "trust",
                "Trust above which selling no longer drives a member away.")
          .real(&EngagementSettings::overload_weight, "overload_weight", 0.5, 0.0, 10.0, "engagement",
                "Engagement lost per unit of the overload signal (posts beyond what members can take in), "
                "whatever the member's trust.");
  return keys;
}

class Engagement final : public Behaviour {
 public:
  Engagement(const ParameterSet& p, const ModuleLayout& layout)
      : Engagement(engagement_keys().read(p), newcomer_days(p), layout) {}
  // newcomer_days: participation's, so that both count the same members as newcomers.
  Engagement(const EngagementSettings& s, int newcomer_days, const ModuleLayout& layout)
      : attachment_weight_(float(s.attachment_weight)),
        social_weight_(float(s.social_weight)),
        social_scale_(s.social_scale),
        kol_weight_(s.kol_message_weight),
        memory_(1.0 / s.memory_days),
        regime_size_(s.chat_regime_size),
        cohesion_exponent_(s.large_group_cohesion_exponent),
        content_weight_(float(s.content_weight)),
        proof_weight_(float(s.social_proof_weight)),
        ad_penalty_(float(s.ad_penalty)),
        sales_penalty_(float(s.hard_sell_penalty)),
        sales_attachment_loss_(float(s.hard_sell_attachment_loss)),
        trust_threshold_(float(s.sales_trust_threshold)),
        overload_weight_(float(s.overload_weight)),
        newcomer_days_(newcomer_days),
        messages_(layout.group_counter("messages")),
        kol_messages_(layout.group_counter("kol_messages")),
        ads_(layout.group_counter("ads")),
        posters_(layout.group_counter("posters")),
        content_value_(layout.group_signal("content_value")),
        sales_pressure_(layout.group_signal("sales_pressure")),
        structure_(layout.group_signal("structure")),
        overload_(layout.group_signal("overload")),
        engagement_(layout.column<float>(fields::kEngagement)),
        attachment_(layout.column<float>(fields::kAttachment)),
        interest_(layout.column<float>(fields::kInterest)),
        trust_(layout.column<float>(fields::kTrust)) {
    // honeymoon(age) = settled + (1 - settled) exp(-age / tau), tabulated once.
    const double settled = s.settled_level;
    const double tau = s.honeymoon_days;
    honeymoon_.resize(kMaxDays + 1);
    for (int age = 0; age <= kMaxDays; ++age)
      honeymoon_[age] = float(settled + (1.0 - settled) * std::exp(-age / tau));
  }

  // Group terms for today from yesterday's counters. Operator signals are
  // read in the member phase, when every module has set them.
  void begin_day(const DayContext& ctx, OperatorActions&) override {
    const std::uint32_t groups = ctx.groups.count();
    chat_.resize(groups, 0.0);
    ad_share_.resize(groups, 0.0);
    group_.resize(groups);
    for (std::uint32_t g = 0; g < groups; ++g) {
      const double size = ctx.groups.size[g];
      if (ctx.day > 0 && size > 0) {
        const std::int64_t messages = ctx.yesterday.group(messages_, g);
        const std::int64_t kol = ctx.yesterday.group(kol_messages_, g);
        const std::int64_t ads = ctx.yesterday.group(ads_, g);
        chat_[g] += memory_ * ((double(messages) + kol_weight_ * double(kol)) / size - chat_[g]);
        // A day without any traffic says nothing about the share: the average stays.
        const double share = ad_share(ads, messages, kol).value_or(ad_share_[g]);
        ad_share_[g] += memory_ * (share - ad_share_[g]);
      }
      // Below the regime size a group chats on its own; above it, cohesion
      // falls with size unless rules and events (structure) hold it together.
      GroupTerms& t = group_[g];
      t.pull = social_weight_ * float(1.0 - std::exp(-chat_[g] / social_scale_));
      t.unstructured_cohesion =
          size <= regime_size_ ? 1.0f : float(std::pow(regime_size_ / size, cohesion_exponent_));
      t.proof = size > 0 ? proof_weight_ * float(ctx.yesterday.group(posters_, g) / size) : 0.0f;
      t.ad_factor = 1.0f - ad_penalty_ * float(ad_share_[g]);
    }
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally&) override {
    const auto engagement = pop.column(engagement_);
    const auto attachment = pop.column(attachment_);
    const auto interest = pop.column(interest_);
    const auto trust = pop.column(trust_);
    for (const std::uint32_t i : chunk.members) {
      if (!is_member(pop.state[i])) continue;
      const std::uint32_t g = pop.group[i];
      const GroupTerms& t = group_[g];
      const float structure = std::min(1.0f, ctx.signals.get(structure_, g));
      const float cohesion = structure + (1.0f - structure) * t.unstructured_cohesion;
      const int age = ctx.day - pop.join_day[i];
      float value = honeymoon_[age] + attachment_weight_ * attachment[i] + t.pull * cohesion +
                    content_weight_ * ctx.signals.get(content_value_, g);
      // Newcomers are the members younger than newcomer_days, as participation
      // counts them (the state it wrote yesterday still says newcomer at that age).
      if (age < newcomer_days_) value += t.proof;
      // Too many posts a day annoy everyone, trusting or not.
      float e = interest[i] * value * t.ad_factor - overload_weight_ * ctx.signals.get(overload_, g);
      if (const float sales = ctx.signals.get(sales_pressure_, g); sales > 0.0f) {
        // Selling before trust is built drives the member away.
        const float distrust = std::max(0.0f, 1.0f - trust[i] / trust_threshold_);
        e -= sales_penalty_ * sales * distrust;
        attachment[i] = std::max(0.0f, attachment[i] - sales_attachment_loss_ * sales * distrust);
      }
      engagement[i] = std::clamp(e, 0.0f, 1.0f);
    }
  }

 private:
  struct GroupTerms {
    float pull = 0;                   // social_weight x chat pull
    float unstructured_cohesion = 1;  // 1 below the regime size
    float proof = 0;                  // newcomers' social proof
    float ad_factor = 1;
  };
  float attachment_weight_, social_weight_;
  double social_scale_, kol_weight_, memory_, regime_size_, cohesion_exponent_;
  float content_weight_, proof_weight_, ad_penalty_, sales_penalty_, sales_attachment_loss_,
      trust_threshold_, overload_weight_;
  int newcomer_days_;
  GroupCounterId messages_, kol_messages_, ads_, posters_;
  SignalId content_value_, sales_pressure_, structure_, overload_;
  Column<float> engagement_, attachment_, interest_, trust_;
  std::vector<float> honeymoon_;  // by age in days
  std::vector<double> chat_;      // by group: recent messages per member
  std::vector<double> ad_share_;  // by group: recent share of ads in the traffic
  std::vector<GroupTerms> group_;
};

}  // namespace

ModuleDefinition engagement_module() {
  return {
      .name = "engagement",
      .help = "engagement = clamp(interest x (honeymoon(age) + attachment_weight x attachment + "
              "social_weight x chat_pull x cohesion + content_weight x content_value "
              "[+ social_proof_weight x visible_talk_share for newcomers]) x (1 - ad_penalty x "
              "ad_share) - hard_sell_penalty x sales_pressure x distrust - overload_weight x "
              "overload, 0, 1).",
      .declare_parameters = [](ParamRegistry& p) { engagement_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.column(fields::kEngagement, 0.0f, "Today's propensity to take part, 0..1.");
            layout.reads(Item::Column, fields::kInterest, When::Yesterday, "0: nobody takes part");
            layout.reads(Item::Column, fields::kAttachment, When::Today, "0: no attachment");
            layout.reads(Item::Column, fields::kTrust, When::Yesterday,
                         "0: selling always meets full distrust");
            layout.writes(Item::Column, fields::kAttachment);
            for (const char* counter : {"messages", "kol_messages", "ads", "posters"})
              layout.reads(Item::GroupCounter, counter, When::Yesterday, "0: no chat, no ads");
            for (const char* signal : {"content_value", "sales_pressure", "structure", "overload"})
              layout.reads(Item::Signal, signal, When::Today, "0");
          },
      .create = make_module<Engagement>,
  };
}

double sales_trust_threshold(const ParameterSet& params) {
  return engagement_keys().read(params).sales_trust_threshold;
}

}  // namespace commsim::models
