#include "models/members.hpp"

#include <boost/random/beta_distribution.hpp>

#include "models/member_fields.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kAttributeDraw{150};

boost::random::beta_distribution<double> beta_with_mean(double mean, double concentration) {
  return boost::random::beta_distribution<double>(mean * concentration, (1 - mean) * concentration);
}

struct MembersSettings {
  double interest_mean, interest_concentration, attention_mean, price_sensitivity_mean;
  float initial_trust;
};

const SettingsBinding<MembersSettings>& members_keys() {
  static const auto keys =
      SettingsBinding<MembersSettings>("members")
          .real(&MembersSettings::interest_mean, "interest_mean", 0.6, 0.01, 0.99, "fraction",
                "Mean interest match with the group's theme (Beta distributed).")
          .real(&MembersSettings::interest_concentration, "interest_concentration", 4.0, 0.1, 1000.0, "",
                "Beta concentration a + b of interest; larger means more alike members.")
          .real(&MembersSettings::attention_mean, "attention_mean", 0.8, 0.01, 0.99, "fraction",
                "Mean share of a member's attention free for this group (Beta, a + b = 4); scales every "
                "visit.")
          .real(&MembersSettings::price_sensitivity_mean, "price_sensitivity_mean", 0.5, 0.01, 0.99, "fraction",
                "Mean price sensitivity (Beta, a + b = 4): 0 buys at any price, 1 never pays.")
          .real(&MembersSettings::initial_trust, "initial_trust", 0.1, 0.0, 1.0, "fraction",
                "Trust in the operator when a person joins.");
  return keys;
}

class Members final : public Behaviour {
 public:
  Members(const ParameterSet& p, const ModuleLayout& layout) : Members(members_keys().read(p), layout) {}
  Members(const MembersSettings& s, const ModuleLayout& layout)
      : interest_(beta_with_mean(s.interest_mean, s.interest_concentration)),
        attention_(beta_with_mean(s.attention_mean, 4.0)),
        price_(beta_with_mean(s.price_sensitivity_mean, 4.0)),
        trust_(s.initial_trust),
        interest_column_(layout.column<float>(fields::kInterest)),
        attention_column_(layout.column<float>(fields::kAttention)),
        price_column_(layout.column<float>(fields::kPriceSensitivity)),
        trust_column_(layout.column<float>(fields::kTrust)) {}

  // Called concurrently for disjoint ranges: each call draws with its own
  // copies of the distributions (Boost's may keep state between draws).
  void init_members(const DayContext& ctx, Population& pop, MemberRange added) override {
    auto interest = interest_, attention = attention_, price = price_;
    const auto interest_of = pop.column(interest_column_), attention_of = pop.column(attention_column_),
               price_of = pop.column(price_column_), trust_of = pop.column(trust_column_);
    for (std::uint32_t i = added.begin; i < added.end; ++i) {
      RandomStream stream(ctx.key, i, kAttributeDraw);
      interest.reset();
      attention.reset();
      price.reset();
      interest_of[i] = float(interest(stream));
      attention_of[i] = float(attention(stream));
      price_of[i] = float(price(stream));
      trust_of[i] = trust_;
    }
  }

 private:
  boost::random::beta_distribution<double> interest_, attention_, price_;
  float trust_;
  Column<float> interest_column_, attention_column_, price_column_, trust_column_;
};

}  // namespace

ModuleDefinition members_module() {
  return {
      .name = "members",
      .help = "Attributes of each person, drawn when the person is created: interest match with "
              "the group's theme, attention free for the group (WeChat is opened ~9 times a day "
              "but shared with every other group), price sensitivity, initial trust.",
      .declare_parameters = [](ParamRegistry& p) { members_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.column(fields::kInterest, 0.0f, "Match with the group's theme, 0..1.");
            layout.column(fields::kAttention, 1.0f, "Share of attention free for the group, 0..1.");
            layout.column(fields::kPriceSensitivity, 0.5f, "0 (buys at any price) .. 1 (never pays).");
            layout.column(fields::kTrust, 0.0f, "Trust in the operator, 0..1 (the funnel moves it).");
            layout.purpose(kAttributeDraw, "members.attributes");
          },
      .create = make_module<Members>,
  };
}

}  // namespace commsim::models
