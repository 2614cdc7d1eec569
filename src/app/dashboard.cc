#include "app/dashboard.h"

#include <algorithm>
#include <map>

#include "app/records.h"
#include "core/dates.h"
#include "core/money.h"

namespace salesdesk::app {
namespace {

constexpr std::string_view kStages[] = {"prospecting", "qualification", "proposal", "negotiation", "closed_won",
                                        "closed_lost"};
constexpr std::string_view kCategories[] = {"pipeline", "best_case", "commit"};

std::optional<double> Ratio(double num, double den) {
  if (den <= 0) return std::nullopt;
  return num / den;
}

// Every month from `from` to `to`, so the trend has no gaps where nothing was sold.
std::vector<std::string> MonthsBetween(const Date& from, const Date& to) {
  std::vector<std::string> months;
  for (int y = from.year, m = from.month; y < to.year || (y == to.year && m <= to.month);) {
    months.push_back(Period{y, 0, m}.ToString());
    if (++m > 12) m = 1, ++y;
  }
  return months;
}

}  // namespace

Result<Dashboard> BuildDashboard(Store& store, const Actor& actor, const std::string& from, const std::string& to) {
  auto f = ParseDate(from);
  if (!f.ok()) return Status::Invalid(f.status().message(), "from");
  auto t = ParseDate(to);
  if (!t.ok()) return Status::Invalid(t.status().message(), "to");
  if (*t < *f) return Status::Invalid("must not be before from", "to");
  if (t->DaysSinceEpoch() - f->DaysSinceEpoch() > 3660) return Status::Invalid("spans more than ten years", "to");
  const Reach reach = PermissionFor(actor.role, "dashboard").read;
  if (reach == Reach::kNone) return Status::Denied("you may not see the dashboard");
  const Visibility visible = actor.VisibleFor(reach);

  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(Organisation org, tx->GetOrganisation(actor.org_id));
  SD_ASSIGN_OR_RETURN(DashboardFigures fig, tx->Dashboard(actor.org_id, from, to, visible));
  ListQuery users_q;
  users_q.visible = visible;
  users_q.limit = 100000;
  SD_ASSIGN_OR_RETURN(Page users, tx->List(actor.org_id, UsersKind(), users_q));
  ListQuery teams_q;
  teams_q.limit = 100000;
  SD_ASSIGN_OR_RETURN(Page teams, tx->List(actor.org_id, TeamsKind(), teams_q));

  std::map<Id, std::string> team_names;
  for (const Record& team : teams.records) team_names[team.id] = team.GetText("name");
  std::map<Id, const Record*> user_by_id;
  for (const Record& u : users.records) user_by_id[u.id] = &u;

  const std::string& cur = org.currency;
  Dashboard d{from, to, cur, {}, {}, {}, {}, {}, fig.won, fig.lost, {}, {}};
  std::map<Id, Attainment> by_team;
  for (const RepFigures& r : fig.reps) {
    auto it = user_by_id.find(r.user_id);
    Attainment a{r.user_id, it == user_by_id.end() ? "#" + std::to_string(r.user_id) : it->second->GetText("name"),
                 "", MoneyToMajor(r.sales, cur), MoneyToMajor(r.quota, cur), std::nullopt};
    a.attainment = Ratio(a.sales, a.quota);
    Id team = it == user_by_id.end() ? 0 : it->second->GetInt("team_id");
    if (team) {
      a.team = team_names[team];
      Attainment& t_att = by_team[team];
      t_att.id = team;
      t_att.name = team_names[team];
      t_att.sales += a.sales;
      t_att.quota += a.quota;
    }
    d.total.sales += a.sales;
    d.total.quota += a.quota;
    d.reps.push_back(std::move(a));
  }
  std::sort(d.reps.begin(), d.reps.end(), [](const Attainment& a, const Attainment& b) {
    return a.attainment.value_or(-1) != b.attainment.value_or(-1) ? a.attainment.value_or(-1) > b.attainment.value_or(-1)
                                                                  : a.id < b.id;
  });
  for (auto& [id, att] : by_team) {
    att.attainment = Ratio(att.sales, att.quota);
    d.teams.push_back(att);
  }
  d.total.name = org.name;
  d.total.attainment = Ratio(d.total.sales, d.total.quota);
  for (auto stage : kStages) {
    Dashboard::Bucket b{std::string(stage), 0, 0};
    for (const auto& s : fig.by_stage)
      if (s.key == stage) b = {s.key, s.count, MoneyToMajor(s.amount, cur)};
    d.by_stage.push_back(b);
  }
  for (auto cat : kCategories) {
    Dashboard::Bucket b{std::string(cat), 0, 0};
    for (const auto& s : fig.by_category)
      if (s.key == cat) b = {s.key, s.count, MoneyToMajor(s.amount, cur)};
    d.by_category.push_back(b);
  }
  d.win_rate = Ratio(static_cast<double>(fig.won), static_cast<double>(fig.won + fig.lost));
  for (const auto& month : MonthsBetween(*f, *t)) {
    double sales = 0;
    for (const auto& m : fig.trend)
      if (m.month == month) sales = MoneyToMajor(m.sales, cur);
    d.trend.emplace_back(month, sales);
  }
  const Reach actions = PermissionFor(actor.role, "plan_actions").read;
  if (actions != Reach::kNone) {
    ListQuery q;
    q.visible = actor.VisibleFor(actions);
    q.limit = 1000000;
    q.sort_field = "deadline";
    SD_ASSIGN_OR_RETURN(Page items, tx->List(actor.org_id, PlanActionsKind(), q));
    const std::string today = Date::FromDaysSinceEpoch(NowUnixSeconds() / 86400).ToString();
    for (const Record& a : items.records) {
      const std::string status = a.GetText("status");
      if (a.GetText("deadline") >= today || status == "done" || status == "dropped") continue;
      if (++d.overdue_total > 20) continue;
      const Id owner = std::holds_alternative<std::int64_t>(a.Get("owner_id")) ? a.GetInt("owner_id") : 0;
      const auto it = user_by_id.find(owner);
      d.overdue_actions.push_back({a.id, a.GetInt("plan_id"), a.GetText("title"), a.GetText("deadline"), status,
                                   it == user_by_id.end() ? "" : it->second->GetText("name")});
    }
  }
  return d;
}

}  // namespace salesdesk::app
