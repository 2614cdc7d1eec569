// Large neighbourhood search over regions of a plan (search.h, ImproveByRegions): a
// handful of neighbouring territories are pooled and aligned afresh, as their own small
// instance, and the result replaces them when it is better. Seeded searches alone leave
// each region's tiling to its start; re-solving regions lets a good plan fix its worst
// parts one at a time (destroy-and-repair, Shaw 1998; Kalcsics & Ríos-Mercado 2019).
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <tuple>
#include <utility>

#include "territory/metrics.h"
#include "territory/search.h"

namespace salesdesk::territory::internal {

namespace {

constexpr int kRegionMin = 3;      // territories pooled per step, at least
constexpr int kRegionMax = 6;      // and at most
constexpr int kRegionSearches = 3; // seeded searches per region; the best one counts
// Balance first (a plan with territories outside the band): regions grown around them
// until their total fits their count with room to spare, re-solved by more searches.
constexpr int kBalanceRegionMin = 4;
constexpr int kBalanceRegionMax = 16;
constexpr int kBalanceSearches = 6;
constexpr int kBalancePasses = 2;
constexpr double kBalanceWork = 20;  // accounts searched in all, × the plan's accounts

std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Dispersion of one territory to its centre: the home base when it has one, else the
// exact workload-weighted medoid.
double TerritorySpread(const Instance& in, const SearchSpec& spec, int t,
                       const std::vector<int>& members) {
  if (members.empty()) return 0;
  if (t < static_cast<int>(spec.homes.size()) && spec.homes[t]) {
    double s = 0;
    for (int i : members) s += in.workload[i] * GreatCircleKm(in.position[i], *spec.homes[t]);
    return s;
  }
  return WeightedMedoid(in, members).dispersion_km_h;
}

// The workload band a region keeps: the whole plan's, in hours.
std::pair<double, double> Band(const Instance& in, const SearchSpec& spec) {
  if (spec.load_max > 0) return {spec.load_min, spec.load_max};
  const double mean = in.total_workload / spec.territories;
  return {mean * (1 - spec.tolerance), mean * (1 + spec.tolerance)};
}

// Hours a territory of `load` hours lies outside [lo, hi].
double HoursOutside(double load, double lo, double hi) {
  return std::max(0.0, lo - load) + std::max(0.0, load - hi);
}

// For each territory, the territories it touches on the account graph, ascending.
std::vector<std::vector<int>> Touching(const Instance& in, const std::vector<int>& plan, int k) {
  std::vector<std::vector<int>> touching(k);
  for (int i = 0; i < in.size(); ++i) {
    const int a = plan[i];
    for (int v : in.graph.Neighbours(i)) {
      const int b = plan[v];
      if (a != b && std::find(touching[a].begin(), touching[a].end(), b) == touching[a].end()) {
        touching[a].push_back(b);
      }
    }
  }
  for (auto& list : touching) std::sort(list.begin(), list.end());
  return touching;
}

// The territories of the region grown from `seed` over the territory adjacency graph, in
// breadth-first order (neighbours shuffled), up to `size` of them.
std::vector<int> GrowRegion(const std::vector<std::vector<int>>& touching, int seed, int size,
                            std::mt19937_64& rng) {
  std::vector<int> region{seed};
  std::vector<char> in_region(touching.size(), 0);
  in_region[seed] = 1;
  for (std::size_t h = 0; h < region.size() && static_cast<int>(region.size()) < size; ++h) {
    std::vector<int> next = touching[region[h]];
    std::shuffle(next.begin(), next.end(), rng);
    for (int t : next) {
      if (in_region[t] || static_cast<int>(region.size()) >= size) continue;
      in_region[t] = 1;
      region.push_back(t);
    }
  }
  return region;
}

// The territories pooled as an instance of their own: the induced account graph, the
// whole plan's workload band, their locks and home bases. `local` is scratch of size n,
// all -1 on entry and on return.
struct RegionProblem {
  std::vector<int> pool;  // the region's accounts, ascending
  Instance sub;
  SearchSpec spec;
};
RegionProblem MakeRegion(const Instance& in, const SearchSpec& spec, const std::vector<int>& region,
                         const std::vector<std::vector<int>>& members, std::vector<int>& local) {
  RegionProblem r;
  for (int t : region) r.pool.insert(r.pool.end(), members[t].begin(), members[t].end());
  std::sort(r.pool.begin(), r.pool.end());
  const int size_pool = static_cast<int>(r.pool.size());
  std::vector<std::pair<int, int>> edges;
  for (int q = 0; q < size_pool; ++q) local[r.pool[q]] = q;
  Instance& sub = r.sub;
  for (int q = 0; q < size_pool; ++q) {
    const int i = r.pool[q];
    sub.ids.push_back(in.ids[i]);
    sub.latitude.push_back(in.latitude[i]);
    sub.longitude.push_back(in.longitude[i]);
    sub.workload.push_back(in.workload[i]);
    sub.potential.push_back(in.potential[i]);
    sub.position.push_back(in.position[i]);
    sub.total_workload += in.workload[i];
    sub.total_potential += in.potential[i];
    sub.largest_workload = std::max(sub.largest_workload, in.workload[i]);
    for (int v : in.graph.Neighbours(i)) {
      if (local[v] > q) edges.emplace_back(q, local[v]);
    }
  }
  sub.graph = AccountGraph(size_pool, edges);
  const int m = static_cast<int>(region.size());
  SearchSpec& sub_spec = r.spec;
  sub_spec.territories = m;
  sub_spec.tolerance = spec.tolerance;
  sub_spec.potential_weight = 0;
  std::tie(sub_spec.load_min, sub_spec.load_max) = Band(in, spec);
  sub_spec.stop = spec.stop;
  sub_spec.cancel = spec.cancel;
  sub_spec.locked.assign(size_pool, -1);
  std::vector<int> sub_of(spec.territories, -1);
  for (int s = 0; s < m; ++s) sub_of[region[s]] = s;
  for (int q = 0; q < size_pool; ++q) {
    if (spec.locked[r.pool[q]] >= 0) sub_spec.locked[q] = sub_of[spec.locked[r.pool[q]]];
  }
  if (!spec.homes.empty()) {
    for (int t : region) sub_spec.homes.push_back(spec.homes[t]);
  }
  for (int q = 0; q < size_pool; ++q) local[r.pool[q]] = -1;
  return r;
}

// Hours outside [lo, hi] summed over the k territories of `plan`.
double PlanHoursOutside(const std::vector<double>& workload, const std::vector<int>& plan, int k,
                        double lo, double hi) {
  std::vector<double> load(k, 0);
  for (std::size_t i = 0; i < plan.size(); ++i) load[plan[i]] += workload[i];
  double out = 0;
  for (double l : load) out += HoursOutside(l, lo, hi);
  return out;
}

// For each territory outside the band (furthest first), a region grown from it toward
// the neighbours that can take or give hours, until its total fits its count of
// territories with at least half the band to spare (or kBalanceRegionMax), is aligned
// afresh; the re-alignment with the fewest hours outside replaces the region when it has
// fewer than now. Returns `plan` with `balanced` recomputed.
SearchResult RebalanceByRegions(const Instance& in, const SearchSpec& spec, std::uint64_t seed,
                                SearchResult plan, const std::function<bool()>& stopped) {
  const int n = in.size(), k = spec.territories;
  const double mean = in.total_workload / k;
  const auto [lo, hi] = Band(in, spec);
  auto outside = [&](double l) { return HoursOutside(l, lo, hi); };
  std::vector<std::vector<int>> members(k);
  std::vector<double> load(k, 0);
  for (int i = 0; i < n; ++i) {
    members[plan.territory_of[i]].push_back(i);
    load[plan.territory_of[i]] += in.workload[i];
  }
  std::vector<int> local(n, -1);
  double work = 0;  // accounts searched so far; capped, so hopeless bands end soon
  auto spent = [&] { return stopped() || work > kBalanceWork * n; };
  for (int pass = 0, step = 0; pass < kBalancePasses && !spent(); ++pass) {
    std::vector<int> order;
    for (int t = 0; t < k; ++t) {
      if (outside(load[t]) > 0) order.push_back(t);
    }
    if (order.empty()) break;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return outside(load[a]) > outside(load[b]); });
    bool changed = false;
    std::vector<std::vector<int>> touching = Touching(in, plan.territory_of, k);
    for (int seed_territory : order) {
      if (spent() || outside(load[seed_territory]) <= 0) continue;
      // Grow: always add the neighbour of the region that brings its total closest to its
      // count × mean; when the region cannot be balanced, grow it further (4, 8, 16).
      std::vector<int> region{seed_territory};
      std::vector<char> in_region(k, 0);
      in_region[seed_territory] = 1;
      double total = load[seed_territory];
      const int most = std::min(kBalanceRegionMax, k);
      for (int least = kBalanceRegionMin; least <= most && !spent(); least *= 2) {
        auto fits = [&] {
          const int m = static_cast<int>(region.size());
          return m >= least && std::abs(total - m * mean) <= 0.5 * m * (hi - mean);
        };
        while (static_cast<int>(region.size()) < std::min(2 * least, k) && !fits()) {
          int pick = -1;
          double pick_gap = 0;
          for (int r : region) {
            for (int t : touching[r]) {
              if (in_region[t]) continue;
              const double gap = std::abs(total + load[t] - (region.size() + 1) * mean);
              if (pick < 0 || gap < pick_gap || (gap == pick_gap && t < pick)) {
                pick = t;
                pick_gap = gap;
              }
            }
          }
          if (pick < 0) break;
          region.push_back(pick);
          in_region[pick] = 1;
          total += load[pick];
        }
        const int m = static_cast<int>(region.size());
        if (m < 2) continue;
        double before = 0;
        for (int t : region) before += outside(load[t]);
        const RegionProblem problem = MakeRegion(in, spec, region, members, local);
        std::optional<SearchResult> found;
        double found_out = before;
        for (int r = 0; r < kBalanceSearches && !spent(); ++r) {
          work += static_cast<double>(problem.pool.size());
          const std::uint64_t search_seed = Mix(seed ^ Mix(++step * 64 + r));
          SearchResult s = RunSearch(problem.sub, problem.spec, search_seed, {});
          if (s.stopped || s.noncontiguous > 0) continue;
          const double out = PlanHoursOutside(problem.sub.workload, s.territory_of, m, lo, hi);
          const bool fewer = out < found_out - 1e-9;
          if (fewer || (found && out <= found_out + 1e-9 && s.dispersion < found->dispersion)) {
            found_out = std::min(found_out, out);
            found = std::move(s);
          }
        }
        if (!found || found_out >= before - 1e-9) continue;
        for (int t : region) members[t].clear(), load[t] = 0;
        for (std::size_t q = 0; q < problem.pool.size(); ++q) {
          const int i = problem.pool[q], t = region[found->territory_of[q]];
          plan.territory_of[i] = t;
          members[t].push_back(i);
          load[t] += in.workload[i];
        }
        touching = Touching(in, plan.territory_of, k);
        changed = true;
        break;
      }
    }
    if (!changed) break;
  }
  plan.balanced = true;
  for (int t = 0; t < k; ++t) {
    plan.balanced = plan.balanced && !members[t].empty() && outside(load[t]) <= 0;
  }
  return plan;
}

}  // namespace

SearchResult ImproveByRegions(const Instance& in, const SearchSpec& spec, std::uint64_t seed,
                              const SearchResult& start, int steps) {
  SearchResult best = start;
  const int n = in.size(), k = spec.territories;
  if (k < 2 || steps <= 0 || start.noncontiguous > 0 || !spec.current.empty() ||
      spec.potential_weight > 0) {
    return best;
  }
  const std::function<bool()> stopped = [&] {
    return (spec.stop && spec.stop->load(std::memory_order_relaxed)) ||
           (spec.cancel && spec.cancel->load(std::memory_order_relaxed));
  };
  if (!best.balanced) {
    best = RebalanceByRegions(in, spec, Mix(seed ^ 0xba1a), std::move(best), stopped);
  }
  std::vector<std::vector<int>> members(k);
  for (int i = 0; i < n; ++i) members[best.territory_of[i]].push_back(i);
  std::vector<double> spread(k);
  for (int t = 0; t < k; ++t) spread[t] = TerritorySpread(in, spec, t, members[t]);
  auto finish = [&] {
    best.dispersion = 0;
    for (int t = 0; t < k; ++t) best.dispersion += spread[t];
    best.objective = best.dispersion;  // the region search runs without the potential term
    best.stopped = stopped();
    return best;
  };
  if (!best.balanced) return finish();
  std::mt19937_64 rng(seed);
  std::vector<int> local(n, -1);
  for (int step = 0; step < steps && !stopped(); ++step) {
    const std::vector<std::vector<int>> touching = Touching(in, best.territory_of, k);
    const int size = kRegionMin + static_cast<int>(rng() % (kRegionMax - kRegionMin + 1));
    const std::vector<int> region =
        GrowRegion(touching, static_cast<int>(rng() % k), std::min(size, k), rng);
    const int m = static_cast<int>(region.size());
    if (m < 2) continue;
    const RegionProblem problem = MakeRegion(in, spec, region, members, local);
    const std::vector<int>& pool = problem.pool;
    const int size_pool = static_cast<int>(pool.size());
    double before = 0;
    for (int t : region) before += spread[t];
    std::optional<SearchResult> found;
    for (int r = 0; r < kRegionSearches && !stopped(); ++r) {
      SearchResult s = RunSearch(problem.sub, problem.spec, Mix(seed ^ Mix(step * 64 + r)), {});
      if (s.stopped || !s.balanced || s.noncontiguous > 0) continue;
      if (!found || s.dispersion < found->dispersion) found = std::move(s);
    }
    if (!found || found->dispersion >= before * (1 - 1e-9)) continue;
    // Apply, then measure the new territories exactly (as the whole plan is measured).
    for (int t : region) members[t].clear();
    for (int q = 0; q < size_pool; ++q) {
      const int t = region[found->territory_of[q]];
      best.territory_of[pool[q]] = t;
      members[t].push_back(pool[q]);
    }
    for (int t : region) spread[t] = TerritorySpread(in, spec, t, members[t]);
  }
  return finish();
}

}  // namespace salesdesk::territory::internal
