// Merge-and-split for one search: each pair of adjacent territories is pooled and split
// again between two new centres (pair_split.h) when that lowers the pair's dispersion
// (plus the potential term) and keeps both territories within ±τ, contiguous, and inside
// the disruption limit. Locked accounts keep their side; home bases stay the centres.
#include <algorithm>
#include <cmath>
#include <limits>

#include "territory/pair_split.h"
#include "territory/search_state.h"

namespace salesdesk::territory::internal {

namespace {
constexpr int kMaxSweeps = 8;            // passes over all adjacent pairs
constexpr double kPairScanWork = 8000;   // centre pairs × pooled accounts scanned per pair
constexpr int kMaxCandidates = 16;       // candidate centres per side
constexpr int kTriedSplits = 3;          // cheapest centre pairs checked for contiguity
constexpr double kTiny = 1e-9;
}  // namespace

// Sweeps the adjacent pairs (a pair is tried again only after one of its territories
// changed) until a sweep improves nothing. Returns whether anything changed.
bool SearchState::ResplitPairs() {
  std::vector<std::vector<int>> members(k_);
  std::vector<double> spread(k_, 0);
  for (int i = 0; i < n_; ++i) {
    members[terr_[i]].push_back(i);
    spread[terr_[i]] += in_.workload[i] * Km(i, terr_[i]);
  }
  local_.assign(n_, -1);
  std::vector<int> version(k_, 0);
  std::vector<std::pair<int, int>> checked(static_cast<std::size_t>(k_) * k_, {-1, -1});
  std::vector<char> adjacent(static_cast<std::size_t>(k_) * k_);
  bool any = false;
  for (int sweep = 0; sweep < kMaxSweeps && !Stopped(); ++sweep) {
    std::fill(adjacent.begin(), adjacent.end(), 0);
    for (int i = 0; i < n_; ++i) {
      for (int v : in_.graph.Neighbours(i)) {
        const int a = terr_[i], b = terr_[v];
        if (a < b) adjacent[static_cast<std::size_t>(a) * k_ + b] = 1;
      }
    }
    bool improved = false;
    for (int a = 0; a < k_ && !Stopped(); ++a) {
      for (int b = a + 1; b < k_; ++b) {
        const std::size_t at = static_cast<std::size_t>(a) * k_ + b;
        if (!adjacent[at] || checked[at] == std::pair{version[a], version[b]}) continue;
        if (TryResplit(a, b, members, spread)) {
          ++version[a];
          ++version[b];
          improved = any = true;
        }
        checked[at] = {version[a], version[b]};
      }
    }
    if (!improved) break;
  }
  return any;
}

// Pools territories a and b, scans candidate centre pairs (the pooled accounts nearest
// each current centre, or the home base) with the threshold split, and applies the
// cheapest split that is contiguous, balanced and an actual improvement once both new
// centres are exact medoids. `members` and `spread` (per-territory dispersion to the
// centre) are kept current.
bool SearchState::TryResplit(int a, int b, std::vector<std::vector<int>>& members,
                             std::vector<double>& spread) {
  if (Violation(a) > kTiny || Violation(b) > kTiny) return false;
  std::vector<int> pool = members[a];
  pool.insert(pool.end(), members[b].begin(), members[b].end());
  const int size = static_cast<int>(pool.size());
  const double total = load_[a] + load_[b];
  const double load_min = std::max(lo_, total - hi_), load_max = std::min(hi_, total - lo_);
  if (load_min > load_max) return false;
  std::vector<double> weight(size);
  std::vector<Pin> pin(size);
  for (int q = 0; q < size; ++q) {
    const int i = pool[q];
    local_[i] = q;
    weight[q] = in_.workload[i];
    pin[q] = Movable(i) ? Pin::kFree : (terr_[i] == a ? Pin::kOne : Pin::kTwo);
  }
  const int per_side = std::clamp(static_cast<int>(std::sqrt(kPairScanWork / size)), 2, kMaxCandidates);
  // Distances from every pooled account to each candidate centre of territory t.
  auto distances = [&](int t) {
    std::vector<std::vector<double>> km;
    std::vector<UnitVector> at;
    if (HasHome(t)) {
      at.push_back(*spec_.homes[t]);
    } else {
      std::vector<std::pair<double, int>> near(size);
      for (int q = 0; q < size; ++q) near[q] = {ChordSquared(in_.position[pool[q]], centre_[t]), q};
      const int m = std::min(size, per_side);
      std::partial_sort(near.begin(), near.begin() + m, near.end());
      for (int c = 0; c < m; ++c) at.push_back(in_.position[pool[near[c].second]]);
    }
    for (const UnitVector& p : at) {
      std::vector<double> d(size);
      for (int q = 0; q < size; ++q) d[q] = GreatCircleKm(in_.position[pool[q]], p);
      km.push_back(std::move(d));
    }
    return km;
  };
  const std::vector<std::vector<double>> km_a = distances(a), km_b = distances(b);
  std::vector<std::pair<double, int>> scratch;
  std::vector<std::pair<double, std::pair<int, int>>> best;  // (cost, (centre a, centre b))
  for (int x = 0; x < static_cast<int>(km_a.size()); ++x) {
    for (int y = 0; y < static_cast<int>(km_b.size()); ++y) {
      const double cost = TwoWaySplitCost(weight, km_a[x], km_b[y], pin, load_min, load_max, scratch);
      if (!std::isfinite(cost)) continue;
      best.push_back({cost, {x, y}});
    }
  }
  const int tried = std::min<int>(kTriedSplits, static_cast<int>(best.size()));
  std::partial_sort(best.begin(), best.begin() + tried, best.end());
  const double now = spread[a] + spread[b] + PotentialCost(pot_[a]) + PotentialCost(pot_[b]);
  const double threshold = now - kTiny * std::max(1.0, now);
  bool accepted = false;
  std::vector<int> component(size);
  for (int attempt = 0; attempt < tried && !accepted; ++attempt) {
    if (best[attempt].first >= threshold) break;
    const auto [x, y] = best[attempt].second;
    TwoWaySplit split = BestTwoWaySplit(weight, km_a[x], km_b[y], pin, load_min, load_max, scratch);
    if (!split.feasible) continue;
    // Pieces of each side inside the pool; every piece but the heaviest of its side goes
    // to the other side (the pool is connected, so such a piece touches the other side).
    auto label_pieces = [&](std::vector<double>& piece_load) {
      std::fill(component.begin(), component.end(), -1);
      piece_load.clear();
      std::vector<int> stack;
      for (int s = 0; s < size; ++s) {
        if (component[s] >= 0) continue;
        const int id = static_cast<int>(piece_load.size());
        piece_load.push_back(0);
        component[s] = id;
        stack.assign(1, s);
        while (!stack.empty()) {
          const int u = stack.back();
          stack.pop_back();
          piece_load[id] += weight[u] + (pin[u] != Pin::kFree ? 1e12 : 0);
          for (int v : in_.graph.Neighbours(pool[u])) {
            const int lv = local_[v];
            if (lv < 0 || pool[lv] != v || component[lv] >= 0 || split.one[lv] != split.one[u]) continue;
            component[lv] = id;
            stack.push_back(lv);
          }
        }
      }
    };
    std::vector<double> piece_load;
    label_pieces(piece_load);
    int main_piece[2] = {-1, -1};
    for (int q = 0; q < size; ++q) {
      int& m = main_piece[split.one[q] ? 1 : 0];
      if (m < 0 || piece_load[component[q]] > piece_load[m]) m = component[q];
    }
    bool pinned_cut = false;
    for (int q = 0; q < size; ++q) {
      if (component[q] == main_piece[split.one[q] ? 1 : 0]) continue;
      if (pin[q] != Pin::kFree) pinned_cut = true;
      split.one[q] = !split.one[q];
    }
    if (pinned_cut) continue;
    label_pieces(piece_load);
    if (piece_load.size() != 2) continue;  // a side still in pieces, or empty
    double load_one = 0;
    for (int q = 0; q < size; ++q) load_one += split.one[q] ? weight[q] : 0;
    if (load_one < lo_ || load_one > hi_ || total - load_one < lo_ || total - load_one > hi_) continue;
    for (int q = 0; q < size; ++q) Move(pool[q], split.one[q] ? a : b);
    std::vector<int> side[2];
    for (int q = 0; q < size; ++q) side[split.one[q] ? 0 : 1].push_back(pool[q]);
    Centre centre[2];
    const int terr[2] = {a, b};
    for (int s = 0; s < 2; ++s) {
      if (HasHome(terr[s])) {
        centre[s] = {-1, *spec_.homes[terr[s]], 0};
        for (int i : side[s]) centre[s].dispersion_km_h += in_.workload[i] * GreatCircleKm(in_.position[i], centre[s].position);
      } else {
        centre[s] = WeightedMedoid(in_, side[s]);
      }
    }
    const double after = centre[0].dispersion_km_h + centre[1].dispersion_km_h +
                         PotentialCost(pot_[a]) + PotentialCost(pot_[b]);
    if (after < threshold && moved_ <= budget_) {
      for (int s = 0; s < 2; ++s) {
        centre_[terr[s]] = centre[s].position;
        centre_account_[terr[s]] = centre[s].account;
        spread[terr[s]] = centre[s].dispersion_km_h;
        members[terr[s]] = std::move(side[s]);
      }
      accepted = true;
    } else {
      for (int q = 0; q < size; ++q) Move(pool[q], q < static_cast<int>(members[a].size()) ? a : b);
    }
  }
  for (int i : pool) local_[i] = -1;
  return accepted;
}

}  // namespace salesdesk::territory::internal
