#include "territory/lower_bound.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

namespace salesdesk::territory {

namespace {

// Per-centre nearest accounts, sorted by distance (km, rounded down so bounds stay valid).
struct NeighbourLists {
  int width = 0;
  std::vector<int> account;
  std::vector<float> km;
};

float DownKm(double km) {
  const float f = static_cast<float>(km);
  return static_cast<double>(f) > km ? std::nextafter(f, 0.0f) : f;
}

template <typename Fn>
void ParallelFor(int n, int threads, const Fn& fn) {
  threads = std::max(1, std::min(threads, n));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int j = t; j < n; j += threads) fn(j, t);
    });
  }
  for (int j = 0; j < n; j += threads) fn(j, 0);
  for (std::thread& th : pool) th.join();
}

NeighbourLists BuildLists(const Instance& in, int width, int threads) {
  const int n = in.size();
  NeighbourLists lists;
  lists.width = width;
  lists.account.resize(static_cast<std::size_t>(n) * width);
  lists.km.resize(static_cast<std::size_t>(n) * width);
  std::vector<std::vector<std::pair<double, int>>> scratch(std::max(1, threads));
  ParallelFor(n, threads, [&](int j, int t) {
    auto& d = scratch[t];
    d.resize(n);
    for (int i = 0; i < n; ++i) d[i] = {ChordSquared(in.position[i], in.position[j]), i};
    std::nth_element(d.begin(), d.begin() + (width - 1), d.end());
    std::sort(d.begin(), d.begin() + width);
    for (int q = 0; q < width; ++q) {
      const std::size_t at = static_cast<std::size_t>(j) * width + q;
      lists.account[at] = d[q].second;
      lists.km[at] = DownKm(GreatCircleKm(in.position[d[q].second], in.position[j]));
    }
  });
  return lists;
}

// One centre's knapsack LP, solved greedily over a pool of (ratio, account) items.
struct Knapsack {
  double value = 0;      // Σ (w d - λ) x, including the centre itself
  double threshold = 0;  // any account outside the pool with a lower ratio could enter
  bool filled = true;    // the pool reached the lower capacity
};

Knapsack Greedy(std::vector<std::pair<double, int>>& pool, const std::vector<double>& weight,
                double lo, double hi, std::vector<std::pair<int, double>>* take) {
  std::sort(pool.begin(), pool.end());
  Knapsack k;
  double used = 0;
  bool full = false;
  double last = 0;
  for (const auto& [r, i] : pool) {
    if (r >= 0 && used >= lo) break;
    const double w = weight[i];
    // Costly accounts only fill up to the lower capacity; cheap ones up to the upper.
    const double amount = std::min(w, (r >= 0 ? lo : hi) - used);
    if (amount <= 0) {
      full = true;
      break;
    }
    k.value += r * amount;
    used += amount;
    last = r;
    if (take) take->push_back({i, amount / w});
    if (used >= hi) {
      full = true;
      break;
    }
  }
  k.filled = used >= lo - 1e-9 * std::max(1.0, lo);
  k.threshold = full || last > 0 ? last : 0.0;
  if (!k.filled) k.threshold = std::numeric_limits<double>::infinity();
  return k;
}

class Bound {
 public:
  Bound(const Instance& in, int k, const LowerBoundOptions& o) : in_(in), k_(k), o_(o) {
    n_ = in.size();
    const double mean = in.total_workload / k;
    lo_ = mean * (1 - o.tolerance);
    hi_ = mean * (1 + o.tolerance);
    // Accounts without workload count as a sliver of an hour (their dispersion is 0).
    weight_.resize(n_);
    for (int i = 0; i < n_; ++i) weight_[i] = std::max(in.workload[i], 1e-9);
    double w_min = *std::min_element(weight_.begin(), weight_.end());
    const double per_territory = hi_ / w_min;
    width_ = static_cast<int>(std::min<double>(n_, std::ceil(2.5 * per_territory) + 8));
    if (o.list_width > 0) width_ = std::min(n_, o.list_width);
    lists_ = BuildLists(in, width_, o.threads);
    lambda_.resize(n_);
    price_.resize(n_);
    by_price_.resize(n_);
    std::iota(by_price_.begin(), by_price_.end(), 0);
    // Start: each account pays its workload times the distance to its
    // (accounts per territory / 2)-th neighbour, a typical distance to a centre.
    const int rank = std::min(width_ - 1, std::max(1, n_ / k / 2));
    for (int i = 0; i < n_; ++i) {
      lambda_[i] = weight_[i] * lists_.km[static_cast<std::size_t>(i) * width_ + rank];
    }
  }

  LowerBound Run() {
    const auto t0 = std::chrono::steady_clock::now();
    LowerBound best;
    best.value = -std::numeric_limits<double>::infinity();
    double theta = 2.0;
    int stall = 0;
    std::vector<double> rho(n_);
    std::vector<double> g(n_);
    for (int it = 0; it < o_.max_iterations; ++it) {
      // Per-hour multipliers, highest first: the far-account scan stops early on them.
      for (int i = 0; i < n_; ++i) price_[i] = lambda_[i] / weight_[i];
      if (width_ < n_) {
        std::sort(by_price_.begin(), by_price_.end(),
                  [&](int a, int b) { return price_[a] > price_[b]; });
      }
      ParallelFor(n_, o_.threads, [&](int j, int) { rho[j] = Solve(j, nullptr); });
      std::vector<int> open(n_);
      std::iota(open.begin(), open.end(), 0);
      std::nth_element(open.begin(), open.begin() + (k_ - 1), open.end(),
                       [&](int a, int b) { return rho[a] < rho[b] || (rho[a] == rho[b] && a < b); });
      double value = std::accumulate(lambda_.begin(), lambda_.end(), 0.0);
      for (int q = 0; q < k_; ++q) value += rho[open[q]];
      best.iterations = it + 1;
      if (value > best.value + 1e-9 * std::abs(value)) {
        best.value = value;
        stall = 0;
      } else if (++stall >= 25) {
        theta *= 0.5;
        stall = 0;
      }
      std::fill(g.begin(), g.end(), 1.0);
      std::vector<std::pair<int, double>> take;
      for (int q = 0; q < k_; ++q) {
        take.clear();
        Solve(open[q], &take);
        for (auto [i, x] : take) g[i] -= x;
      }
      double norm = 0;
      for (double v : g) norm += v * v;
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (norm < 1e-12 || theta < 1e-4 || elapsed > o_.time_limit_seconds) break;
      const double target = o_.upper_bound > best.value ? o_.upper_bound : best.value * 1.05 + 1;
      const double step = theta * (target - value) / norm;
      for (int i = 0; i < n_; ++i) lambda_[i] += step * g[i];
    }
    return best;
  }

 private:
  // ρ_j: the best value of centre j's knapsack; fills `take` with (account, share).
  double Solve(int j, std::vector<std::pair<int, double>>* take) {
    thread_local std::vector<std::pair<double, int>> pool;
    thread_local std::vector<int> mark;
    thread_local int stamp = 0;
    if (static_cast<int>(mark.size()) < n_) mark.assign(n_, 0), stamp = 0;
    ++stamp;
    pool.clear();
    const std::size_t base = static_cast<std::size_t>(j) * width_;
    for (int q = 0; q < width_; ++q) {
      const int i = lists_.account[base + q];
      mark[i] = stamp;
      if (i != j) pool.push_back({lists_.km[base + q] - price_[i], i});
    }
    const double wj = weight_[j];
    if (take) take->push_back({j, 1.0});
    std::vector<std::pair<double, int>> copy;
    for (;;) {
      copy = pool;
      const std::size_t before = take ? take->size() : 0;
      Knapsack ks = Greedy(copy, weight_, lo_ - wj, hi_ - wj, take);
      if (width_ >= n_) return ks.value - lambda_[j];
      // Accounts beyond the list are at least the last listed distance away; only those
      // whose multiplier could outweigh that distance may beat the threshold.
      const double far = lists_.km[base + width_ - 1];
      bool added = false;
      for (int i : by_price_) {
        if (!(far - price_[i] < ks.threshold)) break;
        if (mark[i] == stamp || i == j) continue;
        const double r = DownKm(GreatCircleKm(in_.position[i], in_.position[j])) -
                         price_[i];
        if (r < ks.threshold) {
          pool.push_back({r, i});
          mark[i] = stamp;
          added = true;
        }
      }
      if (!added) return ks.value - lambda_[j];
      if (take) take->resize(before);
    }
  }

  const Instance& in_;
  int k_, n_ = 0, width_ = 0;
  LowerBoundOptions o_;
  double lo_ = 0, hi_ = 0;
  NeighbourLists lists_;
  std::vector<double> weight_;
  std::vector<double> lambda_;
  std::vector<double> price_;  // λ_i / w_i
  std::vector<int> by_price_;  // accounts by price_, highest first
};

}  // namespace

Result<LowerBound> DispersionLowerBound(const Instance& instance, int territories,
                                        const LowerBoundOptions& options) {
  if (territories < 1 || territories > instance.size()) {
    return Status::Invalid("k must be between 1 and the number of accounts", "k");
  }
  if (instance.largest_workload > instance.total_workload / territories * (1 + options.tolerance)) {
    return Status::Invalid("no alignment can be balanced within τ: raise τ or lower k", "tolerance");
  }
  Bound bound(instance, territories, options);
  return bound.Run();
}

}  // namespace salesdesk::territory
