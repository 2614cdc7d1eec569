#include "territory/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace salesdesk::territory {

Centre WeightedMedoid(const Instance& in, std::span<const int> members) {
  double sx = 0, sy = 0, sz = 0;
  for (int i : members) {
    sx += in.workload[i] * in.position[i].x;
    sy += in.workload[i] * in.position[i].y;
    sz += in.workload[i] * in.position[i].z;
  }
  double norm = std::sqrt(sx * sx + sy * sy + sz * sz);
  if (norm == 0) norm = 1;
  const UnitVector c{sx / norm, sy / norm, sz / norm};
  std::vector<int> candidates(members.begin(), members.end());
  std::stable_sort(candidates.begin(), candidates.end(), [&](int a, int b) {
    return ChordSquared(in.position[a], c) < ChordSquared(in.position[b], c);
  });
  // Far and heavy members first, so that poor candidates are abandoned early.
  struct Point {
    UnitVector p;
    double w, key;
  };
  std::vector<Point> pts;
  pts.reserve(members.size());
  for (int i : members) {
    pts.push_back({in.position[i], in.workload[i], -in.workload[i] * ChordSquared(in.position[i], c)});
  }
  std::stable_sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.key < b.key; });
  Centre best{members[0], in.position[members[0]], std::numeric_limits<double>::infinity()};
  for (int j : candidates) {
    const UnitVector& pj = in.position[j];
    double s = 0;
    bool abandoned = false;
    for (const Point& q : pts) {
      s += q.w * GreatCircleKm(q.p, pj);
      if (s >= best.dispersion_km_h) {
        abandoned = true;
        break;
      }
    }
    if (!abandoned) best = {j, pj, s};
  }
  return best;
}

std::vector<int> CountComponents(const Instance& in, const std::vector<int>& territory_of,
                                 int territory_count) {
  std::vector<int> components(territory_count, 0);
  std::vector<char> seen(in.size(), 0);
  std::vector<int> stack;
  for (int s = 0; s < in.size(); ++s) {
    const int t = territory_of[s];
    if (seen[s] || t < 0) continue;
    ++components[t];
    seen[s] = 1;
    stack.push_back(s);
    while (!stack.empty()) {
      const int u = stack.back();
      stack.pop_back();
      for (int v : in.graph.Neighbours(u)) {
        if (!seen[v] && territory_of[v] == t) {
          seen[v] = 1;
          stack.push_back(v);
        }
      }
    }
  }
  return components;
}

namespace {

void FillBalance(AlignmentMetrics& m, const Instance& in, int k) {
  m.total_workload = in.total_workload;
  m.total_potential = in.total_potential;
  m.mean_workload = k ? m.total_workload / k : 0;
  m.mean_potential = k ? m.total_potential / k : 0;
  m.workload_deviation_floor =
      m.mean_workload > 0 ? std::max(0.0, in.largest_workload / m.mean_workload - 1.0) : 0;
  for (TerritoryMetrics& t : m.territories) {
    if (m.mean_workload > 0) t.workload_deviation = (t.workload - m.mean_workload) / m.mean_workload;
    if (m.mean_potential > 0) {
      t.potential_deviation = (t.potential - m.mean_potential) / m.mean_potential;
    }
    m.max_workload_deviation = std::max(m.max_workload_deviation, std::abs(t.workload_deviation));
    m.max_potential_deviation =
        std::max(m.max_potential_deviation, std::abs(t.potential_deviation));
    if (std::abs(t.workload_deviation) > m.tolerance + 1e-12) ++m.outside_tolerance;
    if (t.accounts == 0) ++m.empty_territories;
  }
  m.balanced = m.outside_tolerance == 0 && m.empty_territories == 0;
}

}  // namespace

AlignmentMetrics Measure(const Instance& in, const Alignment& alignment,
                         const std::vector<std::optional<UnitVector>>& homes, double tolerance) {
  const int k = static_cast<int>(alignment.territories.size());
  AlignmentMetrics m;
  m.tolerance = tolerance;
  m.territories.resize(k);
  std::vector<std::vector<int>> members(k);
  for (int i = 0; i < in.size(); ++i) {
    const int t = alignment.territory_of[i];
    if (t >= 0) members[t].push_back(i);
  }
  const std::vector<int> components = CountComponents(in, alignment.territory_of, k);
  for (int t = 0; t < k; ++t) {
    TerritoryMetrics& tm = m.territories[t];
    tm.name = alignment.territories[t];
    tm.accounts = static_cast<int>(members[t].size());
    tm.components = components[t];
    for (int i : members[t]) {
      tm.workload += in.workload[i];
      tm.potential += in.potential[i];
    }
    if (members[t].empty()) continue;
    Centre c;
    if (t < static_cast<int>(homes.size()) && homes[t]) {
      c.position = *homes[t];
      tm.home_base = true;
    } else {
      c = WeightedMedoid(in, members[t]);
      tm.centre_account = in.ids[c.account];
    }
    double dispersion = 0, travel = 0;
    for (int i : members[t]) {
      const double km = GreatCircleKm(in.position[i], c.position);
      dispersion += in.workload[i] * km;
      travel += 2 * km;
      tm.radius_km = std::max(tm.radius_km, km);
    }
    tm.dispersion_km_h = dispersion;
    tm.travel_km = travel;
    m.dispersion_km_h += dispersion;
    m.travel_km += travel;
    m.max_radius_km = std::max(m.max_radius_km, tm.radius_km);
    if (tm.components > 1) {
      ++m.noncontiguous_territories;
      m.extra_components += tm.components - 1;
    }
  }
  m.mean_km = in.total_workload > 0 ? m.dispersion_km_h / in.total_workload : 0;
  FillBalance(m, in, k);
  return m;
}

Disruption MeasureDisruption(const Instance& in, const Alignment& after, const Alignment& before) {
  Disruption d;
  auto name = [](const Alignment& a, int i) -> const std::string* {
    const int t = i < static_cast<int>(a.territory_of.size()) ? a.territory_of[i] : -1;
    return t < 0 ? nullptr : &a.territories[t];
  };
  double moved_w = 0, moved_p = 0;
  std::map<std::pair<std::string, std::string>, double> overlap;
  for (int i = 0; i < in.size(); ++i) {
    const std::string* now = name(after, i);
    const std::string* was = name(before, i);
    if (!now || !was || *now != *was) {
      ++d.moved_accounts;
      moved_w += in.workload[i];
      moved_p += in.potential[i];
    }
    if (now && was) overlap[{*now, *was}] += in.workload[i];
  }
  const int n = in.size();
  d.moved_share = n ? static_cast<double>(d.moved_accounts) / n : 0;
  d.moved_workload_share = in.total_workload > 0 ? moved_w / in.total_workload : 0;
  d.moved_potential_share = in.total_potential > 0 ? moved_p / in.total_potential : 0;
  std::vector<std::pair<double, std::pair<std::string, std::string>>> pairs;
  for (const auto& [key, w] : overlap) pairs.push_back({w, key});
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::map<std::string, bool> used_new, used_old;
  double kept = 0;
  for (const auto& [w, key] : pairs) {
    if (used_new[key.first] || used_old[key.second]) continue;
    used_new[key.first] = used_old[key.second] = true;
    kept += w;
  }
  d.matched_moved_workload_share = in.total_workload > 0 ? 1.0 - kept / in.total_workload : 0;
  return d;
}

std::vector<std::optional<UnitVector>> HomesByTerritory(const std::vector<std::string>& territories,
                                                        const std::vector<HomeBase>& homes) {
  std::vector<std::optional<UnitVector>> out(territories.size());
  for (const HomeBase& h : homes) {
    auto it = std::find(territories.begin(), territories.end(), h.territory);
    if (it != territories.end()) out[it - territories.begin()] = ToUnitVector(h.latitude, h.longitude);
  }
  return out;
}

AlignmentMetrics Measure(const Instance& in, const Alignment& alignment,
                         const std::vector<HomeBase>& homes, double tolerance) {
  return Measure(in, alignment, HomesByTerritory(alignment.territories, homes), tolerance);
}

Comparison Compare(const Instance& in, const Alignment& before, const Alignment& after,
                   const std::vector<HomeBase>& homes, double tolerance) {
  Comparison c;
  c.before = Measure(in, before, homes, tolerance);
  c.after = Measure(in, after, homes, tolerance);
  c.disruption = MeasureDisruption(in, after, before);
  return c;
}

}  // namespace salesdesk::territory
