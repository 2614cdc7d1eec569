// Large neighbourhood search over regions of a plan (search.h, ImproveByRegions): a
// handful of neighbouring territories are pooled and aligned afresh, as their own small
// instance, and the result replaces them when it is better. Seeded searches alone leave
// each region's tiling to its start; re-solving regions lets a good plan fix its worst
// parts one at a time (destroy-and-repair, Shaw 1998; Kalcsics & Ríos-Mercado 2019).
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>

#include "territory/metrics.h"
#include "territory/search.h"

namespace salesdesk::territory::internal {

namespace {

constexpr int kRegionMin = 3;      // territories pooled per step, at least
constexpr int kRegionMax = 6;      // and at most
constexpr int kRegionSearches = 3; // seeded searches per region; the best one counts

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

}  // namespace

SearchResult ImproveByRegions(const Instance& in, const SearchSpec& spec, std::uint64_t seed,
                              const SearchResult& start, int steps) {
  SearchResult best = start;
  const int n = in.size(), k = spec.territories;
  if (k < 2 || steps <= 0 || !start.balanced || start.noncontiguous > 0 || !spec.current.empty() ||
      spec.potential_weight > 0) {
    return best;
  }
  std::mt19937_64 rng(seed);
  const double mean = in.total_workload / k;
  std::vector<std::vector<int>> members(k);
  for (int i = 0; i < n; ++i) members[best.territory_of[i]].push_back(i);
  std::vector<double> spread(k);
  for (int t = 0; t < k; ++t) spread[t] = TerritorySpread(in, spec, t, members[t]);
  std::vector<int> local(n, -1);
  auto stopped = [&] {
    return (spec.stop && spec.stop->load(std::memory_order_relaxed)) ||
           (spec.cancel && spec.cancel->load(std::memory_order_relaxed));
  };
  for (int step = 0; step < steps && !stopped(); ++step) {
    std::vector<std::vector<int>> touching(k);
    for (int i = 0; i < n; ++i) {
      const int a = best.territory_of[i];
      for (int v : in.graph.Neighbours(i)) {
        const int b = best.territory_of[v];
        if (a != b && std::find(touching[a].begin(), touching[a].end(), b) == touching[a].end()) {
          touching[a].push_back(b);
        }
      }
    }
    for (auto& list : touching) std::sort(list.begin(), list.end());
    const int size = kRegionMin + static_cast<int>(rng() % (kRegionMax - kRegionMin + 1));
    const std::vector<int> region =
        GrowRegion(touching, static_cast<int>(rng() % k), std::min(size, k), rng);
    const int m = static_cast<int>(region.size());
    if (m < 2) continue;
    // The region as an instance of its own.
    std::vector<int> pool;
    for (int t : region) pool.insert(pool.end(), members[t].begin(), members[t].end());
    std::sort(pool.begin(), pool.end());
    const int size_pool = static_cast<int>(pool.size());
    Instance sub;
    std::vector<std::pair<int, int>> edges;
    for (int q = 0; q < size_pool; ++q) local[pool[q]] = q;
    for (int q = 0; q < size_pool; ++q) {
      const int i = pool[q];
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
    SearchSpec sub_spec;
    sub_spec.territories = m;
    sub_spec.tolerance = spec.tolerance;
    sub_spec.potential_weight = 0;
    sub_spec.load_min = spec.load_max > 0 ? spec.load_min : mean * (1 - spec.tolerance);
    sub_spec.load_max = spec.load_max > 0 ? spec.load_max : mean * (1 + spec.tolerance);
    sub_spec.stop = spec.stop;
    sub_spec.cancel = spec.cancel;
    sub_spec.locked.assign(size_pool, -1);
    std::vector<int> sub_of(k, -1);
    for (int s = 0; s < m; ++s) sub_of[region[s]] = s;
    for (int q = 0; q < size_pool; ++q) {
      if (spec.locked[pool[q]] >= 0) sub_spec.locked[q] = sub_of[spec.locked[pool[q]]];
    }
    if (!spec.homes.empty()) {
      for (int t : region) sub_spec.homes.push_back(spec.homes[t]);
    }
    double before = 0;
    for (int t : region) before += spread[t];
    std::optional<SearchResult> found;
    for (int r = 0; r < kRegionSearches && !stopped(); ++r) {
      SearchResult s = RunSearch(sub, sub_spec, Mix(seed ^ Mix(step * 64 + r)), {});
      if (s.stopped || !s.balanced || s.noncontiguous > 0) continue;
      if (!found || s.dispersion < found->dispersion) found = std::move(s);
    }
    for (int q = 0; q < size_pool; ++q) local[pool[q]] = -1;
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
  best.dispersion = 0;
  for (int t = 0; t < k; ++t) best.dispersion += spread[t];
  best.objective = best.dispersion;  // the region search runs without the potential term
  best.stopped = stopped();
  return best;
}

}  // namespace salesdesk::territory::internal
