// A scope is a part of the sales organisation a manager plans for: "org" (everyone) or
// "user:<id>" (a rep alone, or a manager with their whole reporting tree). Forecasts and
// territories are made per scope; a scope outside the actor's reach does not exist for
// them (kNotFound, never revealed).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/access.h"

namespace salesdesk::app {

// A node of the organisation's hierarchy. `parent` is the key of the scope it rolls up
// into ("" for the top of what the actor may see).
struct ForecastScope {
  std::string key;
  std::string name;
  std::string level;   // "org", "team" or "rep"
  std::string parent;
  std::optional<Id> user_id;
};

// A scope and whose rows it covers (nullopt = the whole organisation).
struct ResolvedScope {
  ForecastScope scope;
  Visibility members;
};

// Resolves `key` for `actor`, whose reach over `reach_kind` ("sales", "accounts") decides
// which scopes exist for them. kInvalidArgument (field "scope") for a malformed key.
Result<ResolvedScope> ResolveScope(Transaction& tx, const Actor& actor, const std::string& key,
                                   std::string_view reach_kind);

// The scopes `actor` may see over `reach_kind`, top first: the organisation for
// org-wide readers, then every visible manager's team, then every visible rep.
Result<std::vector<ForecastScope>> ListScopes(Transaction& tx, const Actor& actor, std::string_view reach_kind);

}  // namespace salesdesk::app
