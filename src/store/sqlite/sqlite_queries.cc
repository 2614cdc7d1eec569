// The typed queries of the SQLite transaction: organisations, sign-in and sessions, the
// reporting tree, the audit log and the dashboard's aggregates.
#include <algorithm>

#include "core/dates.h"
#include "store/sqlite/sqlite_txn.h"

namespace salesdesk::sqlite {

Result<Id> SqliteTransaction::CreateOrganisation(const std::string& name, const std::string& currency) {
  SD_ASSIGN_OR_RETURN(auto stmt,
                      conn_->Prepare("INSERT INTO organisations (name, currency, created_at) VALUES (?, ?, ?)"));
  stmt.Bind(1, name).Bind(2, currency).Bind(3, NowUnixSeconds());
  SD_RETURN_IF_ERROR(stmt.Run());
  return conn_->LastInsertId();
}

Result<Organisation> SqliteTransaction::GetOrganisation(Id org) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT id, name, currency FROM organisations WHERE id = ?"));
  stmt.Bind(1, org);
  Status status;
  if (stmt.Step(status)) return Organisation{stmt.Int(0), stmt.Text(1), stmt.Text(2)};
  SD_RETURN_IF_ERROR(status);
  return Status::NotFound("organisation " + std::to_string(org) + " not found");
}

Result<std::vector<Organisation>> SqliteTransaction::ListOrganisations() {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT id, name, currency FROM organisations ORDER BY id"));
  std::vector<Organisation> out;
  Status status;
  while (stmt.Step(status)) out.push_back({stmt.Int(0), stmt.Text(1), stmt.Text(2)});
  SD_RETURN_IF_ERROR(status);
  return out;
}

Result<std::optional<std::pair<Id, Record>>> SqliteTransaction::FindUserByEmail(const std::string& email) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT org_id, id FROM users WHERE email = ? ORDER BY id LIMIT 1"));
  stmt.Bind(1, email);
  Status status;
  if (!stmt.Step(status)) {
    SD_RETURN_IF_ERROR(status);
    return std::optional<std::pair<Id, Record>>();
  }
  Id org = stmt.Int(0), id = stmt.Int(1);
  stmt.Reset();
  SD_ASSIGN_OR_RETURN(Record user, Get(org, UsersKind(), id, std::nullopt));
  return std::optional<std::pair<Id, Record>>(std::pair<Id, Record>(org, std::move(user)));
}

Result<Credential> SqliteTransaction::GetCredential(Id org, Id user_id) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT password_hash, failed_logins, locked_until FROM credentials "
                                                "WHERE org_id = ? AND user_id = ?"));
  stmt.Bind(1, org).Bind(2, user_id);
  Credential c{user_id, org, "", 0, 0};
  Status status;
  if (stmt.Step(status)) {
    c.password_hash = stmt.Text(0);
    c.failed_logins = stmt.Int(1);
    c.locked_until = stmt.Int(2);
  }
  SD_RETURN_IF_ERROR(status);
  return c;
}

Status SqliteTransaction::SetPasswordHash(Id org, Id user_id, const std::string& hash) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare(
                                     "INSERT INTO credentials (org_id, user_id, password_hash) VALUES (?, ?, ?) "
                                     "ON CONFLICT (org_id, user_id) DO UPDATE SET password_hash = excluded.password_hash, "
                                     "failed_logins = 0, locked_until = 0"));
  stmt.Bind(1, org).Bind(2, user_id).Bind(3, hash);
  return stmt.Run();
}

Status SqliteTransaction::RecordLoginResult(Id org, Id user_id, bool success, std::int64_t locked_until) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare(
                                     success ? "UPDATE credentials SET failed_logins = 0, locked_until = 0 "
                                               "WHERE org_id = ? AND user_id = ?"
                                             : "UPDATE credentials SET failed_logins = failed_logins + 1, "
                                               "locked_until = ? WHERE org_id = ? AND user_id = ?"));
  int i = 1;
  if (!success) stmt.Bind(i++, locked_until);
  stmt.Bind(i, org);
  stmt.Bind(i + 1, user_id);
  return stmt.Run();
}

Status SqliteTransaction::CreateSession(const SessionRow& s) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("INSERT INTO sessions (token_hash, org_id, user_id, csrf_token, "
                                                "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"));
  stmt.Bind(1, s.token_hash).Bind(2, s.org_id).Bind(3, s.user_id).Bind(4, s.csrf_token).Bind(5, s.created_at);
  stmt.Bind(6, s.expires_at);
  return stmt.Run();
}

Result<std::optional<SessionRow>> SqliteTransaction::FindSession(const std::string& token_hash) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT org_id, user_id, csrf_token, created_at, expires_at "
                                                "FROM sessions WHERE token_hash = ?"));
  stmt.Bind(1, token_hash);
  Status status;
  if (stmt.Step(status))
    return std::optional<SessionRow>(
        SessionRow{token_hash, stmt.Int(1), stmt.Int(0), stmt.Text(2), stmt.Int(3), stmt.Int(4)});
  SD_RETURN_IF_ERROR(status);
  return std::optional<SessionRow>();
}

Status SqliteTransaction::DeleteSession(const std::string& token_hash) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("DELETE FROM sessions WHERE token_hash = ?"));
  stmt.Bind(1, token_hash);
  return stmt.Run();
}

Status SqliteTransaction::DeleteSessionsOfUser(Id org, Id user_id) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("DELETE FROM sessions WHERE org_id = ? AND user_id = ?"));
  stmt.Bind(1, org).Bind(2, user_id);
  return stmt.Run();
}

Result<std::vector<Id>> SqliteTransaction::ReportingTree(Id org, Id manager_id) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare(
                                     "WITH RECURSIVE tree(id) AS (SELECT id FROM users WHERE org_id = ?1 AND "
                                     "manager_id = ?2 UNION SELECT u.id FROM users u JOIN tree t ON u.manager_id = "
                                     "t.id WHERE u.org_id = ?1) SELECT id FROM tree ORDER BY id"));
  stmt.Bind(1, org).Bind(2, manager_id);
  std::vector<Id> out;
  Status status;
  while (stmt.Step(status)) out.push_back(stmt.Int(0));
  SD_RETURN_IF_ERROR(status);
  return out;
}

Status SqliteTransaction::AppendAudit(const AuditEntry& e) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("INSERT INTO audit_log (org_id, at, actor_id, action, target, "
                                                "outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  stmt.Bind(1, e.org_id).Bind(2, e.at ? e.at : NowUnixSeconds()).Bind(3, e.actor_id).Bind(4, e.action);
  stmt.Bind(5, e.target).Bind(6, e.outcome).Bind(7, e.detail);
  return stmt.Run();
}

Result<std::vector<AuditEntry>> SqliteTransaction::ListAudit(Id org, std::int64_t limit, std::int64_t offset) {
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT org_id, actor_id, action, target, outcome, detail, at FROM "
                                                "audit_log WHERE org_id = ? ORDER BY id DESC LIMIT ? OFFSET ?"));
  stmt.Bind(1, org).Bind(2, limit).Bind(3, offset);
  std::vector<AuditEntry> out;
  Status status;
  while (stmt.Step(status))
    out.push_back({stmt.Int(0), stmt.Int(1), stmt.Text(2), stmt.Text(3), stmt.Text(4), stmt.Text(5), stmt.Int(6)});
  SD_RETURN_IF_ERROR(status);
  return out;
}

namespace {

std::string Vis(const Visibility& visible, const char* column) {
  return visible ? std::string(" AND ") + column + " IN (SELECT value FROM json_each(?))" : std::string();
}

}  // namespace

Result<DashboardFigures> SqliteTransaction::Dashboard(Id org, const std::string& from, const std::string& to,
                                                      const Visibility& visible) {
  SD_ASSIGN_OR_RETURN(Organisation o, GetOrganisation(org));
  const std::string ids = visible ? IdsAsJson(*visible) : "";
  DashboardFigures d;
  Status status;
  auto bind = [&](Stmt& s, bool with_dates) {
    int i = 1;
    s.Bind(i++, org);
    if (with_dates) {
      s.Bind(i++, from);
      s.Bind(i++, to);
    }
    if (visible) s.Bind(i++, ids);
    return i;
  };
  {  // Sales per rep, in the reporting currency.
    SD_ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT rep_id, sum(amount) FROM sales WHERE org_id = ? AND date "
                                               "BETWEEN ? AND ?" + Vis(visible, "rep_id") +
                                               " AND currency = ? AND rep_id IS NOT NULL GROUP BY rep_id"));
    s.Bind(bind(s, true), o.currency);
    while (s.Step(status)) d.reps.push_back({s.Int(0), s.Int(1), 0});
    SD_RETURN_IF_ERROR(status);
  }
  {  // Quotas whose period lies inside [from, to].
    SD_ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT rep_id, period, amount FROM quotas WHERE org_id = ?" +
                                               Vis(visible, "rep_id") + " AND currency = ?"));
    s.Bind(bind(s, false), o.currency);
    while (s.Step(status)) {
      auto p = ParsePeriod(s.Text(1));
      if (!p.ok() || p->First().ToString() < from || p->Last().ToString() > to) continue;
      Id rep = s.Int(0);
      auto it = std::find_if(d.reps.begin(), d.reps.end(), [&](const RepFigures& r) { return r.user_id == rep; });
      if (it == d.reps.end()) it = d.reps.insert(d.reps.end(), RepFigures{rep, 0, 0});
      it->quota += s.Int(2);
    }
    SD_RETURN_IF_ERROR(status);
  }
  {
    SD_ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT stage, count(*), sum(amount) FROM opportunities WHERE org_id = ? "
                                               "AND close_date BETWEEN ? AND ?" + Vis(visible, "owner_id") +
                                               " GROUP BY stage"));
    bind(s, true);
    while (s.Step(status)) {
      d.by_stage.push_back({s.Text(0), s.Int(1), s.Int(2)});
      if (d.by_stage.back().key == "closed_won") d.won = s.Int(1);
      if (d.by_stage.back().key == "closed_lost") d.lost = s.Int(1);
    }
    SD_RETURN_IF_ERROR(status);
  }
  {
    SD_ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT forecast_category, count(*), sum(amount) FROM opportunities "
                                               "WHERE org_id = ? AND stage NOT IN ('closed_won', 'closed_lost')" +
                                               Vis(visible, "owner_id") + " GROUP BY forecast_category"));
    bind(s, false);
    while (s.Step(status)) d.by_category.push_back({s.Text(0), s.Int(1), s.Int(2)});
    SD_RETURN_IF_ERROR(status);
  }
  SD_ASSIGN_OR_RETURN(d.trend, MonthlySales(org, from, to, visible));
  return d;
}

namespace {

// A prepared sales total in the organisation's currency over [from, to] for the visible
// reps: "SELECT <columns> FROM <tables> WHERE <p>org_id = ? AND <p>date BETWEEN ? AND ?
// [visibility] AND <p>currency = ? <tail>", with every parameter bound. `p` is the sales
// table's alias prefix ("" or "s.").
Result<Stmt> PrepareSalesTotals(Connection& conn, const Organisation& org, const std::string& columns,
                                const std::string& tables, const std::string& p, const std::string& tail,
                                const std::string& from, const std::string& to, const Visibility& visible) {
  SD_ASSIGN_OR_RETURN(Stmt s, conn.Prepare("SELECT " + columns + " FROM " + tables + " WHERE " + p + "org_id = ? AND " +
                                           p + "date BETWEEN ? AND ?" + Vis(visible, (p + "rep_id").c_str()) + " AND " +
                                           p + "currency = ? " + tail));
  int i = 1;
  s.Bind(i++, org.id);
  s.Bind(i++, from);
  s.Bind(i++, to);
  if (visible) s.Bind(i++, IdsAsJson(*visible));
  s.Bind(i, org.currency);
  return s;
}

}  // namespace

Result<std::vector<MonthFigure>> SqliteTransaction::MonthlySales(Id org, const std::string& from,
                                                                 const std::string& to,
                                                                 const Visibility& visible) {
  SD_ASSIGN_OR_RETURN(Organisation o, GetOrganisation(org));
  SD_ASSIGN_OR_RETURN(Stmt s, PrepareSalesTotals(*conn_, o, "substr(date, 1, 7) AS m, sum(amount)", "sales", "",
                                                 "GROUP BY m ORDER BY m", from, to, visible));
  std::vector<MonthFigure> months;
  Status status;
  while (s.Step(status)) months.push_back({s.Text(0), s.Int(1)});
  SD_RETURN_IF_ERROR(status);
  return months;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqliteTransaction::SalesByAccountTerritory(
    Id org, const std::string& from, const std::string& to, const Visibility& visible) {
  SD_ASSIGN_OR_RETURN(Organisation o, GetOrganisation(org));
  SD_ASSIGN_OR_RETURN(Stmt s, PrepareSalesTotals(*conn_, o, "coalesce(a.territory, ''), sum(s.amount)",
                                                 "sales s JOIN accounts a ON a.org_id = s.org_id AND a.id = s.account_id",
                                                 "s.", "GROUP BY 1 ORDER BY 1", from, to, visible));
  std::vector<std::pair<std::string, std::int64_t>> out;
  Status status;
  while (s.Step(status)) out.emplace_back(s.Text(0), s.Int(1));
  SD_RETURN_IF_ERROR(status);
  return out;
}

Result<std::vector<std::pair<Id, std::int64_t>>> SqliteTransaction::SalesByAccount(Id org, const std::string& from,
                                                                                   const std::string& to,
                                                                                   const Visibility& visible) {
  SD_ASSIGN_OR_RETURN(Organisation o, GetOrganisation(org));
  SD_ASSIGN_OR_RETURN(Stmt s, PrepareSalesTotals(*conn_, o, "account_id, sum(amount) AS total", "sales", "",
                                                 "GROUP BY account_id ORDER BY total DESC, account_id", from, to,
                                                 visible));
  std::vector<std::pair<Id, std::int64_t>> out;
  Status status;
  while (s.Step(status)) out.emplace_back(s.Int(0), s.Int(1));
  SD_RETURN_IF_ERROR(status);
  return out;
}

}  // namespace salesdesk::sqlite
