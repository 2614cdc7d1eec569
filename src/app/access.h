// Who may see and change what. Every use case in app/ starts from an Actor (the signed-in
// user, reloaded from the store on each request so that disabling a user or changing a
// role takes effect at once) and asks this policy before touching the store.
#pragma once

#include <string>

#include "core/schema.h"
#include "store/store.h"

namespace salesdesk::app {

// How far a role reaches over one kind of record.
enum class Reach {
  kNone,  // not at all
  kOwn,   // rows the user owns
  kTeam,  // rows owned by the user or anyone in their reporting tree
  kOrg,   // every row of the organisation
};

struct Permission {
  Reach read = Reach::kNone;
  Reach write = Reach::kNone;
};

// The policy table: what `role` may do with `kind` ("audit" is a pseudo-kind).
Permission PermissionFor(Role role, std::string_view kind);

struct Actor {
  Id org_id = 0;
  Id user_id = 0;
  Role role = Role::kRep;
  std::string email;
  std::string name;
  std::vector<Id> team;  // the user and everyone in their reporting tree, sorted

  // The Visibility matching `reach` for this actor (nullopt for kOrg).
  Visibility VisibleFor(Reach reach) const;
  // True when `user` is within `reach` of this actor.
  bool Reaches(Reach reach, Id user) const;
};

// Loads the actor for user `user_id` of `org`: NotFound if absent, Unauthenticated if
// disabled.
Result<Actor> LoadActor(Transaction& tx, Id org, Id user_id);

// Appends one audit entry; failures to audit are reported, never ignored.
Status Audit(Transaction& tx, const Actor& actor, std::string action, std::string target, std::string outcome,
             std::string detail = {});

}  // namespace salesdesk::app
