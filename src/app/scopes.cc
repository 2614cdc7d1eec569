#include "app/scopes.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace salesdesk::app {

Result<ResolvedScope> ResolveScope(Transaction& tx, const Actor& actor, const std::string& key,
                                   std::string_view reach_kind) {
  const Reach reach = PermissionFor(actor.role, reach_kind).read;
  const Status hidden = Status::NotFound("no scope " + key + " that you can see");
  if (key == "org") {
    if (reach != Reach::kOrg) return hidden;
    SD_ASSIGN_OR_RETURN(Organisation org, tx.GetOrganisation(actor.org_id));
    return ResolvedScope{{"org", org.name, "org", "", std::nullopt}, std::nullopt};
  }
  Id id = 0;
  const std::string digits = key.size() > 5 && key.starts_with("user:") ? key.substr(5) : "";
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id <= 0) {
    return Status::Invalid("must be \"org\" or \"user:<id>\"", "scope");
  }
  if (!actor.Reaches(reach, id)) return hidden;
  auto user = tx.Get(actor.org_id, UsersKind(), id, std::nullopt);
  if (user.status().code() == StatusCode::kNotFound) return hidden;
  if (!user.ok()) return user.status();
  SD_ASSIGN_OR_RETURN(std::vector<Id> tree, tx.ReportingTree(actor.org_id, id));
  ResolvedScope r;
  r.scope = {key, user->GetText("name"), tree.empty() ? "rep" : "team", "", id};
  if (Id manager = user->GetInt("manager_id"); manager && actor.Reaches(reach, manager)) {
    r.scope.parent = "user:" + std::to_string(manager);
  } else if (reach == Reach::kOrg) {
    r.scope.parent = "org";
  }
  tree.push_back(id);
  std::sort(tree.begin(), tree.end());
  r.members = std::move(tree);
  return r;
}

Result<std::vector<ForecastScope>> ListScopes(Transaction& tx, const Actor& actor, std::string_view reach_kind) {
  std::vector<ForecastScope> scopes;
  const Reach reach = PermissionFor(actor.role, reach_kind).read;
  if (reach == Reach::kNone) return scopes;
  if (reach == Reach::kOrg) {
    SD_ASSIGN_OR_RETURN(ResolvedScope org, ResolveScope(tx, actor, "org", reach_kind));
    scopes.push_back(org.scope);
  }
  ListQuery q;
  q.visible = actor.VisibleFor(reach);
  q.limit = 1000000;
  SD_ASSIGN_OR_RETURN(Page users, tx.List(actor.org_id, UsersKind(), q));
  std::map<Id, int> reports;
  for (const Record& u : users.records) {
    if (std::holds_alternative<std::int64_t>(u.Get("manager_id"))) ++reports[u.GetInt("manager_id")];
  }
  std::vector<ForecastScope> teams, reps;
  for (const Record& u : users.records) {
    const bool leads = reports.count(u.id) > 0;
    if (!leads && u.GetText("role") != "rep") continue;  // admins and executives without a team sell nothing
    ForecastScope s{"user:" + std::to_string(u.id), u.GetText("name"), leads ? "team" : "rep", "", u.id};
    const Id manager = std::holds_alternative<std::int64_t>(u.Get("manager_id")) ? u.GetInt("manager_id") : 0;
    if (manager && actor.Reaches(reach, manager)) {
      s.parent = "user:" + std::to_string(manager);
    } else if (reach == Reach::kOrg) {
      s.parent = "org";
    }
    (leads ? teams : reps).push_back(std::move(s));
  }
  scopes.insert(scopes.end(), teams.begin(), teams.end());
  scopes.insert(scopes.end(), reps.begin(), reps.end());
  return scopes;
}

}  // namespace salesdesk::app
