#include "territory/alignment.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "territory/search.h"

namespace salesdesk::territory {

namespace {

std::string Percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

// Territory names: reps, else labels used by current/locks/homes, padded to k with T01...
Result<std::vector<std::string>> TerritoryNames(const AlignRequest& r) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  if (!r.reps.empty()) {
    if (r.territory_count > 0 && r.territory_count != static_cast<int>(r.reps.size())) {
      return Status::Invalid("k = " + std::to_string(r.territory_count) + " but " +
                                 std::to_string(r.reps.size()) +
                                 " reps are listed; give one or make them agree",
                             "k");
    }
    for (const std::string& rep : r.reps) {
      if (rep.empty()) return Status::Invalid("a rep has an empty name", "reps");
      if (!seen.insert(rep).second) {
        return Status::Invalid("rep " + rep + " is listed twice; list each rep once", "reps");
      }
    }
    return r.reps;
  }
  if (r.territory_count < 1) {
    return Status::Invalid("k = " + std::to_string(r.territory_count) +
                               ": ask for at least one territory (or list the reps)",
                           "k");
  }
  auto add = [&](const std::string& label) {
    if (!label.empty() && seen.insert(label).second) names.push_back(label);
  };
  for (const AccountTerritory& c : r.current) add(c.territory);
  for (const AccountTerritory& l : r.locks) add(l.territory);
  for (const HomeBase& h : r.homes) add(h.territory);
  if (static_cast<int>(names.size()) > r.territory_count) {
    return Status::Invalid("the current alignment, locks and home bases name " +
                               std::to_string(names.size()) + " territories but k = " +
                               std::to_string(r.territory_count) + "; raise k or list the reps",
                           "k");
  }
  for (int t = 1; static_cast<int>(names.size()) < r.territory_count; ++t) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d", t);
    add(buf);
  }
  return names;
}

Status CheckBalanceIsPossible(const Instance& in, int k, double tau) {
  if (!(tau > 0) || tau >= 1) {
    return Status::Invalid("τ = " + std::to_string(tau) +
                               " must be between 0 and 1 (e.g. 0.05 for ±5%)",
                           "tolerance");
  }
  const double mean = in.total_workload / k;
  if (in.largest_workload > mean * (1 + tau)) {
    int big = 0;
    for (int i = 0; i < in.size(); ++i) {
      if (in.workload[i] > in.workload[big]) big = i;
    }
    const double ratio = in.workload[big] / mean;
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "τ = %s is impossible: account %s alone is %.2f× the mean workload of "
                  "%.1f h; raise τ to at least %s or lower k to at most %d",
                  Percent(tau).c_str(), in.ids[big].c_str(), ratio, mean,
                  Percent(ratio - 1 + 1e-3).c_str(),
                  static_cast<int>(std::floor(in.total_workload * (1 + tau) / in.workload[big])));
    return Status::Invalid(buf, "tolerance");
  }
  return Status::Ok();
}

int IndexOfName(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

Result<std::vector<int>> ResolveLocks(const Instance& in, const std::vector<std::string>& names,
                                      const std::vector<AccountTerritory>& locks) {
  std::vector<int> locked(in.size(), -1);
  for (std::size_t r = 0; r < locks.size(); ++r) {
    const std::string where = "lock " + std::to_string(r + 1);
    const int i = in.IndexOf(locks[r].account_id);
    if (i < 0) {
      return Status::Invalid(where + ": account " + locks[r].account_id +
                                 " is not among the accounts; remove the lock or add the account",
                             "locks");
    }
    const int t = IndexOfName(names, locks[r].territory);
    if (t < 0) {
      return Status::Invalid(where + ": territory " + locks[r].territory +
                                 " is not among the reps; lock to a listed rep",
                             "locks");
    }
    if (locked[i] >= 0 && locked[i] != t) {
      return Status::Invalid(where + ": account " + locks[r].account_id +
                                 " is locked to two territories; keep one lock",
                             "locks");
    }
    locked[i] = t;
  }
  return locked;
}

Status CheckHomes(const std::vector<std::string>& names, const std::vector<HomeBase>& homes) {
  std::set<std::string> seen;
  for (const HomeBase& h : homes) {
    if (IndexOfName(names, h.territory) < 0) {
      return Status::Invalid("home base of " + h.territory + ": no such rep or territory", "homes");
    }
    if (!seen.insert(h.territory).second) {
      return Status::Invalid("territory " + h.territory + " has two home bases; keep one", "homes");
    }
    if (!std::isfinite(h.latitude) || !std::isfinite(h.longitude) || std::abs(h.latitude) > 90 ||
        std::abs(h.longitude) > 180) {
      return Status::Invalid("home base of " + h.territory +
                                 ": latitude must be within -90..90 and longitude within -180..180",
                             "homes");
    }
  }
  return Status::Ok();
}

// Enough independent searches for small instances, one per core for large ones (a search
// on 16k accounts takes a few seconds): about the same total work up to a few thousand
// accounts (a search on 1,000 accounts takes about 0.1 s).
int DefaultRestarts(int n) {
  if (n <= 2000) return 32;
  if (n <= 8000) return 4;
  return 2;
}

}  // namespace

Result<Alignment> AlignmentFromRows(const Instance& in, const std::vector<AccountTerritory>& rows,
                                    bool complete, const std::vector<std::string>& extra_names) {
  Alignment a;
  a.territory_of.assign(in.size(), -1);
  std::map<std::string, int> index;
  auto label = [&](const std::string& name) {
    auto [it, fresh] = index.emplace(name, static_cast<int>(a.territories.size()));
    if (fresh) a.territories.push_back(name);
    return it->second;
  };
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string where = "alignment row " + std::to_string(r + 1);
    const int i = in.IndexOf(rows[r].account_id);
    if (i < 0) {
      return Status::Invalid(where + ": account " + rows[r].account_id + " is not among the accounts",
                             "account_id");
    }
    if (a.territory_of[i] >= 0) {
      return Status::Invalid(where + ": account " + rows[r].account_id +
                                 " appears twice; give each account one territory",
                             "account_id");
    }
    if (rows[r].territory.empty()) {
      return Status::Invalid(where + ": account " + rows[r].account_id + " has no territory",
                             "territory");
    }
    a.territory_of[i] = label(rows[r].territory);
  }
  for (const std::string& name : extra_names) label(name);
  if (complete) {
    for (int i = 0; i < in.size(); ++i) {
      if (a.territory_of[i] < 0) {
        return Status::Invalid("account " + in.ids[i] + " has no territory in the alignment",
                               "account_id");
      }
    }
  }
  return a;
}

const char* MoveWhyName(MoveWhy why) {
  switch (why) {
    case MoveWhy::kNewAccount: return "new_account";
    case MoveWhy::kLocked: return "locked";
    case MoveWhy::kCutOff: return "cut_off";
    case MoveWhy::kFromOverloaded: return "from_overloaded";
    case MoveWhy::kToUnderloaded: return "to_underloaded";
    case MoveWhy::kCloser: return "closer";
    case MoveWhy::kMakesRoom: return "makes_room";
  }
  return "makes_room";
}

const char* AlignNoteName(AlignNote::Kind kind) {
  switch (kind) {
    case AlignNote::Kind::kUnbalanced: return "unbalanced";
    case AlignNote::Kind::kNoncontiguous: return "noncontiguous";
    case AlignNote::Kind::kTimeLimit: return "time_limit";
  }
  return "unbalanced";
}

std::vector<AccountTerritory> AlignResult::Rows(const Instance& in) const {
  std::vector<AccountTerritory> rows;
  rows.reserve(in.size());
  for (int i = 0; i < in.size(); ++i) {
    rows.push_back({in.ids[i], alignment.territories[alignment.territory_of[i]]});
  }
  return rows;
}

Result<AlignmentMetrics> MeasureTerritories(const std::vector<AccountRow>& accounts,
                                            const std::vector<AccountTerritory>& alignment,
                                            const std::vector<HomeBase>& homes, double tolerance,
                                            int territory_count) {
  SD_ASSIGN_OR_RETURN(Instance in, Instance::Build(accounts));
  std::vector<std::string> extra;
  for (const HomeBase& h : homes) extra.push_back(h.territory);
  SD_ASSIGN_OR_RETURN(Alignment a, AlignmentFromRows(in, alignment, true, extra));
  for (int t = 1; static_cast<int>(a.territories.size()) < territory_count; ++t) {
    a.territories.push_back("(empty " + std::to_string(t) + ")");
  }
  return Measure(in, a, homes, tolerance);
}

Result<Comparison> CompareTerritories(const std::vector<AccountRow>& accounts,
                                      const std::vector<AccountTerritory>& before,
                                      const std::vector<AccountTerritory>& after,
                                      const std::vector<HomeBase>& homes, double tolerance) {
  SD_ASSIGN_OR_RETURN(Instance in, Instance::Build(accounts));
  SD_ASSIGN_OR_RETURN(Alignment a, AlignmentFromRows(in, before, true));
  SD_ASSIGN_OR_RETURN(Alignment b, AlignmentFromRows(in, after, true));
  return Compare(in, a, b, homes, tolerance);
}

// Defined in alignment_run.cc: runs the searches and explains the result.
Result<AlignResult> RunAlignment(const Instance& in, const std::vector<std::string>& names,
                                 internal::SearchSpec spec, const AlignOptions& options,
                                 int restarts, const AlignProgressFn& progress,
                                 const std::atomic<bool>* cancel);

namespace {

// A request checked and turned into what the searches need.
struct CheckedRequest {
  Instance in;
  std::vector<std::string> names;
  internal::SearchSpec spec;
};

// Every check AlignTerritories makes before its first search; errors say what to change.
Result<CheckedRequest> CheckRequest(const AlignRequest& request) {
  const AlignOptions& o = request.options;
  SD_ASSIGN_OR_RETURN(Instance in, Instance::Build(request.accounts));
  SD_ASSIGN_OR_RETURN(std::vector<std::string> names, TerritoryNames(request));
  const int k = static_cast<int>(names.size());
  if (k > in.size()) {
    return Status::Invalid("k = " + std::to_string(k) + " is larger than the " +
                               std::to_string(in.size()) + " accounts; lower k to at most " +
                               std::to_string(in.size()),
                           "k");
  }
  SD_RETURN_IF_ERROR(CheckBalanceIsPossible(in, k, o.tolerance));
  SD_RETURN_IF_ERROR(CheckHomes(names, request.homes));
  if (!(o.max_moved_share >= 0 && o.max_moved_share <= 1)) {
    return Status::Invalid("the disruption limit must be a share between 0 and 1 (e.g. 0.1)",
                           "max_moved_share");
  }
  if (o.potential_weight < 0 || !std::isfinite(o.potential_weight)) {
    return Status::Invalid("the potential weight must be a number >= 0", "potential_weight");
  }
  internal::SearchSpec spec;
  spec.territories = k;
  spec.tolerance = o.tolerance;
  spec.potential_weight = o.potential_weight;
  spec.homes = HomesByTerritory(names, request.homes);
  SD_ASSIGN_OR_RETURN(spec.locked, ResolveLocks(in, names, request.locks));
  if (!request.current.empty()) {
    SD_ASSIGN_OR_RETURN(Alignment current, AlignmentFromRows(in, request.current, false));
    spec.current.assign(in.size(), -1);
    for (int i = 0; i < in.size(); ++i) {
      if (current.territory_of[i] >= 0) {
        spec.current[i] = IndexOfName(names, current.territories[current.territory_of[i]]);
        if (spec.current[i] < 0) {
          return Status::Invalid("the current alignment uses territory " +
                                     current.territories[current.territory_of[i]] +
                                     ", which is not among the reps",
                                 "current");
        }
      }
    }
    spec.max_moved_share = o.max_moved_share;
  }
  return CheckedRequest{std::move(in), std::move(names), std::move(spec)};
}

}  // namespace

Status CheckAlignRequest(const AlignRequest& request) { return CheckRequest(request).status(); }

Result<AlignResult> AlignTerritories(const AlignRequest& request, const AlignProgressFn& progress,
                                     const std::atomic<bool>* cancel, Instance* instance_out) {
  SD_ASSIGN_OR_RETURN(CheckedRequest c, CheckRequest(request));
  const AlignOptions& o = request.options;
  const int restarts = o.restarts > 0 ? o.restarts : DefaultRestarts(c.in.size());
  auto result = RunAlignment(c.in, c.names, std::move(c.spec), o, restarts, progress, cancel);
  if (instance_out) *instance_out = std::move(c.in);
  return result;
}

}  // namespace salesdesk::territory
