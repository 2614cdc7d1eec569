#include "app/territories.h"

#include <cmath>
#include <map>

#include "core/money.h"

namespace salesdesk::app {
namespace {

double EstimatedWorkload(double potential) { return 10 + 6 * std::log10(1 + std::max(0.0, potential) / 10000); }

Status MayReassign(const Actor& actor) {
  const Reach write = PermissionFor(actor.role, "accounts").write;
  if (write == Reach::kTeam || write == Reach::kOrg) return Status::Ok();
  return Status::Denied("only managers, executives and administrators may realign territories");
}

struct Loaded {
  TerritoryView view;
  std::vector<territory::AccountRow> rows;
  std::vector<territory::AccountTerritory> current;
  std::vector<territory::HomeBase> homes;
};

Result<Loaded> Load(Store& store, const Actor& actor, const std::string& scope_key) {
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  SD_ASSIGN_OR_RETURN(ResolvedScope scope, ResolveScope(*tx, actor, scope_key, "accounts"));
  Loaded l;
  l.view.scope = scope.scope;
  ListQuery q;
  q.limit = 1000000;
  q.visible = scope.members;
  SD_ASSIGN_OR_RETURN(Page users, tx->List(actor.org_id, UsersKind(), q));
  std::map<Id, std::size_t> rep_index;
  for (const Record& u : users.records) {
    if (u.GetText("role") != "rep") continue;
    rep_index[u.id] = l.view.reps.size();
    l.view.reps.push_back({"user:" + std::to_string(u.id), u.id, u.GetText("name"), std::nullopt, std::nullopt});
  }
  SD_ASSIGN_OR_RETURN(Page profiles, tx->List(actor.org_id, RepProfilesKind(), q));
  for (const Record& p : profiles.records) {
    const auto it = rep_index.find(p.GetInt("user_id"));
    if (it == rep_index.end()) continue;
    const Value &lat = p.Get("home_lat"), &lon = p.Get("home_lon");
    if (!std::holds_alternative<double>(lat) || !std::holds_alternative<double>(lon)) continue;
    TerritoryRep& rep = l.view.reps[it->second];
    rep.home_lat = std::get<double>(lat), rep.home_lon = std::get<double>(lon);
    l.homes.push_back({rep.key, *rep.home_lat, *rep.home_lon});
  }
  SD_ASSIGN_OR_RETURN(Page accounts, tx->List(actor.org_id, AccountsKind(), q));
  for (const Record& a : accounts.records) {
    const Value &lat = a.Get("lat"), &lon = a.Get("lon"), &owner = a.Get("owner_id");
    if (!std::holds_alternative<double>(lat) || !std::holds_alternative<double>(lon) ||
        !std::holds_alternative<std::int64_t>(owner) || !rep_index.count(std::get<std::int64_t>(owner))) {
      ++l.view.left_out;
      continue;
    }
    const Value& p = a.Get("potential");
    const double potential =
        std::holds_alternative<std::int64_t>(p) ? MoneyToMajor(std::get<std::int64_t>(p), a.GetText("currency")) : 0;
    TerritoryAccount t{std::to_string(a.id), a.GetText("external_id"), a.GetText("name"), a.GetText("city"),
                       std::get<double>(lat), std::get<double>(lon), EstimatedWorkload(potential), potential,
                       "user:" + std::to_string(std::get<std::int64_t>(owner))};
    l.rows.push_back({t.id, t.lat, t.lon, t.workload, t.potential});
    l.current.push_back({t.id, t.territory});
    l.view.accounts.push_back(std::move(t));
  }
  if (l.view.reps.empty()) return Status::Invalid("the scope has no reps to give territories to", "reps");
  if (l.rows.empty()) return Status::Invalid("the scope's reps own no accounts with coordinates", "accounts");
  return l;
}

}  // namespace

Result<TerritoryView> CurrentTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                         double tolerance) {
  SD_ASSIGN_OR_RETURN(Loaded l, Load(store, actor, scope_key));
  SD_ASSIGN_OR_RETURN(l.view.metrics, territory::MeasureTerritories(l.rows, l.current, l.homes, tolerance,
                                                                    static_cast<int>(l.view.reps.size())));
  return std::move(l.view);
}

Result<TerritoryProposal> ProposeTerritories(Store& store, const Actor& actor, const std::string& scope_key,
                                             const ProposalOptions& options, const std::atomic<bool>* cancel) {
  SD_RETURN_IF_ERROR(MayReassign(actor));
  SD_ASSIGN_OR_RETURN(Loaded l, Load(store, actor, scope_key));
  territory::AlignRequest request;
  request.accounts = l.rows;
  for (const TerritoryRep& r : l.view.reps) request.reps.push_back(r.key);
  if (options.use_homes) request.homes = l.homes;
  request.locks = options.locks;
  request.current = l.current;
  request.options.tolerance = options.tolerance;
  request.options.max_moved_share = options.max_moved_share;
  request.options.potential_weight = options.potential_weight;
  request.options.seed = options.seed;
  territory::Instance instance;
  SD_ASSIGN_OR_RETURN(territory::AlignResult r, territory::AlignTerritories(request, {}, cancel, &instance));
  TerritoryProposal p;
  SD_ASSIGN_OR_RETURN(l.view.metrics, territory::MeasureTerritories(l.rows, l.current, request.homes,
                                                                    options.tolerance,
                                                                    static_cast<int>(l.view.reps.size())));
  p.current = std::move(l.view);
  p.proposed = r.Rows(instance);
  p.metrics = std::move(r.metrics);
  p.disruption = r.disruption;
  p.moves = std::move(r.moves);
  p.notes = std::move(r.notes);
  p.seconds = r.seconds;
  return p;
}

Result<territory::Comparison> CompareWithCurrent(Store& store, const Actor& actor, const std::string& scope_key,
                                                 const std::vector<territory::AccountTerritory>& alignment,
                                                 double tolerance) {
  SD_RETURN_IF_ERROR(MayReassign(actor));
  SD_ASSIGN_OR_RETURN(Loaded l, Load(store, actor, scope_key));
  for (const territory::AccountTerritory& a : alignment) {
    const bool known = std::any_of(l.view.reps.begin(), l.view.reps.end(),
                                   [&](const TerritoryRep& r) { return r.key == a.territory; });
    if (!known) {
      return Status::Invalid("account " + a.account_id + ": \"" + a.territory + "\" is not a rep of this scope",
                             "territory");
    }
  }
  return territory::CompareTerritories(l.rows, l.current, alignment, l.homes, tolerance);
}

}  // namespace salesdesk::app
