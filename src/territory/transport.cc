#include "territory/transport.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace salesdesk::territory::internal {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The residual graph over the centres: for each ordered pair the cheapest way to move an
// hour from t to u (some account with hours at t that may go to u), with that account.
struct MoveGraph {
  std::vector<double> cost;  // k × k, km per hour
  std::vector<int> account, from_slot, to_slot;
};

void BuildMoves(const TransportProblem& p, const std::vector<double>& flow, int routed, double eps,
                MoveGraph& g) {
  const int k = p.centres, c = p.width;
  std::fill(g.cost.begin(), g.cost.end(), kInf);
  for (int j = 0; j < routed; ++j) {
    for (int s1 = 0; s1 < c; ++s1) {
      if (flow[j * c + s1] <= eps) continue;
      const int t = p.centre[j * c + s1];
      for (int s2 = 0; s2 < c; ++s2) {
        const int u = p.centre[j * c + s2];
        if (s2 == s1 || u < 0) continue;
        const double d = p.km[j * c + s2] - p.km[j * c + s1];
        const int e = t * k + u;
        if (d < g.cost[e]) {
          g.cost[e] = d;
          g.account[e] = j;
          g.from_slot[e] = s1;
          g.to_slot[e] = s2;
        }
      }
    }
  }
}

}  // namespace

TransportPlan SolveTransport(const TransportProblem& p) {
  const int n = static_cast<int>(p.weight.size()), k = p.centres, c = p.width;
  TransportPlan out;
  out.rounded.assign(n, -1);
  if (k <= 0 || c <= 0) return out;
  double total = 0, max_km = 0;
  for (double w : p.weight) total += w;
  for (double d : p.km) max_km = std::max(max_km, d);
  const double eps = 1e-12 * std::max(1.0, total);
  // Larger than any path's km per hour, so filling a centre up to load_min always wins.
  const double reward = 4.0 * (k + 1) * (max_km + 1);
  std::vector<double> flow(static_cast<std::size_t>(n) * c, 0), load(k, 0), dist(k);
  std::vector<int> pred(k), entry(k), queue;
  std::vector<char> queued(k);
  std::vector<std::vector<int>> out_moves(k);  // per centre: centres a move reaches
  MoveGraph g;
  g.cost.resize(static_cast<std::size_t>(k) * k);
  g.account.resize(g.cost.size());
  g.from_slot.resize(g.cost.size());
  g.to_slot.resize(g.cost.size());
  bool feasible = true;
  for (int i = 0; i < n && feasible; ++i) {
    double left = p.weight[i];
    while (left > eps) {
      BuildMoves(p, flow, i + 1, eps, g);
      std::fill(dist.begin(), dist.end(), kInf);
      std::fill(pred.begin(), pred.end(), -2);
      for (int s = 0; s < c; ++s) {
        const int t = p.centre[i * c + s];
        if (t >= 0 && p.km[i * c + s] < dist[t]) dist[t] = p.km[i * c + s], pred[t] = -1, entry[t] = s;
      }
      // Shortest paths by Bellman–Ford with a queue (only centres whose distance fell are
      // scanned again, along the moves that exist) and at most k passes' worth of scans;
      // the tiny margin stops rounding error from cycling.
      for (int t = 0; t < k; ++t) {
        out_moves[t].clear();
        for (int u = 0; u < k; ++u) {
          if (g.cost[t * k + u] < kInf) out_moves[t].push_back(u);
        }
      }
      queue.clear();
      std::fill(queued.begin(), queued.end(), 0);
      for (int t = 0; t < k; ++t) {
        if (dist[t] < kInf) queue.push_back(t), queued[t] = 1;
      }
      long long scans = 0;
      const long long most_scans = static_cast<long long>(k) * k;
      for (std::size_t head = 0; head < queue.size() && scans < most_scans; ++head, ++scans) {
        const int t = queue[head];
        queued[t] = 0;
        for (int u : out_moves[t]) {
          const double d = dist[t] + g.cost[t * k + u];
          if (dist[u] == kInf ? d < kInf : d < dist[u] - 1e-12 * (1 + std::abs(dist[u]))) {
            dist[u] = d, pred[u] = t;
            if (!queued[u]) queue.push_back(u), queued[u] = 1;
          }
        }
      }
      int end = -1;
      double best = kInf;
      for (int t = 0; t < k; ++t) {
        if (dist[t] == kInf || load[t] >= p.load_max - eps) continue;
        const double v = dist[t] - (load[t] < p.load_min - eps ? reward : 0);
        if (v < best) best = v, end = t;
      }
      if (end < 0) {
        feasible = false;
        break;
      }
      double amount = std::min(left, (load[end] < p.load_min - eps ? p.load_min : p.load_max) - load[end]);
      int t = end, steps = 0;
      for (; pred[t] >= 0 && steps <= k; t = pred[t], ++steps) {
        const int e = pred[t] * k + t;
        amount = std::min(amount, flow[g.account[e] * c + g.from_slot[e]]);
      }
      if (steps > k) {  // a cycle left by rounding error: give up rather than loop
        feasible = false;
        break;
      }
      for (t = end; pred[t] >= 0; t = pred[t]) {
        const int e = pred[t] * k + t;
        flow[g.account[e] * c + g.from_slot[e]] -= amount;
        flow[g.account[e] * c + g.to_slot[e]] += amount;
      }
      flow[i * c + entry[t]] += amount;
      load[end] += amount;
      left -= amount;
    }
  }
  for (int t = 0; t < k; ++t) {
    if (load[t] < p.load_min * (1 - 1e-9) - eps || load[t] > p.load_max * (1 + 1e-9) + eps) feasible = false;
  }
  for (int i = 0; i < n; ++i) {
    int top = -1, shares = 0;
    for (int s = 0; s < c; ++s) {
      const double f = flow[i * c + s];
      if (f <= eps) continue;
      ++shares;
      out.cost += f * p.km[i * c + s];
      if (top < 0 || f > flow[i * c + top]) top = s;
    }
    if (top >= 0) out.rounded[i] = p.centre[i * c + top];
    else if (p.weight[i] > eps) feasible = false;
    if (shares > 1) ++out.split_accounts;
  }
  // A weightless account takes its nearest candidate.
  for (int i = 0; i < n; ++i) {
    if (out.rounded[i] >= 0) continue;
    double near = kInf;
    for (int s = 0; s < c; ++s) {
      if (p.centre[i * c + s] >= 0 && p.km[i * c + s] < near) near = p.km[i * c + s], out.rounded[i] = p.centre[i * c + s];
    }
    if (out.rounded[i] < 0) feasible = false;
  }
  out.feasible = feasible;
  return out;
}

}  // namespace salesdesk::territory::internal
