#include "app/access.h"

#include <algorithm>

#include "core/dates.h"

namespace salesdesk::app {
namespace {

struct PolicyRow {
  std::string_view kind;
  Permission admin, executive, manager, rep;
};

constexpr Permission RW(Reach r) { return {r, r}; }
constexpr Permission R(Reach r) { return {r, Reach::kNone}; }
constexpr Permission None() { return {}; }
using enum Reach;

// The whole access policy in one table, so a reviewer can read it at a glance.
constexpr PolicyRow kPolicy[] = {
    //  kind             admin       executive   manager            rep
    {"teams",         RW(kOrg), R(kOrg),   R(kOrg),           R(kOrg)},
    {"users",         RW(kOrg), R(kOrg),   R(kTeam),          R(kOwn)},
    {"rep_profiles",  RW(kOrg), R(kOrg),   RW(kTeam),         R(kOwn)},
    {"accounts",      RW(kOrg), RW(kOrg),  RW(kTeam),         RW(kOwn)},
    {"contacts",      RW(kOrg), RW(kOrg),  RW(kTeam),         RW(kOwn)},
    {"products",      RW(kOrg), RW(kOrg),  R(kOrg),           R(kOrg)},
    {"opportunities", RW(kOrg), RW(kOrg),  RW(kTeam),         RW(kOwn)},
    {"sales",         RW(kOrg), RW(kOrg),  RW(kTeam),         RW(kOwn)},
    {"quotas",        RW(kOrg), RW(kOrg),  RW(kTeam),         R(kOwn)},
    {"activities",    RW(kOrg), RW(kOrg),  RW(kTeam),         RW(kOwn)},
    {"forecasts",     RW(kOrg), RW(kOrg),  RW(kTeam),         RW(kOwn)},
    // Delphi: studies are read by everyone (experts must find them); answers by their
    // expert alone, whatever the role, so the rounds stay anonymous. Answers are written
    // only through app/delphi (which keeps them to the study's open round).
    {"delphi_studies", {kOrg, kOrg}, {kOrg, kOrg}, {kOrg, kTeam},  R(kOrg)},
    {"delphi_answers", R(kOwn),  R(kOwn),   R(kOwn),           R(kOwn)},
    {"territory_plans", RW(kOrg), RW(kOrg), RW(kTeam),         RW(kOwn)},
    {"plan_actions",  RW(kOrg), RW(kOrg),  RW(kTeam),         RW(kOwn)},
    {"audit",         R(kOrg),  None(),    None(),            None()},
    {"dashboard",     R(kOrg),  R(kOrg),   R(kTeam),          R(kOwn)},
};

}  // namespace

Permission PermissionFor(Role role, std::string_view kind) {
  for (const auto& row : kPolicy) {
    if (row.kind != kind) continue;
    switch (role) {
      case Role::kAdmin: return row.admin;
      case Role::kExecutive: return row.executive;
      case Role::kManager: return row.manager;
      case Role::kRep: return row.rep;
    }
  }
  return {};
}

Visibility Actor::VisibleFor(Reach reach) const {
  switch (reach) {
    case Reach::kOrg: return std::nullopt;
    case Reach::kTeam: return team;
    case Reach::kOwn: return std::vector<Id>{user_id};
    case Reach::kNone: return std::vector<Id>{};
  }
  return std::vector<Id>{};
}

bool Actor::Reaches(Reach reach, Id user) const {
  switch (reach) {
    case Reach::kOrg: return true;
    case Reach::kTeam: return std::binary_search(team.begin(), team.end(), user);
    case Reach::kOwn: return user == user_id;
    case Reach::kNone: return false;
  }
  return false;
}

Result<Actor> LoadActor(Transaction& tx, Id org, Id user_id) {
  auto user = tx.Get(org, UsersKind(), user_id, std::nullopt);
  if (!user.ok()) return user.status();
  if (user->GetInt("disabled") != 0) return Status::Unauthenticated("this account is disabled");
  auto role = ParseRole(user->GetText("role"));
  if (!role) return Status::Internal("user " + std::to_string(user_id) + " has no valid role");
  Actor actor{org, user_id, *role, user->GetText("email"), user->GetText("name"), {user_id}};
  if (*role == Role::kManager) {
    SD_ASSIGN_OR_RETURN(auto tree, tx.ReportingTree(org, user_id));
    actor.team.insert(actor.team.end(), tree.begin(), tree.end());
    std::sort(actor.team.begin(), actor.team.end());
  }
  return actor;
}

Status Audit(Transaction& tx, const Actor& actor, std::string action, std::string target, std::string outcome,
             std::string detail) {
  return tx.AppendAudit({actor.org_id, actor.user_id, std::move(action), std::move(target), std::move(outcome),
                         std::move(detail), NowUnixSeconds()});
}

}  // namespace salesdesk::app
