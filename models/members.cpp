#include "models/members.hpp"

#include <boost/random/beta_distribution.hpp>

namespace commsim::models {
namespace {

constexpr Purpose kAttributeDraw{150};

boost::random::beta_distribution<double> beta_with_mean(double mean, double concentration) {
  return boost::random::beta_distribution<double>(mean * concentration, (1 - mean) * concentration);
}

class Members final : public Behaviour {
 public:
  explicit Members(const ParameterSet& p)
      : interest_(beta_with_mean(p.real("members.interest_mean"), p.real("members.interest_concentration"))),
        attention_(beta_with_mean(p.real("members.attention_mean"), 4.0)),
        price_(beta_with_mean(p.real("members.price_sensitivity_mean"), 4.0)),
        trust_(float(p.real("members.initial_trust"))) {}

  // Called concurrently for disjoint ranges: each call draws with its own
  // copies of the distributions (Boost's may keep state between draws).
  void init_members(const DayContext& ctx, Population& pop, MemberRange added) override {
    auto interest = interest_, attention = attention_, price = price_;
    for (std::uint32_t i = added.begin; i < added.end; ++i) {
      RandomStream stream(ctx.key, i, kAttributeDraw);
      interest.reset();
      attention.reset();
      price.reset();
      pop.interest[i] = float(interest(stream));
      pop.attention[i] = float(attention(stream));
      pop.price_sensitivity[i] = float(price(stream));
      pop.trust[i] = trust_;
    }
  }

 private:
  boost::random::beta_distribution<double> interest_, attention_, price_;
  float trust_;
};

}  // namespace

ModuleDefinition members_module() {
  return {
      .name = "members",
      .help = "Attributes of each person, drawn when the person is created: interest match with "
              "the group's theme, attention free for the group (WeChat is opened ~9 times a day "
              "but shared with every other group), price sensitivity, initial trust.",
      .declare_parameters =
          [](ParamRegistry& p) {
            p.real("members.interest_mean", 0.6, 0.01, 0.99, "fraction",
                   "Mean interest match with the group's theme (Beta distributed).");
            p.real("members.interest_concentration", 4.0, 0.1, 1000.0, "",
                   "Beta concentration a + b of interest; larger means more alike members.");
            p.real("members.attention_mean", 0.8, 0.01, 0.99, "fraction",
                   "Mean share of a member's attention free for this group (Beta, a + b = 4); "
                   "scales every visit.");
            p.real("members.price_sensitivity_mean", 0.5, 0.01, 0.99, "fraction",
                   "Mean price sensitivity (Beta, a + b = 4): 0 buys at any price, 1 never pays.");
            p.real("members.initial_trust", 0.1, 0.0, 1.0, "fraction",
                   "Trust in the operator when a person joins.");
          },
      .declare_outputs = [](ModelLayout& layout) { layout.purpose(kAttributeDraw, "members.attributes"); },
      .create = [](const ParameterSet& p, const ModelLayout&) -> std::unique_ptr<Behaviour> {
        return std::make_unique<Members>(p);
      },
  };
}

}  // namespace commsim::models
