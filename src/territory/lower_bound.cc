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

// One centre's knapsack LP, solved greedily over a pool of (ratio, account) items.
struct Knapsack {
  double value = 0;      // Σ (w d - λ) x, including the centre itself
  double threshold = 0;  // any account outside the pool with a lower ratio could enter
  bool filled = true;    // the pool reached the lower capacity
};

// `most` bounds how many items any fill can take (upper capacity / lightest weight + 1):
// only that many cheapest items are sorted.
Knapsack Greedy(std::vector<std::pair<double, int>>& pool, const std::vector<double>& weight,
                double lo, double hi, std::size_t most,
                std::vector<std::pair<int, double>>* take) {
  if (pool.size() > most + 1) {
    std::nth_element(pool.begin(), pool.begin() + most, pool.end());
    pool.resize(most + 1);
  }
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

// Accounts in blocks of nearby ones (Morton order of the unit vectors), each with its
// bounding box: a whole block is skipped when even its nearest possible account at its
// highest price could not enter a centre's knapsack.
struct Blocks {
  static constexpr int kSize = 32;
  std::vector<int> order;  // accounts, block by block
  std::vector<double> box; // per block: min x, y, z, max x, y, z
  int count() const { return static_cast<int>((order.size() + kSize - 1) / kSize); }
};

std::uint64_t Spread3(std::uint64_t v) {  // 10 bits to every third of 30
  v &= 0x3ff;
  v = (v | (v << 16)) & 0x030000ff;
  v = (v | (v << 8)) & 0x0300f00f;
  v = (v | (v << 4)) & 0x030c30c3;
  v = (v | (v << 2)) & 0x09249249;
  return v;
}

Blocks BuildBlocks(const Instance& in) {
  const int n = in.size();
  std::vector<std::pair<std::uint64_t, int>> keyed(n);
  auto q = [](double c) { return static_cast<std::uint64_t>(std::clamp((c + 1) * 511.5, 0.0, 1023.0)); };
  for (int i = 0; i < n; ++i) {
    const UnitVector& p = in.position[i];
    keyed[i] = {Spread3(q(p.x)) | (Spread3(q(p.y)) << 1) | (Spread3(q(p.z)) << 2), i};
  }
  std::sort(keyed.begin(), keyed.end());
  Blocks b;
  for (const auto& [key, i] : keyed) b.order.push_back(i);
  b.box.resize(static_cast<std::size_t>(b.count()) * 6);
  for (int k = 0; k < b.count(); ++k) {
    double* box = &b.box[static_cast<std::size_t>(k) * 6];
    box[0] = box[1] = box[2] = 2;
    box[3] = box[4] = box[5] = -2;
    const int end = std::min(n, (k + 1) * Blocks::kSize);
    for (int at = k * Blocks::kSize; at < end; ++at) {
      const UnitVector& p = in.position[b.order[at]];
      box[0] = std::min(box[0], p.x), box[1] = std::min(box[1], p.y), box[2] = std::min(box[2], p.z);
      box[3] = std::max(box[3], p.x), box[4] = std::max(box[4], p.y), box[5] = std::max(box[5], p.z);
    }
  }
  return b;
}

// A lower bound on the great-circle km from p to any point in the box: the chord to the
// box is at most any chord to a point in it, and 2R·asin(c/2) ≥ R·c; shaved by a
// millionth so float rounding of the listed distances (DownKm) cannot undercut it.
double BoxKm(const double* box, const UnitVector& p) {
  const double dx = std::max({box[0] - p.x, 0.0, p.x - box[3]});
  const double dy = std::max({box[1] - p.y, 0.0, p.y - box[4]});
  const double dz = std::max({box[2] - p.z, 0.0, p.z - box[5]});
  return kEarthRadiusKm * std::sqrt(dx * dx + dy * dy + dz * dz) * (1 - 1e-6);
}

// Each account's `width` nearest accounts (itself included), nearest first. Blocks are
// visited nearest box first and the visit stops once no box can hold a nearer account
// than the width-th found so far, so the lists equal a full scan's (ties by index).
NeighbourLists BuildLists(const Instance& in, const Blocks& blocks, int width, int threads) {
  const int n = in.size();
  NeighbourLists lists;
  lists.width = width;
  lists.account.resize(static_cast<std::size_t>(n) * width);
  lists.km.resize(static_cast<std::size_t>(n) * width);
  struct Scratch {
    std::vector<std::pair<double, int>> boxes, found;
  };
  std::vector<Scratch> scratch(std::max(1, threads));
  ParallelFor(n, threads, [&](int j, int t) {
    Scratch& s = scratch[t];
    const UnitVector& p = in.position[j];
    s.boxes.clear();
    for (int b = 0; b < blocks.count(); ++b) {
      const double* box = &blocks.box[static_cast<std::size_t>(b) * 6];
      const double dx = std::max({box[0] - p.x, 0.0, p.x - box[3]});
      const double dy = std::max({box[1] - p.y, 0.0, p.y - box[4]});
      const double dz = std::max({box[2] - p.z, 0.0, p.z - box[5]});
      s.boxes.push_back({dx * dx + dy * dy + dz * dz, b});
    }
    std::sort(s.boxes.begin(), s.boxes.end());
    // Take whole blocks, nearest box first, until `width` accounts are in hand; then the
    // width-th nearest so far bounds the search: only boxes no farther can still matter.
    s.found.clear();
    double bound = std::numeric_limits<double>::infinity();
    for (const auto& [near, b] : s.boxes) {
      // Shaved so rounding in the box distance never skips a block it should not.
      if (near * (1 - 1e-12) > bound) break;
      const int end = std::min(n, (b + 1) * Blocks::kSize);
      for (int at = b * Blocks::kSize; at < end; ++at) {
        const int i = blocks.order[at];
        s.found.push_back({ChordSquared(in.position[i], p), i});
      }
      if (!std::isfinite(bound) && static_cast<int>(s.found.size()) >= width) {
        std::nth_element(s.found.begin(), s.found.begin() + (width - 1), s.found.end());
        bound = s.found[width - 1].first;
      }
    }
    std::nth_element(s.found.begin(), s.found.begin() + (width - 1), s.found.end());
    std::sort(s.found.begin(), s.found.begin() + width);
    for (int q = 0; q < width; ++q) {
      const std::size_t at = static_cast<std::size_t>(j) * width + q;
      lists.account[at] = s.found[q].second;
      lists.km[at] = DownKm(GreatCircleKm(in.position[s.found[q].second], p));
    }
  });
  return lists;
}

constexpr int kCertifyEvery = 8;        // every how many iterations all centres are solved
constexpr int kActivePerTerritory = 4;  // active centres per territory between those
constexpr int kActiveMin = 64;

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
    most_ = static_cast<std::size_t>(std::min<double>(n_, std::ceil(per_territory) + 1));
    width_ = static_cast<int>(std::min<double>(n_, std::ceil(2.5 * per_territory) + 8));
    if (o.list_width > 0) width_ = std::min(n_, o.list_width);
    blocks_ = BuildBlocks(in);
    lists_ = BuildLists(in, blocks_, width_, o.threads);
    block_price_.resize(blocks_.count());
    lambda_.resize(n_);
    price_.resize(n_);
    // Start: each account pays its workload times the distance to its
    // (accounts per territory / 2)-th neighbour, a typical distance to a centre.
    const int rank = std::min(width_ - 1, std::max(1, n_ / k / 2));
    for (int i = 0; i < n_; ++i) {
      lambda_[i] = weight_[i] * lists_.km[static_cast<std::size_t>(i) * width_ + rank];
    }
  }

  // Subgradient ascent. Every kCertifyEvery-th iteration solves every centre's knapsack:
  // its value is a certified bound, and its cheapest centres become the active set. The
  // iterations between solve the active centres only (a few × k instead of n): their
  // value only steers the step, and is never reported. So the result stays a true lower
  // bound while most iterations cost a fraction of a full one.
  LowerBound Run() {
    const auto t0 = std::chrono::steady_clock::now();
    LowerBound best;
    best.value = -std::numeric_limits<double>::infinity();
    double theta = 2.0;
    int stall = 0, patience = 25;
    std::vector<double> rho(n_);
    std::vector<double> g(n_);
    std::vector<int> active;
    const int active_size = std::min(n_, std::max(kActivePerTerritory * k_, kActiveMin));
    for (int it = 0; it < o_.max_iterations; ++it) {
      for (int i = 0; i < n_; ++i) price_[i] = lambda_[i] / weight_[i];
      for (int b = 0; b < blocks_.count(); ++b) {
        double top = -std::numeric_limits<double>::infinity();
        const int end = std::min(n_, (b + 1) * Blocks::kSize);
        for (int at = b * Blocks::kSize; at < end; ++at) top = std::max(top, price_[blocks_.order[at]]);
        block_price_[b] = top;
      }
      const bool full = it % kCertifyEvery == 0 || active_size == n_;
      auto cheaper = [&](int a, int b) { return rho[a] < rho[b] || (rho[a] == rho[b] && a < b); };
      if (full) {
        ParallelFor(n_, o_.threads, [&](int j, int) { rho[j] = Solve(j, nullptr); });
        active.resize(n_);
        std::iota(active.begin(), active.end(), 0);
        std::nth_element(active.begin(), active.begin() + (active_size - 1), active.end(), cheaper);
        active.resize(active_size);
        std::sort(active.begin(), active.end());
      } else {
        ParallelFor(active_size, o_.threads, [&](int q, int) { rho[active[q]] = Solve(active[q], nullptr); });
      }
      std::vector<int> open = active;
      std::nth_element(open.begin(), open.begin() + (k_ - 1), open.end(), cheaper);
      double value = std::accumulate(lambda_.begin(), lambda_.end(), 0.0);
      for (int q = 0; q < k_; ++q) value += rho[open[q]];
      if (full) {
        best.iterations = it + 1;
        // The step halves after about 25 iterations without a better certified bound.
        if (value > best.value + 1e-9 * std::abs(value)) {
          best.value = value;
          stall = 0;
        } else if (++stall * std::min(kCertifyEvery, it + 1) >= patience) {
          theta *= 0.5;
          stall = 0;
        }
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
      if (it == 0) {
        // Patience before the step halves: 25 iterations (Beasley 1993) when the budget
        // allows hundreds, less when the time limit allows only a few dozen (large
        // instances), so the step still shrinks to where the ascent converges.
        const double full_cost = std::max(elapsed, 1e-9);
        const double affordable = std::min<double>(
            o_.max_iterations, o_.time_limit_seconds / full_cost * kCertifyEvery / 2);
        patience = std::clamp(static_cast<int>(affordable / 40), kCertifyEvery, 25);
      }
      if (norm < 1e-12 || theta < 1e-4 || elapsed > o_.time_limit_seconds) break;
      if (o_.cancel && o_.cancel->load(std::memory_order_relaxed)) break;
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
      Knapsack ks = Greedy(copy, weight_, lo_ - wj, hi_ - wj, most_, take);
      if (width_ >= n_) return ks.value - lambda_[j];
      // Accounts beyond the list are at least the last listed distance away, and those of
      // a block at least the distance to its box; only accounts whose price could outweigh
      // that distance may beat the threshold, so whole blocks are passed over.
      const double far = lists_.km[base + width_ - 1];
      bool added = false;
      for (int b = 0; b < blocks_.count(); ++b) {
        if (!(far - block_price_[b] < ks.threshold)) continue;
        const double* box = &blocks_.box[static_cast<std::size_t>(b) * 6];
        if (!(BoxKm(box, in_.position[j]) - block_price_[b] < ks.threshold)) continue;
        const int end = std::min(n_, (b + 1) * Blocks::kSize);
        for (int at = b * Blocks::kSize; at < end; ++at) {
          const int i = blocks_.order[at];
          if (mark[i] == stamp || i == j || !(far - price_[i] < ks.threshold)) continue;
          const double r = DownKm(GreatCircleKm(in_.position[i], in_.position[j])) - price_[i];
          if (r < ks.threshold) {
            pool.push_back({r, i});
            mark[i] = stamp;
            added = true;
          }
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
  Blocks blocks_;
  std::vector<double> block_price_;  // highest price_ per block
  std::size_t most_ = 0;             // most accounts one knapsack can take
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
