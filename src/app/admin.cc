#include "app/admin.h"

#include <fstream>
#include <sstream>

#include "app/auth.h"
#include "app/forecasting.h"
#include "app/import_export.h"
#include "core/dates.h"
#include "demo/demo.h"

namespace salesdesk::app {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read " + path, "data_dir");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::pair<Id, Record>> UserByEmail(Transaction& tx, const std::string& email) {
  SD_ASSIGN_OR_RETURN(auto found, tx.FindUserByEmail(email));
  if (!found) return Status::NotFound("no user with e-mail " + email);
  return *found;
}

}  // namespace

Result<Id> DefaultOrganisation(Store& store) {
  {
    SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
    SD_ASSIGN_OR_RETURN(auto orgs, tx->ListOrganisations());
    if (!orgs.empty()) return orgs.front().id;
  }
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
  SD_ASSIGN_OR_RETURN(auto orgs, tx->ListOrganisations());  // another process may have won
  if (!orgs.empty()) return orgs.front().id;
  SD_ASSIGN_OR_RETURN(Id org, tx->CreateOrganisation("salesdesk", "CNY"));
  SD_RETURN_IF_ERROR(tx->Commit());
  return org;
}

Result<Id> AddUser(Store& store, const NewUser& u) {
  SD_RETURN_IF_ERROR(CheckPasswordPolicy(u.password));
  SD_ASSIGN_OR_RETURN(Id org, DefaultOrganisation(store));
  SD_ASSIGN_OR_RETURN(std::string hash, HashPassword(u.password));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
  Record user(&UsersKind());
  user.Set("email", u.email);
  user.Set("name", u.name);
  user.Set("role", u.role);
  user.Set("time_zone", u.time_zone);
  user.Set("locale", u.locale);
  if (!u.manager_email.empty()) {
    auto manager = UserByEmail(*tx, u.manager_email);
    if (!manager.ok()) return Status::Invalid(manager.status().message(), "manager");
    user.Set("manager_id", manager->second.id);
  }
  SD_RETURN_IF_ERROR(ValidateRecord(user));
  SD_ASSIGN_OR_RETURN(auto existing, tx->FindByNaturalKey(org, UsersKind(), {Value(u.email)}));
  if (existing) return Status::Conflict("a user with e-mail " + u.email + " already exists", "email");
  SD_ASSIGN_OR_RETURN(Record created, tx->Insert(org, user));
  SD_RETURN_IF_ERROR(tx->SetPasswordHash(org, created.id, hash));
  SD_RETURN_IF_ERROR(tx->AppendAudit({org, 0, "create", "users/" + std::to_string(created.id), "allowed",
                                      "added from the command line", NowUnixSeconds()}));
  SD_RETURN_IF_ERROR(tx->Commit());
  return created.id;
}

Status DisableUser(Store& store, const std::string& email, bool disabled) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
  SD_ASSIGN_OR_RETURN(auto found, UserByEmail(*tx, email));
  auto& [org, user] = found;
  user.Set("disabled", std::int64_t{disabled ? 1 : 0});
  SD_RETURN_IF_ERROR(tx->Update(org, user, user.version).status());
  if (disabled) SD_RETURN_IF_ERROR(tx->DeleteSessionsOfUser(org, user.id));
  SD_RETURN_IF_ERROR(tx->AppendAudit({org, 0, disabled ? "disable" : "enable", "users/" + std::to_string(user.id),
                                      "allowed", "from the command line", NowUnixSeconds()}));
  return tx->Commit();
}

Status ResetPassword(Store& store, const std::string& email, const std::string& password) {
  SD_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  SD_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
  SD_ASSIGN_OR_RETURN(auto found, UserByEmail(*tx, email));
  SD_RETURN_IF_ERROR(tx->SetPasswordHash(found.first, found.second.id, hash));
  SD_RETURN_IF_ERROR(tx->DeleteSessionsOfUser(found.first, found.second.id));
  SD_RETURN_IF_ERROR(tx->AppendAudit({found.first, 0, "reset_password", "users/" + std::to_string(found.second.id),
                                      "allowed", "from the command line", NowUnixSeconds()}));
  return tx->Commit();
}

Result<Actor> SystemActor(Store& store) {
  SD_ASSIGN_OR_RETURN(Id org, DefaultOrganisation(store));
  return Actor{org, 0, Role::kAdmin, "system", "system", {}};
}

Result<Actor> ActorByEmail(Store& store, const std::string& email) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  auto found = UserByEmail(*tx, email);
  if (!found.ok()) return Status::Invalid(found.status().message(), "as");
  return LoadActor(*tx, found->first, found->second.id);
}

// The engine's track record: for each of the last twelve months, the ETS forecast of the
// organisation and of its top-level teams (the regions) as it would have been kept on the
// month's first day (from the history before it), so the forecast sheet can score it.
Status KeepDemoBacktests(Store& store, const Actor& system, const std::string& today,
                         const std::function<void(const std::string&)>& progress) {
  SD_ASSIGN_OR_RETURN(Date now, ParseDate(today));
  SD_ASSIGN_OR_RETURN(std::vector<ForecastScope> scopes, ForecastScopes(store, system));
  int kept = 0;
  for (int back = 12; back >= 1; --back) {
    const int index = now.year * 12 + now.month - 1 - back;
    const Date first{index / 12, index % 12 + 1, 1};
    for (const ForecastScope& scope : scopes) {
      if (scope.level == "rep" || (scope.level == "team" && scope.parent != "org")) continue;
      auto rows = KeepEngineForecast(store, system, scope.key, "ets", 3, first);
      if (!rows.ok() && rows.status().field() != "history") return rows.status();
      if (rows.ok()) kept += static_cast<int>(rows->size());
    }
  }
  if (progress) progress("engine forecasts kept for scoring: " + std::to_string(kept));
  return Status::Ok();
}

Result<DemoSummary> LoadDemo(Store& store, const std::string& data_dir, const std::string& today,
                             const std::function<void(const std::string&)>& progress) {
  SD_ASSIGN_OR_RETURN(Actor system, SystemActor(store));
  {
    SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
    SD_ASSIGN_OR_RETURN(Page users, tx->List(system.org_id, UsersKind(), {}));
    if (users.total > 0) return Status::Conflict("the database already has users; load the demo into a new one", "db");
  }
  SD_ASSIGN_OR_RETURN(std::string cities, ReadFile(data_dir + "/cities.csv"));
  SD_ASSIGN_OR_RETURN(std::string m3, ReadFile(data_dir + "/m3_monthly.csv"));
  demo::DemoOptions options;
  if (!today.empty()) options.today = today;
  SD_ASSIGN_OR_RETURN(demo::DemoData data, demo::BuildDemo(options, cities, m3));
  ImportService importer(store);
  DemoSummary summary{data.admin_email, data.password, 0, 0, 0, 0};
  for (const auto& file : data.files) {
    const KindSpec* kind = FindKind(file.kind);
    if (!kind) return Status::Internal("demo produced unknown kind " + file.kind);
    SD_ASSIGN_OR_RETURN(ImportReport report, importer.Import(system, *kind, file.csv));
    if (!report.errors.empty()) {
      const RowError& e = report.errors.front();
      return Status::Internal("demo " + file.kind + " line " + std::to_string(e.line) + ", column " + e.column + ": " +
                              e.reason);
    }
    if (progress) progress(file.kind + ": " + std::to_string(report.rows) + " rows");
    if (kind == &UsersKind()) summary.users = report.inserted;
    if (kind == &AccountsKind()) summary.accounts = report.inserted;
    if (kind == &SalesKind()) summary.sales = report.inserted;
    if (kind == &OpportunitiesKind()) summary.opportunities = report.inserted;
  }
  SD_RETURN_IF_ERROR(KeepDemoBacktests(store, system, options.today, progress));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(true));
  ListQuery all;
  all.limit = 100000;
  SD_ASSIGN_OR_RETURN(Page users, tx->List(system.org_id, UsersKind(), all));
  if (progress) progress("setting passwords for " + std::to_string(users.total) + " users");
  for (const Record& u : users.records) {
    SD_ASSIGN_OR_RETURN(std::string hash, HashPassword(data.password));
    SD_RETURN_IF_ERROR(tx->SetPasswordHash(system.org_id, u.id, hash));
  }
  SD_RETURN_IF_ERROR(tx->Commit());
  return summary;
}

}  // namespace salesdesk::app
