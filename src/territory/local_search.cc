// The improvement half of one search: balance chains and boundary moves that keep every
// territory contiguous (see search.h for the method and its sources).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>

#include "territory/search_state.h"

namespace salesdesk::territory::internal {

namespace {
constexpr double kTiny = 1e-9;
constexpr int kMaxPasses = 40;

// Insertion sort, largest gain first (tiny fixed arrays; std::sort trips gcc's bounds lint).
void SortByGain(std::pair<double, int>* a, int m) {
  for (int x = 1; x < m; ++x) {
    for (int y = x; y > 0 && a[y].first > a[y - 1].first; --y) std::swap(a[y], a[y - 1]);
  }
}
}  // namespace

SearchState::SearchState(const Instance& instance, const SearchSpec& spec, std::uint64_t seed)
    : in_(instance), spec_(spec), n_(instance.size()), k_(spec.territories), rng_(seed) {
  mean_ = in_.total_workload / k_;
  // A hair inside ±τ so that rounding in running sums never tips a territory over.
  band_lo_ = spec_.load_max > 0 ? spec_.load_min : mean_ * (1 - spec_.tolerance);
  band_hi_ = spec_.load_max > 0 ? spec_.load_max : mean_ * (1 + spec_.tolerance);
  lo_ = band_lo_ + mean_ * 1e-9;
  hi_ = band_hi_ - mean_ * 1e-9;
  mean_potential_ = in_.total_potential / k_;
  terr_.assign(n_, 0);
  count_.assign(k_, 0);
  load_.assign(k_, 0);
  pot_.assign(k_, 0);
  centre_.assign(k_, UnitVector{});
  centre_account_.assign(k_, -1);
  price_.assign(k_, 0);
  mark_.assign(n_, 0);
  budget_ = spec_.current.empty() ? std::numeric_limits<double>::infinity()
                                  : spec_.max_moved_share * in_.total_workload + kTiny;
  // A typical territory radius: the side of a square holding 1/k of the accounts' spread.
  double mean_km = 0;
  const int stride = std::max(1, n_ / 256);
  int samples = 0;
  for (int i = 0; i < n_; i += stride) {
    mean_km += GreatCircleKm(in_.position[i], in_.position[(i * 7919 + 13) % n_]);
    ++samples;
  }
  scale_km_ = std::max(1e-3, mean_km / samples / std::sqrt(static_cast<double>(k_)));
}

// ----------------------------------------------------------------------- helpers
bool SearchState::Movable(int i) const {
  if (spec_.locked[i] >= 0) return false;
  if (spec_.current.empty() || terr_[i] != spec_.current[i]) return true;
  return moved_ + in_.workload[i] <= budget_;
}

// True when taking account i out of its territory leaves the rest connected and
// non-empty: its same-territory neighbours are linked among themselves, or a BFS inside
// the territory (without i) reaches all of them.
bool SearchState::CanLeave(int i) {
  const int t = terr_[i];
  if (count_[t] <= 1) return false;
  int same[64];
  int m = 0;
  for (int v : in_.graph.Neighbours(i)) {
    if (terr_[v] != t) continue;
    if (m == 64) return false;  // a hub of duplicates: be conservative
    same[m++] = v;
  }
  if (m <= 1) return true;
  // Union the neighbours through edges among themselves (the ring around i).
  int root[64];
  std::iota(root, root + m, 0);
  auto find = [&](int x) {
    while (root[x] != x) x = root[x] = root[root[x]];
    return x;
  };
  int groups = m;
  for (int a = 0; a < m; ++a) {
    for (int v : in_.graph.Neighbours(same[a])) {
      for (int b = a + 1; b < m; ++b) {
        if (v == same[b] && find(a) != find(b)) {
          root[find(a)] = find(b);
          --groups;
        }
      }
    }
  }
  if (groups == 1) return true;
  ++stamp_;
  mark_[i] = stamp_;
  queue_.clear();
  queue_.push_back(same[0]);
  mark_[same[0]] = stamp_;
  int found = 1;
  for (std::size_t h = 0; h < queue_.size() && found < m; ++h) {
    for (int v : in_.graph.Neighbours(queue_[h])) {
      if (terr_[v] != t || mark_[v] == stamp_) continue;
      mark_[v] = stamp_;
      queue_.push_back(v);
      for (int b = 1; b < m; ++b) {
        if (same[b] == v) ++found;
      }
    }
  }
  return found == m;
}

bool SearchState::Touches(int i, int t) const {
  for (int v : in_.graph.Neighbours(i)) {
    if (terr_[v] == t) return true;
  }
  return false;
}

void SearchState::Move(int i, int to) {
  const int from = terr_[i];
  if (from == to) return;
  if (!spec_.current.empty()) {
    if (from == spec_.current[i]) moved_ += in_.workload[i];
    if (to == spec_.current[i]) moved_ -= in_.workload[i];
  }
  terr_[i] = to;
  load_[from] -= in_.workload[i];
  load_[to] += in_.workload[i];
  pot_[from] -= in_.potential[i];
  pot_[to] += in_.potential[i];
  --count_[from];
  ++count_[to];
}

void SearchState::RecountAll() {
  std::fill(load_.begin(), load_.end(), 0.0);
  std::fill(pot_.begin(), pot_.end(), 0.0);
  std::fill(count_.begin(), count_.end(), 0);
  moved_ = 0;
  for (int i = 0; i < n_; ++i) {
    load_[terr_[i]] += in_.workload[i];
    pot_[terr_[i]] += in_.potential[i];
    ++count_[terr_[i]];
    if (!spec_.current.empty() && terr_[i] != spec_.current[i]) moved_ += in_.workload[i];
  }
}

double SearchState::Violation(int t, double load) const {
  (void)t;
  return std::max(0.0, load - hi_) + std::max(0.0, lo_ - load);
}
double SearchState::Violation(int t) const { return Violation(t, load_[t]); }
double SearchState::TotalViolation() const {
  double v = 0;
  for (int t = 0; t < k_; ++t) v += Violation(t);
  return v;
}

double SearchState::Dispersion() const {
  double d = 0;
  for (int i = 0; i < n_; ++i) d += in_.workload[i] * Km(i, terr_[i]);
  return d;
}

double SearchState::PotentialCost(double pot) const {
  if (spec_.potential_weight <= 0 || mean_potential_ <= 0 || potential_reference_ <= 0) return 0;
  return spec_.potential_weight * potential_reference_ / (k_ * mean_potential_) *
         std::abs(pot - mean_potential_);
}

double SearchState::Objective() const {
  double o = Dispersion();
  for (int t = 0; t < k_; ++t) o += PotentialCost(pot_[t]);
  return o;
}

// ----------------------------------------------------------------------- start
// Starts from an existing alignment: unassigned accounts join the nearest-centre territory
// among their assigned neighbours; locks are enforced; empty territories get a seed.
void SearchState::StartFrom(const std::vector<int>& start) {
  terr_ = start;
  for (int i = 0; i < n_; ++i) {
    if (spec_.locked[i] >= 0) terr_[i] = spec_.locked[i];
  }
  std::vector<std::vector<int>> members(k_);
  for (int i = 0; i < n_; ++i) {
    if (terr_[i] >= 0) members[terr_[i]].push_back(i);
  }
  for (int t = 0; t < k_; ++t) {
    if (HasHome(t)) {
      centre_[t] = *spec_.homes[t];
    } else if (!members[t].empty()) {
      const Centre c = WeightedMedoid(in_, members[t]);
      centre_[t] = c.position;
      centre_account_[t] = c.account;
    }
  }
  bool pending = true;
  while (pending) {
    pending = false;
    std::vector<std::pair<int, int>> decided;
    for (int i = 0; i < n_; ++i) {
      if (terr_[i] >= 0) continue;
      int best = -1;
      double best_km = std::numeric_limits<double>::infinity();
      for (int v : in_.graph.Neighbours(i)) {
        if (terr_[v] >= 0 && Km(i, terr_[v]) < best_km) {
          best_km = Km(i, terr_[v]);
          best = terr_[v];
        }
      }
      if (best >= 0) decided.emplace_back(i, best);
    }
    for (auto [i, t] : decided) terr_[i] = t;
    pending = !decided.empty();
  }
  for (int i = 0; i < n_; ++i) {
    if (terr_[i] < 0) terr_[i] = 0;  // no assigned account anywhere: cannot happen if k ≥ 1
  }
  RecountAll();
  for (int t = 0; t < k_; ++t) {
    if (count_[t] > 0 || HasHome(t)) continue;
    int far = 0;
    double far_km = -1;
    for (int i = 0; i < n_; ++i) {
      const double km = in_.workload[i] * Km(i, terr_[i]);
      if (count_[terr_[i]] > 1 && km > far_km) {
        far_km = km;
        far = i;
      }
    }
    centre_[t] = in_.position[far];
    centre_account_[t] = far;
  }
  FillEmptyTerritories();
}

// ----------------------------------------------------------------------- balance
// Repeatedly takes the territory furthest outside ±τ and moves workload along the
// cheapest chain of boundary transfers to (or from) a territory with room.
void SearchState::RepairBalance() {
  std::vector<char> stuck(k_, 0);
  std::vector<int> failures(k_, 0);
  banned_.assign(n_, 0);
  for (int round = 0; round < 20 * k_ + 100 && !Stopped(); ++round) {
    int worst = -1;
    double worst_v = kTiny;
    for (int t = 0; t < k_; ++t) {
      if (!stuck[t] && Violation(t) > worst_v) {
        worst_v = Violation(t);
        worst = t;
      }
    }
    if (worst < 0) return;
    // A chain that fails on application bans the account at fault; retry a few times.
    if (!PushChain(worst, load_[worst] > hi_) && !ExchangeForBalance(worst) && ++failures[worst] >= 8) {
      stuck[worst] = 1;
    }
  }
}

// One ejection chain from (out) or to (!out) `territory` over the territory adjacency
// graph, or a cycle back to it (an exchange of a heavy for a light account). Each step
// moves one boundary account; at each territory on the way the account passed on is the
// cheapest whose weight keeps that territory's balance no worse (this is what makes tight
// τ reachable with accounts of uneven workload). Dijkstra on costs clamped at zero plus a
// small per-step charge. Applied only if contiguity holds and total violation drops.
bool SearchState::PushChain(int territory, bool out) {
  constexpr int kKeep = 16;
  struct Pair {
    int other;  // the receiving territory (out) or the giving one (!out)
    std::pair<double, int> cand[kKeep];
    int size;
  };
  std::vector<std::vector<Pair>> pairs(k_);  // keyed by the giver (out) or receiver (!out)
  for (int i = 0; i < n_; ++i) {
    if (!Movable(i) || banned_[i]) continue;
    const int a = terr_[i];
    const double here = Km(i, a);
    for (int v : in_.graph.Neighbours(i)) {
      const int b = terr_[v];
      if (b == a) continue;
      const int key = out ? a : b, other = out ? b : a;
      auto it = std::find_if(pairs[key].begin(), pairs[key].end(),
                             [&](const Pair& x) { return x.other == other; });
      if (it == pairs[key].end()) {
        pairs[key].push_back(Pair{other, {}, 0});
        it = pairs[key].end() - 1;
      }
      bool present = false;
      for (int q = 0; q < it->size; ++q) present |= it->cand[q].second == i;
      if (present) continue;
      const std::pair<double, int> c{in_.workload[i] * (Km(i, b) - here), i};
      if (it->size < kKeep) {
        it->cand[it->size++] = c;
      } else {
        auto worst = std::max_element(it->cand, it->cand + kKeep);
        if (c < *worst) *worst = c;
      }
    }
  }
  for (auto& list : pairs) {
    for (Pair& p : list) std::sort(p.cand, p.cand + p.size);
  }
  std::vector<signed char> leave_ok(n_, -1);  // memo of CanLeave for this chain
  auto can_leave = [&](int i) {
    if (leave_ok[i] < 0) leave_ok[i] = CanLeave(i) ? 1 : 0;
    return leave_ok[i] == 1;
  };
  // Balance at territory u after it receives `in_w` and gives `out_w`: no worse than now
  // (strictly better for the territory the chain starts from).
  auto keeps_balance = [&](int u, double change) {
    const double after = Violation(u, load_[u] + change);
    return u == territory ? after < Violation(u) - kTiny : after <= Violation(u) + kTiny;
  };
  const double step_charge = 1e-3 * scale_km_ * mean_ / std::max(1, n_ / k_);
  std::vector<double> dist(k_, std::numeric_limits<double>::infinity());
  std::vector<int> via(k_, -1), prev(k_, -1);
  std::vector<double> carried(k_, 0);  // workload that arrives at (out) / leaves (!out) u
  std::vector<double> first_w(k_, 0);  // workload of the chain's first step on the way to u
  std::vector<int> first_acc(k_, -1);  // the account of that first step
  std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>,
                      std::greater<>> heap;
  dist[territory] = 0;
  heap.push({0, territory});
  int target = -1, closing = -1, closing_from = -1;
  while (!heap.empty() && target < 0 && closing < 0) {
    auto [d, u] = heap.top();
    heap.pop();
    if (d > dist[u]) continue;
    if (u != territory && keeps_balance(u, out ? carried[u] : -carried[u]) &&
        keeps_balance(territory, out ? -first_w[u] : first_w[u])) {
      target = u;
      break;
    }
    for (const Pair& p : pairs[u]) {
      const int v = p.other;
      for (int q = 0; q < p.size; ++q) {
        const auto [cost, i] = p.cand[q];
        const double w = in_.workload[i];
        const double change_u = out ? carried[u] - w : w - carried[u];
        // The start is judged on its net change when the chain ends (it may swap).
        if (u != territory && !keeps_balance(u, change_u)) continue;
        if (v == territory && u == territory) continue;
        if (!can_leave(i)) continue;
        if (v == territory) {  // closing a cycle: the start swaps a heavy for a light one
          const double start_change = out ? w - first_w[u] : first_w[u] - w;
          // The closing account must still touch its new territory after the chain's
          // other moves: the start lost its first account (out), u lost via[u] (!out).
          const int gone = out ? first_acc[u] : via[u];
          bool touches = false;
          for (int x : in_.graph.Neighbours(i)) touches |= x != gone && terr_[x] == (out ? territory : u);
          if (touches && keeps_balance(territory, start_change)) {
            closing = i;
            closing_from = u;
            break;
          }
          continue;
        }
        const double nd = d + std::max(0.0, cost) + step_charge;
        if (nd < dist[v]) {
          dist[v] = nd;
          via[v] = i;
          prev[v] = u;
          carried[v] = w;
          first_w[v] = u == territory ? w : first_w[u];
          first_acc[v] = u == territory ? i : first_acc[u];
          heap.push({nd, v});
        }
        break;
      }
      if (closing >= 0) break;
    }
  }
  if (target < 0 && closing < 0) return false;
  // The moves from the start outwards: (account, from, to).
  std::vector<std::array<int, 3>> path;
  int u = closing >= 0 ? closing_from : target;
  if (closing >= 0) path.push_back(out ? std::array{closing, closing_from, territory}
                                       : std::array{closing, territory, closing_from});
  for (; u != territory; u = prev[u]) {
    path.push_back(out ? std::array{via[u], prev[u], u} : std::array{via[u], u, prev[u]});
  }
  if (out) std::reverse(path.begin(), path.end());
  const double before = TotalViolation();
  std::vector<std::pair<int, int>> done;  // (account, from)
  bool ok = true;
  for (const auto& [account, from, to] : path) {
    if (terr_[account] != from || !Touches(account, to) || !CanLeave(account) ||
        !Movable(account)) {
      banned_[account] = 1;
      ok = false;
      break;
    }
    done.emplace_back(account, from);
    Move(account, to);
  }
  if (ok && TotalViolation() < before - kTiny && moved_ <= budget_) return true;
  if (ok && !path.empty()) banned_[path.front()[0]] = 1;
  for (auto it = done.rbegin(); it != done.rend(); ++it) Move(it->first, it->second);
  return false;
}

// When no chain helps: the cheapest exchange of one boundary account of `territory` for
// one of an adjacent territory that brings `territory` closer to the band and keeps the
// other no worse. When every account outweighs the band (τ tight), a transfer overshoots
// the band, and only an exchange of a heavier for a lighter account fits; the chain's
// Dijkstra keeps one way into each territory and so misses most of these.
bool SearchState::ExchangeForBalance(int territory) {
  const int t = territory;
  // Boundary accounts of t toward each neighbour u, and of each u toward t.
  std::vector<std::vector<int>> out(k_), in(k_);
  for (int i = 0; i < n_; ++i) {
    if (!Movable(i)) continue;
    const int a = terr_[i];
    for (int v : in_.graph.Neighbours(i)) {
      const int b = terr_[v];
      if (a == t && b != t) {
        if (out[b].empty() || out[b].back() != i) out[b].push_back(i);
      } else if (a != t && b == t) {
        in[a].push_back(i);
        break;
      }
    }
  }
  const double now_t = Violation(t);
  std::vector<std::pair<double, std::pair<int, int>>> found;
  for (int u = 0; u < k_; ++u) {
    if (out[u].empty() || in[u].empty()) continue;
    out[u].erase(std::unique(out[u].begin(), out[u].end()), out[u].end());
    const double now_u = Violation(u);
    for (int i : out[u]) {
      for (int j : in[u]) {
        const double d = in_.workload[i] - in_.workload[j];
        if (Violation(t, load_[t] - d) >= now_t - kTiny || Violation(u, load_[u] + d) > now_u + kTiny) continue;
        const double cost = in_.workload[i] * (Km(i, u) - Km(i, t)) + in_.workload[j] * (Km(j, t) - Km(j, u));
        found.push_back({cost, {i, j}});
      }
    }
  }
  std::sort(found.begin(), found.end());
  constexpr int kTries = 8;  // contiguity checks
  for (int q = 0; q < static_cast<int>(found.size()) && q < kTries; ++q) {
    const auto [i, j] = found[q].second;
    const int u = terr_[j];
    if (!CanLeave(i)) continue;
    Move(i, u);
    if (Touches(j, t) && CanLeave(j)) {
      Move(j, t);
      if (moved_ <= budget_) return true;
      Move(j, u);
    }
    Move(i, t);
  }
  return false;
}

// ----------------------------------------------------------------------- local search
void SearchState::ImproveBoundaries() {
  std::vector<int> order(n_);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng_);
  for (int pass = 0; pass < kMaxPasses && !Stopped(); ++pass) {
    int improved = 0;
    for (int i : order) improved += TryTransfer(i) ? 1 : 0;
    if (improved == 0) break;
  }
}

// Moves account i to the adjacent territory that lowers the objective most while keeping
// balance and contiguity; when balance forbids it, tries a swap with an account there.
bool SearchState::TryTransfer(int i) {
  if (!Movable(i)) return false;
  const int a = terr_[i];
  int options[64];
  int m = 0;
  for (int v : in_.graph.Neighbours(i)) {
    const int b = terr_[v];
    if (b != a && std::find(options, options + m, b) == options + m && m < 64) options[m++] = b;
  }
  if (m == 0) return false;
  const double w = in_.workload[i], p = in_.potential[i], here = Km(i, a);
  std::pair<double, int> gains[64];
  for (int q = 0; q < m; ++q) {
    const int b = options[q];
    const double pot_gain = PotentialCost(pot_[a]) + PotentialCost(pot_[b]) -
                            PotentialCost(pot_[a] - p) - PotentialCost(pot_[b] + p);
    gains[q] = {w * (here - Km(i, b)) + pot_gain, b};
  }
  SortByGain(gains, m);
  for (int q = 0; q < m; ++q) {
    const auto [gain, b] = gains[q];
    if (gain <= kTiny * mean_) break;
    const bool balance_ok = Violation(a, load_[a] - w) <= Violation(a) + kTiny &&
                            Violation(b, load_[b] + w) <= Violation(b) + kTiny;
    if (balance_ok) {
      if (!CanLeave(i)) return false;
      Move(i, b);
      if (moved_ <= budget_) return true;
      Move(i, a);
      continue;
    }
    if (TrySwap(i, b, gain)) return true;
  }
  return false;
}

// Swaps i (to b) with an account j of b near i that may join i's territory, when the pair
// lowers the objective and keeps balance; j is sought within two steps of i.
bool SearchState::TrySwap(int i, int b, double gain_i) {
  const int a = terr_[i];
  const double wi = in_.workload[i], pi = in_.potential[i];
  std::pair<double, int> best[8];
  int found = 0;
  ++stamp_;
  const int seen = stamp_;
  auto consider = [&](int j) {
    if (mark_[j] == seen) return;
    mark_[j] = seen;
    if (terr_[j] != b || !Movable(j)) return;
    bool touches_a = false;
    for (int v : in_.graph.Neighbours(j)) touches_a |= (v != i && terr_[v] == a);
    if (!touches_a) return;
    const double wj = in_.workload[j], pj = in_.potential[j];
    if (Violation(a, load_[a] - wi + wj) > Violation(a) + kTiny) return;
    if (Violation(b, load_[b] + wi - wj) > Violation(b) + kTiny) return;
    const double pot_gain = PotentialCost(pot_[a]) + PotentialCost(pot_[b]) -
                            PotentialCost(pot_[a] - pi + pj) - PotentialCost(pot_[b] + pi - pj) -
                            (PotentialCost(pot_[a]) + PotentialCost(pot_[b]) -
                             PotentialCost(pot_[a] - pi) - PotentialCost(pot_[b] + pi));
    const double gain = gain_i + wj * (Km(j, b) - Km(j, a)) + pot_gain;
    if (gain <= kTiny * mean_) return;
    if (found < 8) {
      best[found++] = {gain, j};
    } else {
      auto low = std::min_element(best, best + 8);
      if (gain > low->first) *low = {gain, j};
    }
  };
  mark_[i] = seen;
  for (int v : in_.graph.Neighbours(i)) {
    consider(v);
    for (int u : in_.graph.Neighbours(v)) consider(u);
  }
  if (found == 0 || !CanLeave(i)) return false;
  SortByGain(best, found);
  for (int q = 0; q < found && q < 3; ++q) {
    const int j = best[q].second;
    Move(i, b);
    if (CanLeave(j)) {
      Move(j, a);
      if (moved_ <= budget_) return true;
      Move(j, b);
    }
    Move(i, a);
  }
  return false;
}

// ----------------------------------------------------------------------- result
SearchResult SearchState::Finish() {
  SearchResult r;
  r.territory_of = terr_;
  r.dispersion = Dispersion();
  r.objective = Objective();
  r.balanced = true;
  for (int t = 0; t < k_; ++t) {
    if (count_[t] == 0 || load_[t] < band_lo_ || load_[t] > band_hi_) r.balanced = false;
  }
  const std::vector<int> pieces = CountComponents(in_, terr_, k_);
  for (int c : pieces) r.noncontiguous += c > 1 ? 1 : 0;
  r.moved_workload = moved_;
  r.stopped = Stopped();
  return r;
}

}  // namespace salesdesk::territory::internal
