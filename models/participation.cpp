#include "models/participation.hpp"

#include <algorithm>
#include <array>

#include "models/count_draws.hpp"
#include "models/member_fields.hpp"

#include "sim/random_batch.hpp"
#include "sim/settings_binding.hpp"

namespace commsim::models {
namespace {

constexpr Purpose kDailyDraw{201};

struct ParticipationSettings {
  double visit_base;
  double post_probability;
  double messages_per_poster;
  double kol_post_factor;
  double creator_post_factor;
  double admin_post_factor;
  double spam_post_probability;
  int newcomer_days;
  int active_window_days;
  int dormant_after_days;
};

const SettingsBinding<ParticipationSettings>& participation_keys() {
  static const auto keys =
      SettingsBinding<ParticipationSettings>("participation")
          .real(&ParticipationSettings::visit_base, "visit_base", 0.9, 0.0, 1.0, "probability/day",
                "Visit probability of a member with engagement and attention 1.")
          .real(&ParticipationSettings::post_probability, "post_probability", 0.5, 0.0, 1.0, "probability",
                "Chance that a visiting ordinary member with engagement 1 posts.")
          .real(&ParticipationSettings::messages_per_poster, "messages_per_poster", 3.0, 1.0, 1000.0, "messages",
                "Mean messages a posting member sends that day (1 + Poisson).")
          .real(&ParticipationSettings::kol_post_factor, "kol_post_factor", 3.0, 0.0, 100.0, "",
                "Posting propensity of a KOL relative to an ordinary member.")
          .real(&ParticipationSettings::creator_post_factor, "creator_post_factor", 1.0, 0.0, 100.0, "",
                "Posting propensity of a content creator without rewards (devotion does not last: rewards "
                "add the post_boost signal).")
          .real(&ParticipationSettings::admin_post_factor, "admin_post_factor", 2.0, 0.0, 100.0, "",
                "Posting propensity of an admin relative to an ordinary member.")
          .real(&ParticipationSettings::spam_post_probability, "spam_post_probability", 0.5, 0.0, 1.0, "probability",
                "Chance that a visiting spammer posts ads.")
          .integer(&ParticipationSettings::newcomer_days, "newcomer_days", 7, 0, 365, "days",
                   "Days a joiner counts as a newcomer.")
          .integer(&ParticipationSettings::active_window_days, "active_window_days", 7, 1, 365, "days",
                   "A member who posted within this window is active (a talker).")
          .integer(&ParticipationSettings::dormant_after_days, "dormant_after_days", 14, 1, 365, "days",
                   "A member who has not visited for this long is dormant.");
  return keys;
}

class Participation final : public Behaviour {
 public:
  Participation(const ParameterSet& p, const ModuleLayout& layout) : Participation(participation_keys().read(p), layout) {}
  Participation(const ParticipationSettings& s, const ModuleLayout& layout)
      : visit_base_(float(s.visit_base)),
        post_probability_(float(s.post_probability)),
        extra_messages_(s.messages_per_poster - 1.0),
        spam_probability_(float(s.spam_post_probability)),
        newcomer_days_(int(s.newcomer_days)),
        active_window_(int(s.active_window_days)),
        dormant_after_(int(s.dormant_after_days)),
        extra_message_count_(extra_messages_),
        ids_{layout.metric("active"),  layout.metric("posters"), layout.metric("messages"),
             layout.metric("reads"),   layout.metric("ads"),     layout.metric("dormant"),
             layout.metric("reactivated"), layout.metric("talkers")},
        group_messages_(layout.group_counter("messages")),
        group_kol_messages_(layout.group_counter("kol_messages")),
        group_ads_(layout.group_counter("ads")),
        group_posters_(layout.group_counter("posters")),
        posts_today_(layout.group_signal("operator_posts")),
        spike_(layout.group_signal("attention_spike")),
        post_boost_(layout.group_signal("post_boost")),
        columns_{layout.column<float>(fields::kEngagement), layout.column<float>(fields::kAttention),
                 layout.column<Role>(fields::kRole), layout.column<Day>(fields::kLastActiveDay),
                 layout.column<Day>(fields::kLastPostDay)} {
    role_post_factor_[int(Role::Ordinary)] = 1.0f;
    role_post_factor_[int(Role::Kol)] = float(s.kol_post_factor);
    role_post_factor_[int(Role::Creator)] = float(s.creator_post_factor);
    role_post_factor_[int(Role::VolunteerAdmin)] = float(s.admin_post_factor);
    role_post_factor_[int(Role::PaidAdmin)] = float(s.admin_post_factor);
    role_post_factor_[int(Role::Spammer)] = 0.0f;  // spammers post ads instead
  }

  void update_members(const DayContext& ctx, Population& pop, const MemberChunk& chunk,
                      DayTally& tally) override {
    // In batches, each decision a pass over the batch, so that no coin flip
    // is a branch: first every member's first block of draws, then who
    // visits (word 0 against P(visit)), then the visitors' reads and who
    // posts, then the posters' messages, then everyone's state. Each member's
    // stream is read in the same order as by one member's whole day.
    constexpr std::size_t kBatch = 128;
    RandomStream::Block first[kBatch];
    std::uint32_t visitors[kBatch];  // positions in the batch
    Poster posters[kBatch];
    const std::span<const std::uint32_t> members = chunk.members;
    const Fields f{pop.column(columns_.engagement), pop.column(columns_.attention), pop.column(columns_.role),
                   pop.column(columns_.last_active_day), pop.column(columns_.last_post_day)};
    Counts counts;
    for (std::size_t at = 0; at < members.size(); at += kBatch) {
      const std::span<const std::uint32_t> batch = members.subspan(at, std::min(kBatch, members.size() - at));
      first_blocks(ctx.key, batch, kDailyDraw, first);
      const std::size_t visiting = choose_visitors(ctx, pop, f, batch, first, visitors);
      std::size_t posting = 0;
      for (std::size_t v = 0; v < visiting; ++v)
        posting += visit(ctx, pop, f, batch[visitors[v]], first[visitors[v]], counts, posters[posting]);
      for (std::size_t p = 0; p < posting; ++p) send(ctx, f, posters[p], counts, tally);
      for (const std::uint32_t i : batch)
        if (is_member(pop.state[i])) update_state(ctx.day, pop, f, i, counts);
    }
    counts.add_to(ids_, tally);
  }

 private:
  struct Columns {
    Column<float> engagement, attention;
    Column<Role> role;
    Column<Day> last_active_day, last_post_day;
  };
  struct Fields {
    std::span<float> engagement, attention;
    std::span<Role> role;
    std::span<Day> last_active_day, last_post_day;
  };

  struct Ids {
    MetricId active, posters, messages, reads, ads, dormant, reactivated, talkers;
  };
  // The chunk's metric counts, in locals rather than the tally: most are
  // coin flips, added without branches and stored once.
  struct Counts {
    std::int64_t active = 0, posters = 0, messages = 0, reads = 0, ads = 0, dormant = 0, reactivated = 0,
                 talkers = 0;
    void add_to(const Ids& ids, DayTally& tally) const {
      tally.add(ids.active, active);
      tally.add(ids.posters, posters);
      tally.add(ids.messages, messages);
      tally.add(ids.reads, reads);
      tally.add(ids.ads, ads);
      tally.add(ids.dormant, dormant);
      tally.add(ids.reactivated, reactivated);
      tally.add(ids.talkers, talkers);
    }
  };
  // A member who posts today, with the rest of its stream for the messages.
  struct Poster {
    std::uint32_t i = 0;
    std::uint32_t group = 0;
    RandomStream stream{StreamKey{}, 0, kDailyDraw};
  };

  // Lists (by position in the batch) the members who visit today:
  // P(visit) = visit_base x engagement x attention + attention_spike against
  // each stream's first word, the list written without branches.
  std::size_t choose_visitors(const DayContext& ctx, const Population& pop, const Fields& f,
                              std::span<const std::uint32_t> batch, const RandomStream::Block* first,
                              std::uint32_t* visitors) const {
    std::size_t visiting = 0;
    for (std::size_t k = 0; k < batch.size(); ++k) {
      const std::uint32_t i = batch[k];
      const float p_visit = visit_base_ * f.engagement[i] * f.attention[i] + ctx.signals.get(spike_, pop.group[i]);
      visitors[visiting] = static_cast<std::uint32_t>(k);
      visiting += is_member(pop.state[i]) & (first[k].v[0] * 0x1p-32 < double(p_visit));
    }
    return visiting;
  }

  // A visitor's day: reads, and whether it posts (then `poster` holds it and
  // its stream, and the result is 1).
  std::size_t visit(const DayContext& ctx, const Population& pop, const Fields& f, std::uint32_t i,
                    const RandomStream::Block& first, Counts& counts, Poster& poster) const {
    const std::uint32_t g = pop.group[i];
    const float e = f.engagement[i];
    RandomStream stream(ctx.key, i, kDailyDraw, first);
    stream();  // word 0: the visit
    f.last_active_day[i] = ctx.day;
    ++counts.active;
    counts.reactivated += pop.state[i] == MemberState::Dormant;
    // Each of today's operator posts is read with probability e: more than
    // half of all content goes unread.
    const int posts = int(ctx.signals.get(posts_today_, g));
    for (int k = 0; k < posts; ++k) counts.reads += stream.bernoulli(e);
    const Role role = f.role[i];
    const float boost = role == Role::Creator ? ctx.signals.get(post_boost_, g) : 0.0f;
    const float p_post = role == Role::Spammer ? spam_probability_
                                               : post_probability_ * e * (role_post_factor_[int(role)] + boost);
    const bool posts_today = stream.bernoulli(p_post);
    poster = {i, g, stream};
    return posts_today;
  }

  // A poster's messages (ads, for a spammer).
  void send(const DayContext& ctx, const Fields& f, Poster& poster, Counts& counts, DayTally& tally) const {
    const std::int64_t sent = messages(poster.stream);
    const Role role = f.role[poster.i];
    if (role == Role::Spammer) {
      counts.ads += sent;
      tally.add_group(group_ads_, poster.group, sent);
      return;
    }
    f.last_post_day[poster.i] = ctx.day;
    ++counts.posters;
    counts.messages += sent;
    tally.add_group(group_posters_, poster.group);
    tally.add_group(role == Role::Kol ? group_kol_messages_ : group_messages_, poster.group, sent);
  }

  std::int64_t messages(RandomStream& stream) const {
    return 1 + (extra_messages_ > 0 ? extra_message_count_(stream) : 0);
  }

  void update_state(Day day, Population& pop, const Fields& f, std::uint32_t i, Counts& counts) const {
    const int age = day - pop.join_day[i];
    const int since_post = f.last_post_day[i] == kNever ? kMaxDays : day - f.last_post_day[i];
    const int since_visit = f.last_active_day[i] == kNever ? age + 1 : day - f.last_active_day[i];
    const MemberState state = age < newcomer_days_         ? MemberState::Newcomer
                              : since_post < active_window_ ? MemberState::Active
                              : since_visit < dormant_after_ ? MemberState::Lurker
                                                             : MemberState::Dormant;
    pop.state[i] = state;
    counts.talkers += since_post < active_window_;
    counts.dormant += state == MemberState::Dormant;
  }

  float visit_base_, post_probability_;
  double extra_messages_;
  float spam_probability_;
  int newcomer_days_, active_window_, dormant_after_;
  FixedMeanPoisson extra_message_count_;
  Ids ids_;
  GroupCounterId group_messages_, group_kol_messages_, group_ads_, group_posters_;
  SignalId posts_today_, spike_, post_boost_;
  Columns columns_;
  std::array<float, kRoleCount> role_post_factor_{};
};

}  // namespace

ModuleDefinition participation_module() {
  return {
      .name = "participation",
      .help = "Daily decisions. P(visit) = visit_base x engagement x attention + attention_spike; "
              "a visitor reads each operator post with probability engagement and posts with "
              "probability post_probability x engagement x role factor, sending 1 + "
              "Poisson(messages_per_poster - 1) messages. Spammers post ads instead.",
      .declare_parameters = [](ParamRegistry& p) { participation_keys().declare(p); },
      .declare_layout =
          [](ModelLayout& layout) {
            layout.metric("active", MetricKind::Flow, "people d-1",
                          "Members who visited the group that day.");
            layout.metric("posters", MetricKind::Flow, "people d-1",
                          "Members who posted at least one (non-ad) message that day.");
            layout.metric("messages", MetricKind::Flow, "messages d-1",
                          "Messages posted by members that day, ads excluded.");
            layout.metric("reads", MetricKind::Flow, "reads d-1",
                          "Operator posts read (one member reading one post is one read).");
            layout.metric("ads", MetricKind::Flow, "messages d-1", "Ad messages posted by spammers.",
                          Better::Lower);
            layout.metric("dormant", MetricKind::Level, "people",
                          "Members who have not visited for dormant_after_days.", Better::Lower);
            layout.metric("reactivated", MetricKind::Flow, "people d-1",
                          "Dormant members who visited again that day.");
            layout.metric("talkers", MetricKind::Level, "people",
                          "Members who posted within the active window (who talk).");
            layout.ratio("active_ratio", "1", "Members who visited that day / members (0 with none).",
                         "active", "members", 0.0, Better::Higher);
            layout.ratio("talk_share", "1", "Talkers / members: the share of members who talk (0 with none).",
                         "talkers", "members", 0.0, Better::Higher);
            layout.group_counter("messages");
            layout.group_counter("kol_messages");
            layout.group_counter("ads");
            layout.group_counter("posters");
            layout.column(fields::kLastActiveDay, kNever, "Day of the last visit (65535: never).");
            layout.column(fields::kLastPostDay, kNever, "Day of the last message (65535: never).");
            layout.reads(Item::Column, fields::kEngagement, When::Today, "0: nobody visits");
            layout.reads(Item::Column, fields::kAttention, When::Yesterday, "1: full attention");
            layout.reads(Item::Column, fields::kRole, When::Yesterday, "everyone ordinary");
            for (const char* signal : {"operator_posts", "attention_spike", "post_boost"})
              layout.reads(Item::Signal, signal, When::Today, "0");
            layout.purpose(kDailyDraw, "participation.daily");
          },
      .create = make_module<Participation>,
  };
}

int newcomer_days(const ParameterSet& params) { return participation_keys().read(params).newcomer_days; }

}  // namespace commsim::models
