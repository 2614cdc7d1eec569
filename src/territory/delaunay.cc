#include "territory/delaunay.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <unordered_map>

#include "territory/geo.h"

namespace salesdesk::territory {

namespace {

std::int64_t HilbertIndex(std::int64_t n, std::int64_t x, std::int64_t y) {
  std::int64_t d = 0;
  for (std::int64_t s = n >> 1; s > 0; s >>= 1) {
    const std::int64_t rx = (x & s) ? 1 : 0;
    const std::int64_t ry = (y & s) ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = n - 1 - x;
        y = n - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

// Bowyer–Watson state: triangles (a, b, c) counter-clockwise with their circumcircles,
// and a map from each directed edge to the live triangle that owns it.
class Triangulation {
 public:
  Triangulation(std::vector<double> xs, std::vector<double> ys, int n)
      : xs_(std::move(xs)), ys_(std::move(ys)), m_(n + 3) {}

  int Add(int a, int b, int c) {
    const double ax = xs_[a], ay = ys_[a], bx = xs_[b], by = ys_[b], qx = xs_[c], qy = ys_[c];
    const double d = 2.0 * (ax * (by - qy) + bx * (qy - ay) + qx * (ay - by));
    Tri t{a, b, c, 0, 0, std::numeric_limits<double>::infinity(), true};
    if (d != 0) {  // a degenerate triangle gets an infinite circle: the next point removes it
      const double a2 = ax * ax + ay * ay, b2 = bx * bx + by * by, c2 = qx * qx + qy * qy;
      t.cx = (a2 * (by - qy) + b2 * (qy - ay) + c2 * (ay - by)) / d;
      t.cy = (a2 * (qx - bx) + b2 * (ax - qx) + c2 * (bx - ax)) / d;
      t.r2 = (ax - t.cx) * (ax - t.cx) + (ay - t.cy) * (ay - t.cy);
    }
    const int id = static_cast<int>(tris_.size());
    tris_.push_back(t);
    owner_[Key(a, b)] = id;
    owner_[Key(b, c)] = id;
    owner_[Key(c, a)] = id;
    return id;
  }

  void Insert(int p) {
    const int t = Locate(p);
    if (t < 0) return;
    std::vector<int> bad{t}, stack{t};
    in_cavity_.resize(tris_.size(), 0);
    const int stamp = ++stamp_;
    in_cavity_[t] = stamp;
    while (!stack.empty()) {
      const int s = stack.back();
      stack.pop_back();
      for (auto [u, v] : Sides(s)) {
        const int nb = Owner(v, u);
        if (nb >= 0 && in_cavity_[nb] != stamp && InCircle(nb, p)) {
          in_cavity_[nb] = stamp;
          bad.push_back(nb);
          stack.push_back(nb);
        }
      }
    }
    std::vector<std::pair<int, int>> boundary;
    for (int s : bad) {
      for (auto [u, v] : Sides(s)) {
        const int nb = Owner(v, u);
        if (nb < 0 || in_cavity_[nb] != stamp) boundary.emplace_back(u, v);
      }
    }
    for (int s : bad) {
      tris_[s].alive = false;
      for (auto [u, v] : Sides(s)) {
        auto it = owner_.find(Key(u, v));
        if (it != owner_.end() && it->second == s) owner_.erase(it);
      }
    }
    for (auto [u, v] : boundary) last_ = Add(u, v, p);
  }

  void CollectEdges(int n, std::vector<std::pair<int, int>>& edges) const {
    for (const Tri& t : tris_) {
      if (!t.alive) continue;
      for (auto [u, v] : {std::pair{t.a, t.b}, std::pair{t.b, t.c}, std::pair{t.c, t.a}}) {
        if (u < n && v < n) edges.emplace_back(std::min(u, v), std::max(u, v));
      }
    }
  }

 private:
  struct Tri {
    int a, b, c;
    double cx, cy, r2;
    bool alive;
  };

  std::int64_t Key(int u, int v) const { return static_cast<std::int64_t>(u) * m_ + v; }
  int Owner(int u, int v) const {
    auto it = owner_.find(Key(u, v));
    return it == owner_.end() ? -1 : it->second;
  }
  std::array<std::pair<int, int>, 3> Sides(int s) const {
    const Tri& t = tris_[s];
    return {std::pair{t.a, t.b}, std::pair{t.b, t.c}, std::pair{t.c, t.a}};
  }
  bool InCircle(int s, int p) const {
    const double dx = xs_[p] - tris_[s].cx, dy = ys_[p] - tris_[s].cy;
    return dx * dx + dy * dy < tris_[s].r2;
  }
  double Orient(int a, int b, int p) const {
    return (xs_[b] - xs_[a]) * (ys_[p] - ys_[a]) - (ys_[b] - ys_[a]) * (xs_[p] - xs_[a]);
  }

  // Walks from the last triangle made towards p; falls back to a scan when the walk
  // leaves the triangulation or cycles (possible with rounding).
  int Locate(int p) const {
    int t = tris_[last_].alive ? last_ : static_cast<int>(tris_.size()) - 1;
    for (int steps = 1;; ++steps) {
      const Tri& tr = tris_[t];
      if (Orient(tr.a, tr.b, p) < 0) {
        t = Owner(tr.b, tr.a);
      } else if (Orient(tr.b, tr.c, p) < 0) {
        t = Owner(tr.c, tr.b);
      } else if (Orient(tr.c, tr.a, p) < 0) {
        t = Owner(tr.a, tr.c);
      } else {
        return t;
      }
      if (t < 0 || steps > 100000) break;
    }
    for (int u = static_cast<int>(tris_.size()) - 1; u >= 0; --u) {
      if (tris_[u].alive && InCircle(u, p)) return u;
    }
    return -1;
  }

  std::vector<double> xs_, ys_;
  std::int64_t m_;
  std::vector<Tri> tris_;
  std::unordered_map<std::int64_t, int> owner_;
  std::vector<int> in_cavity_;  // == stamp_ while a triangle is in the current cavity
  int stamp_ = 0;
  int last_ = 0;
};

double Cross(const std::vector<double>& xs, const std::vector<double>& ys, int o, int a, int b) {
  return (xs[a] - xs[o]) * (ys[b] - ys[o]) - (ys[a] - ys[o]) * (xs[b] - xs[o]);
}

// Andrew's monotone chain; collinear points are dropped from the hull.
std::vector<int> ConvexHull(const std::vector<double>& xs, const std::vector<double>& ys,
                            std::vector<int> pts) {
  std::stable_sort(pts.begin(), pts.end(), [&](int a, int b) {
    return xs[a] != xs[b] ? xs[a] < xs[b] : ys[a] < ys[b];
  });
  std::vector<int> lower, upper;
  for (int q : pts) {
    while (lower.size() >= 2 && Cross(xs, ys, lower[lower.size() - 2], lower.back(), q) <= 0) {
      lower.pop_back();
    }
    lower.push_back(q);
  }
  for (auto it = pts.rbegin(); it != pts.rend(); ++it) {
    while (upper.size() >= 2 && Cross(xs, ys, upper[upper.size() - 2], upper.back(), *it) <= 0) {
      upper.pop_back();
    }
    upper.push_back(*it);
  }
  lower.pop_back();
  upper.pop_back();
  lower.insert(lower.end(), upper.begin(), upper.end());
  return lower;
}

void SortUnique(std::vector<std::pair<int, int>>& edges) {
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
}

}  // namespace

std::vector<std::pair<int, int>> DelaunayEdges(const std::vector<double>& x,
                                               const std::vector<double>& y) {
  const int n = static_cast<int>(x.size());
  std::vector<std::pair<int, int>> edges;
  if (n < 2) return edges;
  std::map<std::pair<double, double>, int> first_at;
  std::vector<int> uniq;
  std::vector<std::pair<int, int>> duplicates;  // (duplicate, original)
  for (int i = 0; i < n; ++i) {
    auto [it, fresh] = first_at.emplace(std::pair{x[i], y[i]}, i);
    if (fresh) {
      uniq.push_back(i);
    } else {
      duplicates.emplace_back(i, it->second);
    }
  }
  const auto [minx, maxx] = std::minmax_element(x.begin(), x.end());
  const auto [miny, maxy] = std::minmax_element(y.begin(), y.end());
  const double span = std::max({*maxx - *minx, *maxy - *miny, 1e-9});
  const double cx = (*minx + *maxx) / 2, cy = (*miny + *maxy) / 2, big = 200.0 * span;
  std::vector<double> xs(x), ys(y);
  xs.insert(xs.end(), {cx - 2 * big, cx + 2 * big, cx});
  ys.insert(ys.end(), {cy - big, cy - big, cy + 2 * big});

  const std::int64_t kGrid = 1 << 16;
  const double scale = static_cast<double>(kGrid - 1) / span;
  std::vector<std::int64_t> key(n);
  for (int i : uniq) {
    key[i] = HilbertIndex(kGrid, static_cast<std::int64_t>((xs[i] - *minx) * scale),
                          static_cast<std::int64_t>((ys[i] - *miny) * scale));
  }
  std::vector<int> order = uniq;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key[a] < key[b]; });

  Triangulation tri(xs, ys, n);
  tri.Add(n, n + 1, n + 2);
  for (int p : order) tri.Insert(p);
  tri.CollectEdges(n, edges);
  // Hull edges are Delaunay edges; the finite super-triangle can hide one.
  if (uniq.size() >= 3) {
    const std::vector<int> hull = ConvexHull(xs, ys, uniq);
    for (std::size_t i = 0; i < hull.size(); ++i) {
      const int u = hull[i], v = hull[(i + 1) % hull.size()];
      edges.emplace_back(std::min(u, v), std::max(u, v));
    }
  } else if (uniq.size() == 2) {
    edges.emplace_back(std::min(uniq[0], uniq[1]), std::max(uniq[0], uniq[1]));
  }
  SortUnique(edges);
  if (!duplicates.empty()) {
    const AccountGraph base(n, edges);
    for (auto [dup, original] : duplicates) {
      edges.emplace_back(std::min(dup, original), std::max(dup, original));
      for (int v : base.Neighbours(original)) {
        if (v != dup) edges.emplace_back(std::min(dup, v), std::max(dup, v));
      }
    }
    SortUnique(edges);
  }
  return edges;
}

AccountGraph::AccountGraph(int n, const std::vector<std::pair<int, int>>& edges) {
  std::vector<int> degree(n + 1, 0);
  for (auto [a, b] : edges) {
    if (a == b) continue;
    ++degree[a];
    ++degree[b];
  }
  offset_.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) offset_[i + 1] = offset_[i] + degree[i];
  target_.assign(offset_[n], 0);
  std::vector<int> fill(offset_.begin(), offset_.end() - 1);
  for (auto [a, b] : edges) {
    if (a == b) continue;
    target_[fill[a]++] = b;
    target_[fill[b]++] = a;
  }
  std::vector<int> compact;
  std::vector<int> new_offset(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    auto first = target_.begin() + offset_[i], last = target_.begin() + offset_[i + 1];
    std::sort(first, last);
    last = std::unique(first, last);
    compact.insert(compact.end(), first, last);
    new_offset[i + 1] = static_cast<int>(compact.size());
  }
  offset_ = std::move(new_offset);
  target_ = std::move(compact);
}

AccountGraph BuildAccountGraph(const std::vector<double>& latitude_deg,
                               const std::vector<double>& longitude_deg) {
  const PlanePoints plane = ProjectEqualArea(latitude_deg, longitude_deg);
  const int n = static_cast<int>(plane.x.size());
  return AccountGraph(n, DelaunayEdges(plane.x, plane.y));
}

}  // namespace salesdesk::territory
