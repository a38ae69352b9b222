#include "models/churn.hpp"

#include <algorithm>
#include <cmath>

#include "models/member_fields.hpp"
#include "sim/random_batch.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kLeaveDraw{300};

struct ChurnSettings {
  double base_hazard, disengaged_hazard, shape;
  int strong_tie_meetups;
  double strong_tie_factor;
};

const SettingsBinding<ChurnSettings>& churn_keys() {
  static const auto keys =
      SettingsBinding<ChurnSettings>("churn")
          .real(&ChurnSettings::base_hazard, "base_hazard", 0.001, 0.0, 1.0, "probability/day",
                "Daily chance of leaving for a fully engaged member.")
          .real(&ChurnSettings::disengaged_hazard, "disengaged_hazard", 0.02, 0.0, 1.0, "probability/day",
                "Extra daily chance of leaving for a member with engagement 0.")
          .real(&ChurnSettings::shape, "shape", 2.0, 0.1, 10.0, "",
                "Curvature: larger keeps the hazard low until engagement is nearly gone.")
          .integer(&ChurnSettings::strong_tie_meetups, "strong_tie_meetups", 3, 0, 255, "meetups",
                   "Members with more offline meetups than this have a strong tie.")
          .real(&ChurnSettings::strong_tie_factor, "strong_tie_factor", 0.2, 0.0, 1.0, "",
                "Hazard multiplier for members with a strong tie (rarely churn).");
  return keys;
}

class Churn final : public Behaviour {
 public:
  Churn(const ParameterSet& p, const ModuleLayout& layout)
      : Churn(churn_keys().read(p), layout) {}
  Churn(const ChurnSettings& s, const ModuleLayout& layout)
      : strong_tie_meetups_(s.strong_tie_meetups),
        strong_tie_factor_(s.strong_tie_factor),
        churned_(layout.metric(metrics::kChurned)),
        strong_ties_(layout.metric("strong_ties")),
        strong_tie_churned_(layout.metric("strong_tie_churned")),
        engagement_(layout.column<float>(fields::kEngagement)),
        meetups_(layout.column<std::uint8_t>(fields::kMeetups)) {
    // Tabulated on a fine engagement grid: no pow() per member-day.
    for (int k = 0; k <= kSteps; ++k)
      hazard_[k] = s.base_hazard + s.disengaged_hazard * std::pow(1.0 - double(k) / kSteps, s.shape);
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    // In batches: first every member's draw (no branches), then decisions.
    constexpr std::size_t kBatch = 256;
    std::uint32_t draw[kBatch];
    const std::span<const std::uint32_t> members = chunk.members;
    const auto engagement = pop.column(engagement_);
    const auto meetups = pop.column(meetups_);
    for (std::size_t at = 0; at < members.size(); at += kBatch) {
      const std::size_t n = std::min(kBatch, members.size() - at);
      first_words(ctx.key, members.subspan(at, n), kLeaveDraw, draw);
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint32_t i = members[at + k];
        if (is_member(pop.state[i])) decide(pop, i, engagement[i], meetups[i], draw[k], tally);
      }
    }
  }

 private:
  void decide(Population& pop, std::uint32_t i, float engagement, std::uint8_t meetups, std::uint32_t draw,
              DayTally& tally) const {
    const int step = static_cast<int>(engagement * kSteps + 0.5f);
    // More than strong_tie_meetups offline meetups make a strong tie.
    const bool strong = meetups > strong_tie_meetups_;
    const double tie = strong ? strong_tie_factor_ : 1.0;
    if (strong) tally.add(strong_ties_);
    if (draw * 0x1p-32 < hazard_[step] * tie) {  // as RandomStream::bernoulli
      pop.state[i] = MemberState::Churned;
      tally.add(churned_);
      if (strong) tally.add(strong_tie_churned_);
    }
  }

  static constexpr int kSteps = 1024;
  double hazard_[kSteps + 1];
  int strong_tie_meetups_;
  double strong_tie_factor_;
  MetricId churned_, strong_ties_, strong_tie_churned_;
  Column<float> engagement_;
  Column<std::uint8_t> meetups_;
};

}  // namespace

ModuleDefinition churn_module() {
  return {
      .name = "churn",
      .help = "Members leave on their own. Daily hazard = base_hazard + disengaged_hazard x "
              "(1 - engagement)^shape, engagement as set that day; times strong_tie_factor for "
              "members with more than strong_tie_meetups offline meetups.",
      .declare_parameters = [](ParamRegistry& p) { churn_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("churned", MetricKind::Flow, "people d-1",
                          "Members who left on their own that day.", Better::Lower);
            layout.metric("strong_ties", MetricKind::Level, "people",
                          "Members with a strong tie (more than strong_tie_meetups offline "
                          "meetups) facing the day's churn draw.");
            layout.metric("strong_tie_churned", MetricKind::Flow, "people d-1",
                          "Members with a strong tie who left that day.", Better::Lower);
            layout.purpose(kLeaveDraw, "churn.leave");
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0: everyone at the disengaged hazard");
            layout.reads(Item::Column, fields::kMeetups, When::Today, "0: no strong ties");
          },
      .create = make_module<Churn>,
  };
}

}  // namespace commsim::models
