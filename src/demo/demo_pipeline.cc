// The open and recently closed pipeline, and the last eight weeks of activities.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "demo/demo_internal.h"
#include "demo/demo_names.h"

namespace salesdesk::demo::internal {
namespace {

enum Stage { kProspecting, kQualification, kProposal, kNegotiation, kClosedWon, kClosedLost };
constexpr std::string_view kStageNames[] = {"prospecting", "qualification", "proposal",
                                            "negotiation", "closed_won",    "closed_lost"};
constexpr int kActivityDays = 56;  // eight weeks ending today

// Forecast category and probability (percent) a rep would give a deal in `stage`.
std::pair<std::string_view, int> Judgement(Stage stage, Rng& rng) {
  switch (stage) {
    case kProspecting:
      return {"pipeline", 10};
    case kQualification:
      return rng.Bernoulli(0.1) ? std::pair{"omitted", 10} : std::pair{"pipeline", 20};
    case kProposal:
      return rng.Bernoulli(0.6) ? std::pair{"best_case", 50} : std::pair{"pipeline", 40};
    case kNegotiation:
      return rng.Bernoulli(0.7) ? std::pair{"commit", 80} : std::pair{"best_case", 70};
    case kClosedWon:
      return {"closed", 100};
    case kClosedLost:
      return {"omitted", 0};
  }
  return {"pipeline", 10};
}

// Why this rep loses: a weak negotiator loses on price, a weak technician on features.
std::size_t LostReason(const Rep& rep, Rng& rng) {
  const std::vector<double> weights = {0.25 + 0.08 * (5 - rep.skills[1]),
                                       0.18 + 0.04 * (5 - rep.skills[4]),
                                       0.1 + 0.05 * (5 - rep.skills[2]),
                                       0.12,
                                       0.12,
                                       0.1};
  return rng.Pick(weights);
}

int AccountOf(const Org& org, const Rep& rep, Rng& rng, double prospect_weight) {
  std::vector<double> weights;
  for (int a : rep.accounts) {
    const double w = org.accounts[static_cast<std::size_t>(a)].weight;
    weights.push_back(w > 0 ? w + 0.3 : prospect_weight);
  }
  return rep.accounts[rng.Pick(weights)];
}

void AddOpportunity(const Org& org, const Rep& rep, Stage stage, int sequence, Rng& rng,
                    Table& table) {
  const Account& account = org.accounts[static_cast<std::size_t>(AccountOf(org, rep, rng, 0.5))];
  const Product& product =
      org.products[static_cast<std::size_t>(rng.OneOf(account.usual_products))];
  const bool closed = stage == kClosedWon || stage == kClosedLost;
  const int offset =
      closed ? -rng.UniformInt(3, 365) : rng.UniformInt(-20, 150);  // some open deals slipped
  const double step = 100 * org.price_scale;
  const double amount =
      std::max(50.0, std::round(rep.level * rng.LogNormal(std::log(0.25), 0.7) / step)) * step;
  const auto [category, probability] = Judgement(stage, rng);
  std::string lost;
  if (stage == kClosedLost) {
    const std::size_t reason = LostReason(rep, rng);
    lost = account.chinese ? LostReasonsZh()[reason] : LostReasonsEn()[reason];
  }
  char id[32];
  std::snprintf(id, sizeof id, "OPP-%05d", sequence);
  const std::string name = account.chinese
                               ? account.short_name + product.category_zh + "采购"
                               : account.short_name + " - " + product.category_en + " supply";
  table.Add({id, account.external_id, name, std::string(kStageNames[stage]),
             MoneyCell(org, ToMinor(org, amount)), org.options.currency,
             Date::FromDaysSinceEpoch(org.today.DaysSinceEpoch() + offset).ToString(),
             Cell::Number(std::to_string(probability)), std::string(category),
             org.users[static_cast<std::size_t>(rep.user)].email, lost});
}

// A calendar day in a zone: weekday 0 = Monday; the n-th (1-based) Sunday of a month.
int Weekday(const Date& d) { return static_cast<int>(((d.DaysSinceEpoch() % 7) + 7 + 3) % 7); }
Date NthSunday(int year, int month, int n) {
  Date d{year, month, 1};
  d.day += (6 - Weekday(d) + 7) % 7 + 7 * (n - 1);
  return d;
}
Date LastSunday(int year, int month) {
  const Date last = Period{.year = year, .month = month}.Last();
  return Date::FromDaysSinceEpoch(last.DaysSinceEpoch() - (Weekday(last) + 1) % 7);
}

std::string_view TypeName(int type) {
  static constexpr std::string_view kTypes[] = {"prospecting", "call", "meeting", "email",
                                                "paperwork"};
  return kTypes[type];
}

int Minutes(int type, Rng& rng) {
  switch (type) {
    case 0:
      return 15 * rng.UniformInt(2, 6);
    case 1:
      return 5 * rng.UniformInt(2, 6);
    case 2:
      return 15 * rng.UniformInt(3, 8);
    case 3:
      return 5 * rng.UniformInt(3, 9);
    default:
      return 15 * rng.UniformInt(2, 6);
  }
}

std::string Note(int type, bool chinese, const std::string& account, Rng& rng) {
  auto templates = ActivityNotes(type, chinese);
  std::string note(templates[static_cast<std::size_t>(
      rng.UniformInt(0, static_cast<int>(templates.size()) - 1))]);
  const std::size_t at = note.find("{}");
  if (at != std::string::npos) note.replace(at, 2, account);
  return note;
}

// One user's activities over the window. `rep` is null for a manager, whose meetings are
// joint visits to `region_accounts`.
void AddActivities(const Org& org, const User& user, const Rep* rep,
                   const std::vector<int>& region_accounts, Rng& rng, Table& table) {
  static constexpr std::array<double, 5> kManagerMix = {0.0, 0.2, 0.4, 0.25, 0.15};
  const std::array<double, 5>& mix = rep ? rep->activity_mix : kManagerMix;
  const std::vector<double> mix_weights(mix.begin(), mix.end());
  const bool chinese = user.locale == "zh-CN";
  const std::int64_t last = org.today.DaysSinceEpoch();
  for (std::int64_t day = last - kActivityDays + 1; day <= last; ++day) {
    if (!IsWorkday(day)) continue;
    const Date date = Date::FromDaysSinceEpoch(day);
    const int offset = UtcOffsetMinutes(user.time_zone, date);
    int minute = 8 * 60 + 30 + 15 * rng.UniformInt(0, 4);
    const int count =
        rep ? static_cast<int>(std::lround(rng.UniformInt(1, 4) * rep->weekly_capacity_hours / 40))
            : rng.UniformInt(0, 2);
    for (int k = 0; k < count && minute < 18 * 60; ++k) {
      const int type = static_cast<int>(rng.Pick(mix_weights));
      const int minutes = Minutes(type, rng);
      int account = -1;
      if (type != 4 && rep && !rep->accounts.empty()) account = AccountOf(org, *rep, rng, type == 0 ? 3.0 : 0.2);
      if (type == 2 && !rep && !region_accounts.empty()) account = rng.OneOf(region_accounts);
      const std::string short_name =
          account >= 0 ? org.accounts[static_cast<std::size_t>(account)].short_name : "";
      const std::int64_t start = day * 86400 + std::int64_t{minute - offset} * 60;
      table.Add({user.email, std::string(TypeName(type)),
                 account >= 0 ? org.accounts[static_cast<std::size_t>(account)].external_id : "",
                 FormatTimestamp(start), Cell::Number(std::to_string(minutes)),
                 account >= 0 || type == 4 ? Note(type, chinese, short_name, rng) : ""});
      minute += minutes + 15 * rng.UniformInt(0, 4);
    }
  }
}

}  // namespace

int UtcOffsetMinutes(std::string_view zone, const Date& date) {
  struct Zone {
    std::string_view name;
    int standard;  // minutes east of UTC
    char dst;      // 'U' United States, 'E' European Union and UK, 'A' south-east Australia, 0 none
  };
  static constexpr Zone kZones[] = {
      {"Asia/Shanghai", 480, 0},        {"Asia/Singapore", 480, 0},
      {"Asia/Tokyo", 540, 0},           {"Europe/Berlin", 60, 'E'},
      {"Europe/London", 0, 'E'},        {"America/New_York", -300, 'U'},
      {"America/Chicago", -360, 'U'},   {"America/Denver", -420, 'U'},
      {"America/Phoenix", -420, 0},     {"America/Los_Angeles", -480, 'U'},
      {"America/Anchorage", -540, 'U'}, {"Pacific/Honolulu", -600, 0},
      {"Australia/Sydney", 600, 'A'},   {"Australia/Melbourne", 600, 'A'},
      {"Australia/Hobart", 600, 'A'},   {"Australia/Brisbane", 600, 0},
      {"Australia/Adelaide", 570, 'A'}, {"Australia/Darwin", 570, 0},
      {"Australia/Perth", 480, 0},
  };
  for (const Zone& z : kZones) {
    if (z.name != zone) continue;
    bool summer = false;
    if (z.dst == 'U')
      summer = date >= NthSunday(date.year, 3, 2) && date < NthSunday(date.year, 11, 1);
    if (z.dst == 'E') summer = date >= LastSunday(date.year, 3) && date < LastSunday(date.year, 10);
    if (z.dst == 'A')
      summer = date >= NthSunday(date.year, 10, 1) || date < NthSunday(date.year, 4, 1);
    return z.standard + (summer ? 60 : 0);
  }
  return 0;
}

Table OpportunityTable(const Org& org, Rng& rng) {
  Table table{.header = {"external_id", "account_external_id", "name", "stage", "amount",
                         "currency", "close_date", "probability", "forecast_category",
                         "owner_email", "lost_reason"}};
  int sequence = 0;
  for (const Rep& rep : org.reps) {
    if (rep.accounts.empty()) continue;
    const int closed = rng.UniformInt(15, 30), open = rng.UniformInt(8, 20);
    for (int k = 0; k < closed + open; ++k) {
      Stage stage;
      if (sequence < 6) {
        stage = static_cast<Stage>(sequence);  // every stage appears, however small the demo
      } else if (k < closed) {
        stage = rng.Bernoulli(rep.win_rate) ? kClosedWon : kClosedLost;
      } else {
        stage = static_cast<Stage>(rng.Pick({0.3, 0.25, 0.25, 0.2}));
      }
      AddOpportunity(org, rep, stage, ++sequence, rng, table);
    }
  }
  return table;
}

Table ActivityTable(const Org& org, Rng& rng) {
  Table table{
      .header = {"user_email", "type", "account_external_id", "started_at", "minutes", "note"}};
  std::array<std::vector<int>, kRegionCount> region_accounts;
  for (std::size_t a = 0; a < org.accounts.size(); ++a)
    region_accounts[static_cast<int>(org.accounts[a].region)].push_back(static_cast<int>(a));
  for (const Rep& rep : org.reps)
    AddActivities(org, org.users[static_cast<std::size_t>(rep.user)], &rep, {}, rng, table);
  for (const User& user : org.users) {
    if (user.role != "manager") continue;
    // A manager visits customers of the region their team belongs to.
    Region region = Region::kEast;
    for (const Team& team : org.teams)
      for (int r = 0; r < kRegionCount; ++r)
        if (team.name == user.team && team.region == InfoOf(static_cast<Region>(r)).code)
          region = static_cast<Region>(r);
    AddActivities(org, user, nullptr, region_accounts[static_cast<int>(region)], rng, table);
  }
  return table;
}

}  // namespace salesdesk::demo::internal
