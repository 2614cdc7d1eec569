// Benchmark probe (not part of the product): how far can a balanced plan's dispersion fall?
//
// Lagrangian bound of the balanced p-median with medoid centres, as in
// src/territory/lower_bound.h, but each centre's subproblem is solved as an integer
// knapsack with lower and upper capacity instead of its LP relaxation. With a band
// narrower than one account (±2% at k = 50 is ±22 h; accounts weigh ≥ 50 h) integrality
// matters, so this bound is tighter. Too slow for the product (minutes), meant for
// measuring the room left on 1,000-account samples (it keeps an n × n distance matrix).
//
// With --plan, the centres are fixed at that plan's workload-weighted medoids: the bound
// then covers every whole-account, balanced assignment to those centres (a generalised
// assignment problem), which says how much a better assignment alone could gain.
//
// Integer knapsack: dynamic programming over weights floored to a grid of q = 0.05 h
// (a subset's true weight lies in [q·Σa, q·Σa + q·count), so the window is widened by that
// much: a relaxation, still a bound); the cheapest 20 accounts beyond those with negative
// reduced cost are exact items, and the rest enter as a continuous filler at the lowest
// per-hour cost among them (≥ 0: also a relaxation). Centres are evaluated lazily in the
// order of their LP values (LP ≤ integer), stopping once no LP value can undercut the k-th
// integer one. Multipliers: subgradient with Polyak steps, first with LP knapsacks until
// the step vanishes, then from the best of those with integer ones.
//
//   knapsack_bound --instance us_sample1000.csv --k 50 --tau 0.02 --target 8164943
//       [--plan plan.csv] [--lp-iterations 600] [--integer-iterations 300]
// `--target` is a known plan's dispersion (steers the step). Prints the bounds found.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "accounts_csv.h"
#include "territory/geo.h"
#include "territory/instance.h"
#include "territory/metrics.h"

namespace tr = salesdesk::territory;

namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "knapsack_bound: %s\n", message.c_str());
  std::exit(2);
}

constexpr double kGrid = 0.05;  // hours per DP step
constexpr int kExtraItems = 20;  // exact items beyond the negative-cost ones

struct Problem {
  int n = 0, k = 0;
  std::vector<double> weight;
  std::vector<float> km;  // n × n, rounded down
  double lo = 0, hi = 0;  // territory workload band
  int most = 0;           // most accounts a territory can hold
  std::vector<char> excluded;  // accounts no knapsack may take (fixed centres)
  float Km(int a, int b) const { return km[static_cast<std::size_t>(a) * n + b]; }
};

// Reduced costs per hour of centre j's candidates, cheapest first.
std::vector<std::pair<double, int>> Items(const Problem& p, int j, const std::vector<double>& price) {
  std::vector<std::pair<double, int>> items;
  for (int i = 0; i < p.n; ++i) {
    if (i != j && !p.excluded[i]) items.push_back({p.Km(j, i) - price[i], i});
  }
  std::sort(items.begin(), items.end());
  return items;
}

// LP knapsack value of centre j (itself included); `take` gets (account, share).
double LpKnapsack(const Problem& p, int j, const std::vector<double>& price,
                  const std::vector<double>& lambda, std::vector<std::pair<int, double>>* take) {
  const std::vector<std::pair<double, int>> items = Items(p, j, price);
  const double lo = p.lo - p.weight[j], hi = p.hi - p.weight[j];
  double used = 0, value = -lambda[j];
  for (const auto& [r, i] : items) {
    if (r >= 0 && used >= lo) break;
    const double amount = std::min(p.weight[i], (r >= 0 ? lo : hi) - used);
    if (amount <= 0) break;
    value += r * amount;
    used += amount;
    if (take) take->push_back({i, amount / p.weight[i]});
    if (used >= hi) break;
  }
  return value;
}

// Integer knapsack (relaxed as described at the top) of centre j; `take` gets accounts.
double IntegerKnapsack(const Problem& p, int j, const std::vector<double>& price,
                       const std::vector<double>& lambda, std::vector<int>* take) {
  const std::vector<std::pair<double, int>> items = Items(p, j, price);
  std::size_t negative = 0;
  while (negative < items.size() && items[negative].first < 0) ++negative;
  const std::size_t m = std::min(items.size(), negative + kExtraItems);
  const double filler = m < items.size() ? std::max(0.0, items[m].first) : 1e18;
  const double lo = p.lo - p.weight[j], hi = p.hi - p.weight[j];
  const int states = static_cast<int>(std::floor(hi / kGrid));
  if (states < 0) return 1e300;
  auto steps = [&](int i) { return static_cast<int>(std::floor(p.weight[i] / kGrid + 1e-9)); };
  std::vector<double> dp(states + 1, 1e300);
  std::vector<std::vector<char>> chosen;
  if (take) chosen.assign(m, std::vector<char>(states + 1, 0));
  dp[0] = 0;
  for (std::size_t t = 0; t < m; ++t) {
    const int i = items[t].second, a = steps(i);
    const double cost = items[t].first * p.weight[i];
    for (int s = states; s >= a; --s) {
      if (dp[s - a] + cost < dp[s]) {
        dp[s] = dp[s - a] + cost;
        if (take) chosen[t][s] = 1;
      }
    }
  }
  const double floor_hours = lo - kGrid * p.most;  // widened for the grid
  double best = 1e300;
  int best_state = -1;
  for (int s = 0; s <= states; ++s) {
    if (dp[s] >= 1e299) continue;
    const double v = dp[s] + filler * std::max(0.0, floor_hours - kGrid * s);
    if (v < best) best = v, best_state = s;
  }
  if (take && best_state >= 0) {
    for (int t = static_cast<int>(m) - 1, s = best_state; t >= 0; --t) {
      if (chosen[t][s]) take->push_back(items[t].second), s -= steps(items[t].second);
    }
  }
  return best - lambda[j];
}

template <typename Fn>
void ForEach(int count, const Fn& fn) {
  std::thread other([&] { for (int q = 1; q < count; q += 2) fn(q); });
  for (int q = 0; q < count; q += 2) fn(q);
  other.join();
}

// Subgradient ascent; `centres` empty = choose k of all accounts, else fixed centres.
double Ascend(const Problem& p, const std::vector<int>& centres, int lp_iterations,
              int integer_iterations, double target) {
  const int n = p.n;
  std::vector<double> lambda(n, 0), price(n), g(n), value_of(n);
  std::vector<int> order(n);
  // Start: each account pays its workload × km to its (n / k / 2)-th neighbour.
  for (int i = 0; i < n; ++i) {
    std::vector<float> row(p.km.begin() + static_cast<std::ptrdiff_t>(i) * n,
                           p.km.begin() + static_cast<std::ptrdiff_t>(i + 1) * n);
    const int rank = std::max(1, n / p.k / 2);
    std::nth_element(row.begin(), row.begin() + rank, row.end());
    lambda[i] = p.excluded[i] ? 0 : p.weight[i] * row[rank];
  }
  double best = -1e300, theta = 2;
  int stall = 0;
  std::vector<double> best_lambda = lambda;
  const auto t0 = std::chrono::steady_clock::now();
  for (int it = 0; it < lp_iterations + integer_iterations; ++it) {
    const bool integer = it >= lp_iterations;
    if (it == lp_iterations) {
      std::printf("lp_bound %.0f\n", best);
      lambda = best_lambda, theta = 1, stall = 0, best = -1e300;
    }
    for (int i = 0; i < n; ++i) price[i] = lambda[i] / p.weight[i];
    std::vector<int> open;
    std::vector<double> values;
    if (!centres.empty()) {
      open = centres;
      values.resize(open.size());
      ForEach(static_cast<int>(open.size()), [&](int q) {
        values[q] = integer ? IntegerKnapsack(p, open[q], price, lambda, nullptr)
                            : LpKnapsack(p, open[q], price, lambda, nullptr);
      });
    } else {
      ForEach(n, [&](int j) { value_of[j] = LpKnapsack(p, j, price, lambda, nullptr); });
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(), [&](int a, int b) { return value_of[a] < value_of[b]; });
      std::vector<std::pair<double, int>> solved;
      if (!integer) {
        for (int q = 0; q < p.k; ++q) solved.push_back({value_of[order[q]], order[q]});
      } else {
        // Lazily, in LP order, until no LP value can undercut the k-th integer value.
        for (std::size_t at = 0; at < order.size();) {
          if (static_cast<int>(solved.size()) >= p.k) {
            std::vector<double> v;
            for (const auto& s : solved) v.push_back(s.first);
            std::nth_element(v.begin(), v.begin() + (p.k - 1), v.end());
            if (value_of[order[at]] >= v[p.k - 1]) break;
          }
          const std::size_t end = std::min(order.size(), at + 16);
          std::vector<double> batch(end - at);
          ForEach(static_cast<int>(end - at), [&](int q) {
            batch[q] = IntegerKnapsack(p, order[at + q], price, lambda, nullptr);
          });
          for (std::size_t q = at; q < end; ++q) solved.push_back({batch[q - at], order[q]});
          at = end;
        }
        std::sort(solved.begin(), solved.end());
        solved.resize(p.k);
      }
      for (const auto& [v, j] : solved) open.push_back(j), values.push_back(v);
    }
    double value = 0;
    for (int i = 0; i < n; ++i) value += lambda[i];
    for (double v : values) value += v;
    if (value > best + 1e-9 * std::abs(value)) {
      best = value, best_lambda = lambda, stall = 0;
    } else if (++stall >= 25) {
      theta *= 0.5, stall = 0;
    }
    std::fill(g.begin(), g.end(), 1.0);
    for (int j : open) {
      g[j] -= 1;
      if (integer) {
        std::vector<int> take;
        IntegerKnapsack(p, j, price, lambda, &take);
        for (int i : take) g[i] -= 1;
      } else {
        std::vector<std::pair<int, double>> take;
        LpKnapsack(p, j, price, lambda, &take);
        for (auto [i, x] : take) g[i] -= x;
      }
    }
    for (int i = 0; i < n; ++i) {
      if (p.excluded[i]) g[i] = 0;
    }
    double norm = 0;
    for (double v : g) norm += v * v;
    if (it % 50 == 0) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "  iteration %d %s value %.0f best %.0f (%.0f s)\n", it,
                   integer ? "integer" : "lp", value, best, s);
    }
    if (norm < 1e-12 || theta < 1e-4) {
      if (integer) break;
      it = lp_iterations - 1;  // on to the integer phase
      continue;
    }
    const double step = theta * (target - value) / norm;
    for (int i = 0; i < n; ++i) lambda[i] += step * g[i];
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string instance_path, plan_path;
  int k = 0, lp_iterations = 600, integer_iterations = 300;
  double tau = 0.02, target = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--instance") instance_path = value;
    else if (key == "--k") k = std::atoi(value.c_str());
    else if (key == "--tau") tau = std::atof(value.c_str());
    else if (key == "--target") target = std::atof(value.c_str());
    else if (key == "--plan") plan_path = value;
    else if (key == "--lp-iterations") lp_iterations = std::atoi(value.c_str());
    else if (key == "--integer-iterations") integer_iterations = std::atoi(value.c_str());
    else Die("unknown option " + key);
  }
  if (instance_path.empty() || k <= 0 || target <= 0) {
    Die("usage: --instance FILE --k K --target KM_H [--tau T] [--plan PLAN.csv] ...");
  }
  const std::vector<tr::AccountRow> rows = salesdesk::bench::ReadAccountsCsv(instance_path);
  auto instance = tr::Instance::Build(rows);
  if (!instance.ok()) Die(instance.status().ToString());
  Problem p;
  p.n = instance->size(), p.k = k;
  p.weight.resize(p.n);
  for (int i = 0; i < p.n; ++i) p.weight[i] = std::max(instance->workload[i], 1e-9);
  p.km.resize(static_cast<std::size_t>(p.n) * p.n);
  for (int i = 0; i < p.n; ++i) {
    for (int j = 0; j < p.n; ++j) {
      const double d = tr::GreatCircleKm(instance->position[i], instance->position[j]);
      float f = static_cast<float>(d);
      if (static_cast<double>(f) > d) f = std::nextafter(f, 0.0f);
      p.km[static_cast<std::size_t>(i) * p.n + j] = f;
    }
  }
  const double mean = instance->total_workload / k;
  p.lo = mean * (1 - tau), p.hi = mean * (1 + tau);
  p.most = static_cast<int>(std::ceil(p.hi / *std::min_element(p.weight.begin(), p.weight.end()))) + 1;
  p.excluded.assign(p.n, 0);
  std::vector<int> centres;
  if (!plan_path.empty()) {
    std::ifstream plan(plan_path);
    std::string line;
    std::getline(plan, line);
    std::map<std::string, std::vector<int>> members;
    while (std::getline(plan, line)) {
      const auto comma = line.find(',');
      const int i = instance->IndexOf(line.substr(0, comma));
      if (comma == std::string::npos || i < 0) Die(plan_path + ": bad line " + line);
      members[line.substr(comma + 1)].push_back(i);
    }
    if (static_cast<int>(members.size()) != k) Die(plan_path + ": not k territories");
    double dispersion = 0;
    for (const auto& [name, m] : members) {
      const tr::Centre medoid = tr::WeightedMedoid(*instance, m);
      centres.push_back(medoid.account);
      p.excluded[medoid.account] = 1;  // a centre stays in its own territory
      dispersion += medoid.dispersion_km_h;
    }
    std::printf("plan dispersion at its medoids %.0f\n", dispersion);
  }
  const double bound = Ascend(p, centres, lp_iterations, integer_iterations, target);
  std::printf("integer_bound %.0f  gap of the target %.2f%%\n", bound, (target / bound - 1) * 100);
  return 0;
}
