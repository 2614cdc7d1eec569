// Multi-exchange for one search (Ahuja, Orlin, Pallottino, Scaparra & Scutellà 2004, "A
// multi-exchange heuristic for the single-source capacitated facility location
// problem"): with the centres fixed, a cycle of territories each hands one boundary
// account to the next, or a path does (its first territory only gives, its last only
// takes). Each territory on it gives and takes at most once and stays within the band, so
// a cycle reaches plans that single moves, swaps and balance chains cannot when the band
// is tight (±2% is about one account's hours).
//
// The cycles live in an improvement graph: node i (an account) → node j (an account of
// another territory u) means "i joins u and j leaves u", allowed when u stays within the
// band, at the cost of i's hours × (km to u's centre − km to its own); node i → sink u
// means "i joins u, nobody leaves", and sink u leads back to the search's root when the
// root's territory may lose it outright (a path exchange, searched from its first
// account). A label-correcting search from every account keeps the territories on a path
// distinct (Ahuja et al.'s subset-disjoint cycles) and every partial sum negative, which
// loses no cycle of accounts (any negative cycle has a rotation whose partial sums are all
// negative) but may miss a path whose first move costs more than the next ones gain. A
// found cycle is re-checked, applied, and undone when it cuts a territory apart, breaks
// the disruption limit or (with the potential goal) does not lower the objective. The
// work per call is capped (roots in a seeded random order, so the cap favours no region);
// later sweeps search only roots near a territory that changed.
//
// Some better plans cannot be reached by exchanges that each keep the band: a territory
// has to give two accounts and take one while its neighbours rebalance. Oscillate()
// reaches them by strategic oscillation (Glover & Hao 2011): the same search with the
// band priced instead of enforced (km per hour outside it, low at first, then rising),
// then the balance repair and a band-keeping pass; the plan is kept only if it ends
// within the band and better.
#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "territory/search_state.h"

namespace salesdesk::territory::internal {

namespace {
constexpr int kMaxCycleLength = 12;      // territories on one cycle
constexpr int kMaxExchangePasses = 30;   // sweeps over all accounts as cycle roots
constexpr int kExpansionBudget = 1000;   // labels expanded per root
constexpr double kExchangeWork = 3e7;    // arcs looked at per call (about half a second)
constexpr double kTiny = 1e-9;
constexpr double kOscillationStart = 0.5;   // first band penalty, × the territory scale, per hour
constexpr double kOscillationGrowth = 4;    // each restoring step multiplies it by this
constexpr int kOscillationSteps = 6;
constexpr double kOscillationWork = 3e6;    // arcs per call inside the oscillation
constexpr double kBalancePenalty = 1e6;     // × the territory scale, per hour outside the band
constexpr int kBalanceSteps = 4;
}  // namespace

bool SearchState::MultiExchange(double band_penalty, double work, bool credit_root) {
  const bool strict = band_penalty < 0;
  const double work_cap = work > 0 ? work : kExchangeWork;
  const int nodes = n_ + k_;
  arcs_ = 0;
  std::vector<std::vector<int>> members(k_);
  // can_leave: movable, touches another territory, and its own stays connected without
  // it; giver: besides, its territory may lose it outright.
  std::vector<char> can_leave(n_, 0), giver(n_, 0);
  auto territory_of = [&](int node) { return node < n_ ? terr_[node] : node - n_; };
  auto on_boundary = [&](int i) {
    for (int v : in_.graph.Neighbours(i)) {
      if (terr_[v] != terr_[i]) return true;
    }
    return false;
  };
  auto refresh_territory = [&](int t) {
    for (int i : members[t]) {
      can_leave[i] = Movable(i) && on_boundary(i) && CanLeave(i);
      giver[i] = can_leave[i] && Violation(t, load_[t] - in_.workload[i]) <= Violation(t) + kTiny;
    }
  };
  for (int i = 0; i < n_; ++i) members[terr_[i]].push_back(i);
  for (int t = 0; t < k_; ++t) refresh_territory(t);

  // Labels of the current root's search; `seen` stamps them so no reset is needed.
  std::vector<double> dist(nodes);
  std::vector<int> pred(nodes), depth(nodes), seen(nodes, 0), queued(nodes, 0);
  std::vector<int> queue, cycle, path, adjacent_territories;
  int stamp = 0;

  // Calls visit(x, cost) for every arc out of node v. A sink leads back only to the root
  // (path exchanges are searched from their first account).
  auto for_each_arc = [&](int root, int v, auto&& visit) {
    if (v >= n_) {
      const int t = terr_[root];
      if (t == v - n_) return;
      if (strict) {
        if (giver[root]) visit(root, 0.0);
      } else {
        visit(root, band_penalty * (Violation(t, load_[t] - in_.workload[root]) - Violation(t)));
      }
      return;
    }
    const int from = terr_[v];
    const double w = in_.workload[v];
    const double here = Km(v, from);
    adjacent_territories.clear();
    for (int x : in_.graph.Neighbours(v)) {
      const int u = terr_[x];
      if (u != from && std::find(adjacent_territories.begin(), adjacent_territories.end(), u) ==
                           adjacent_territories.end()) {
        adjacent_territories.push_back(u);
      }
    }
    for (int u : adjacent_territories) {
      const double cost = w * (Km(v, u) - here);
      const double now = Violation(u);
      if (strict) {
        if (Violation(u, load_[u] + w) <= now + kTiny) visit(n_ + u, cost);
        for (int j : members[u]) {
          if (can_leave[j] && Violation(u, load_[u] + w - in_.workload[j]) <= now + kTiny) visit(j, cost);
        }
        continue;
      }
      visit(n_ + u, cost + band_penalty * (Violation(u, load_[u] + w) - now));
      for (int j : members[u]) {
        if (can_leave[j]) visit(j, cost + band_penalty * (Violation(u, load_[u] + w - in_.workload[j]) - now));
      }
    }
  };
  // The path root → … → v as nodes, or empty when the labels no longer form one with
  // distinct territories (a later label may have rewired a predecessor).
  auto trace = [&](int root, int v, std::vector<int>& out) {
    out.clear();
    for (int x = v, steps = 0; steps <= kMaxCycleLength; ++steps) {
      out.push_back(x);
      if (x == root) break;
      if (seen[x] != stamp) return out.clear();
      x = pred[x];
    }
    if (out.back() != root) return out.clear();
    std::reverse(out.begin(), out.end());
    for (std::size_t a = 0; a < out.size(); ++a) {
      for (std::size_t b = a + 1; b < out.size(); ++b) {
        if (territory_of(out[a]) == territory_of(out[b])) return out.clear();
      }
    }
  };
  auto on_path = [&](int v, int t) {
    for (int x = v, steps = 0; steps <= kMaxCycleLength && seen[x] == stamp; ++steps) {
      if (territory_of(x) == t) return true;
      if (depth[x] == 0) break;
      x = pred[x];
    }
    return false;
  };
  // Searches the negative cycles through `root`; leaves the cheapest in `cycle`.
  auto search = [&](int root) {
    ++stamp;
    cycle.clear();
    double best = -kTiny * mean_ * scale_km_;
    seen[root] = stamp, dist[root] = 0, depth[root] = 0, pred[root] = -1;
    queue.assign(1, root);
    queued[root] = stamp;
    const int root_territory = terr_[root];
    // What closing the cycle at the root could gain at most for the root's territory:
    // all of its hours outside the band. Partial sums may run at a loss up to that.
    const double credit = credit_root && !strict ? band_penalty * Violation(root_territory) : 0.0;
    int expanded = 0;
    for (std::size_t head = 0; head < queue.size() && expanded < kExpansionBudget; ++head) {
      const int v = queue[head];
      queued[v] = 0;
      ++expanded;
      const double dv = dist[v];
      const int next_depth = depth[v] + 1;
      for_each_arc(root, v, [&](int x, double cost) {
        ++arcs_;
        const double d = dv + cost;
        if (x == root) {  // closes a cycle
          if (d >= best) return;
          trace(root, v, path);
          if (!path.empty()) best = d, cycle = path;
          return;
        }
        if (d >= credit - kTiny) return;  // every partial sum stays negative (less the credit)
        if (next_depth >= kMaxCycleLength || territory_of(x) == root_territory) return;
        if (seen[x] == stamp && d >= dist[x] - kTiny) return;
        if (on_path(v, territory_of(x))) return;
        seen[x] = stamp, dist[x] = d, pred[x] = v, depth[x] = next_depth;
        if (queued[x] != stamp) {
          queued[x] = stamp;
          queue.push_back(x);
        }
      });
    }
  };
  auto connected = [&](int t) {
    if (count_[t] == 0) return true;
    ++stamp_;
    queue_.clear();
    for (int i = 0; i < n_ && queue_.empty(); ++i) {
      if (terr_[i] == t) queue_.push_back(i), mark_[i] = stamp_;
    }
    for (std::size_t h = 0; h < queue_.size(); ++h) {
      for (int v : in_.graph.Neighbours(queue_[h])) {
        if (terr_[v] == t && mark_[v] != stamp_) mark_[v] = stamp_, queue_.push_back(v);
      }
    }
    return static_cast<int>(queue_.size()) == count_[t];
  };
  // Applies `cycle`; undoes it and returns false when it is not an improvement after all.
  std::vector<std::pair<int, int>> moves;  // account, territory it came from
  std::vector<int> touched;
  std::vector<double> violation;
  auto apply = [&] {
    moves.clear();
    touched.clear();
    const int m = static_cast<int>(cycle.size());
    for (int a = 0; a < m; ++a) {
      touched.push_back(territory_of(cycle[a]));
      if (cycle[a] < n_) moves.emplace_back(cycle[a], territory_of(cycle[(a + 1) % m]));
    }
    double before = 0, after = 0;
    violation.clear();
    for (int t : touched) before += PotentialCost(pot_[t]), violation.push_back(Violation(t));
    double dispersion_change = 0;
    for (auto& [i, to] : moves) {
      const int from = terr_[i];
      dispersion_change += in_.workload[i] * (Km(i, to) - Km(i, from));
      Move(i, to);
      to = from;
    }
    for (int t : touched) after += PotentialCost(pot_[t]);
    double violation_change = 0;
    for (std::size_t q = 0; q < touched.size(); ++q) violation_change += Violation(touched[q]) - violation[q];
    bool ok = moved_ <= budget_ &&
              dispersion_change + after - before + (strict ? 0 : band_penalty * violation_change) < 0;
    for (std::size_t q = 0; q < touched.size(); ++q) {
      ok = ok && (!strict || Violation(touched[q]) <= violation[q] + kTiny) && connected(touched[q]);
    }
    if (!ok) {
      for (auto it = moves.rbegin(); it != moves.rend(); ++it) Move(it->first, it->second);
      return false;
    }
    for (const auto& [i, from] : moves) {
      std::erase(members[from], i);
      members[terr_[i]].push_back(i);
    }
    for (int t : touched) refresh_territory(t);
    for (const auto& [i, from] : moves) {  // neighbours outside the cycle may now touch
      for (int v : in_.graph.Neighbours(i)) {  // another territory
        const int t = terr_[v];
        if (std::find(touched.begin(), touched.end(), t) != touched.end()) continue;
        can_leave[v] = Movable(v) && on_boundary(v) && CanLeave(v);
        giver[v] = can_leave[v] && Violation(t, load_[t] - in_.workload[v]) <= Violation(t) + kTiny;
      }
    }
    return true;
  };

  // Sweeps every account as a root; later sweeps only the roots near a territory that
  // changed since the root was last searched. Work (arcs looked at) is capped per call.
  std::vector<long> searched_at(n_, -1);
  std::vector<long> changed_at(k_, 0);
  long clock = 1;
  std::vector<int> roots(n_);
  std::iota(roots.begin(), roots.end(), 0);
  std::shuffle(roots.begin(), roots.end(), rng_);  // the work cap must not favour low ids
  bool any = false;
  for (int pass = 0; pass < kMaxExchangePasses && arcs_ < work_cap && !Stopped(); ++pass) {
    bool improved = false;
    for (int r : roots) {
      if (arcs_ >= work_cap || Stopped()) break;
      if (!can_leave[r]) continue;
      long last_change = changed_at[terr_[r]];
      for (int v : in_.graph.Neighbours(r)) last_change = std::max(last_change, changed_at[terr_[v]]);
      if (searched_at[r] > last_change) continue;
      searched_at[r] = ++clock;
      search(r);
      if (cycle.empty()) continue;
      if (apply()) {
        improved = any = true;
        ++clock;
        for (int t : touched) changed_at[t] = clock;
      }
    }
    if (!improved) break;
  }
  return any;
}

// Strategic oscillation around the band: exchanges priced with a low penalty per hour
// outside the band may break it where that saves distance, then rising penalties and the
// balance repair restore it. Kept only when the plan ends within the band, and better.
bool SearchState::Oscillate() {
  const std::vector<int> saved = terr_;
  const double before = Objective(), violation_before = TotalViolation();
  double penalty = kOscillationStart * scale_km_;
  MultiExchange(penalty, kOscillationWork);
  for (int step = 0; step < kOscillationSteps && !Stopped() &&
                     TotalViolation() > violation_before + kTiny;
       ++step) {
    penalty *= kOscillationGrowth;
    MultiExchange(penalty, kOscillationWork);
  }
  RepairBalance();
  MultiExchange(-1, kOscillationWork);
  if (TotalViolation() > violation_before + kTiny || moved_ > budget_ ||
      Objective() >= before * (1 - 1e-9)) {
    terr_ = saved;
    RecountAll();
    return false;
  }
  return true;
}

// Balance first: with the band priced far above distance, a cycle or path of exchanges
// is taken when it lowers the hours outside the band, whatever it costs in distance. Each
// territory on it gives one account and takes one of another weight, so the chain moves
// a few hours where a single account (more than the band is wide) would overshoot. Kept
// only when the hours outside fall.
bool SearchState::BalanceByExchanges() {
  const std::vector<int> saved = terr_;
  const double before = TotalViolation();
  for (int step = 0; step < kBalanceSteps && !Stopped() && TotalViolation() > kTiny; ++step) {
    const double at_start = TotalViolation();
    MultiExchange(kBalancePenalty * scale_km_, 0, true);
    RepairBalance();
    if (TotalViolation() >= at_start - kTiny) break;
  }
  if (TotalViolation() >= before - kTiny || moved_ > budget_) {
    terr_ = saved;
    RecountAll();
    return false;
  }
  return true;
}

}  // namespace salesdesk::territory::internal
