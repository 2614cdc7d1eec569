#include "territory/pair_split.h"

#include <algorithm>
#include <limits>

namespace salesdesk::territory::internal {

namespace {

// Scans the prefixes of the free accounts in order of km_one − km_two (per hour), each
// also with one of the last kCore accounts of the prefix left out and/or one of the next
// kCore accounts taken in, and returns the cheapest split whose side-one load fits (cost,
// prefix length, the exchanged positions, side-one load), or a negative length when none
// does. Fills `scratch` with the order. The exchanges matter when the band is narrower
// than an account: then no prefix may fit, or only a costly one, while the integer optimum
// of the knapsack differs from the LP prefix in a few accounts near its break point (the
// "core" of Balas & Zemel 1980).
constexpr int kCore = 6;

struct Prefix {
  double cost = std::numeric_limits<double>::infinity();
  int length = -1;
  int drop = -1, add = -1;  // positions in `scratch` left out of / added to the prefix
  double load_one = 0;
};

Prefix CheapestPrefix(std::span<const double> weight, std::span<const double> km_one,
                      std::span<const double> km_two, std::span<const Pin> pin,
                      double load_min, double load_max,
                      std::vector<std::pair<double, int>>& scratch) {
  scratch.clear();
  double base = 0, load = 0, heaviest = 0;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    if (pin[i] == Pin::kOne) {
      base += weight[i] * km_one[i];
      load += weight[i];
    } else {
      base += weight[i] * km_two[i];
      if (pin[i] == Pin::kFree) {
        scratch.push_back({km_one[i] - km_two[i], static_cast<int>(i)});
        heaviest = std::max(heaviest, weight[i]);
      }
    }
  }
  std::sort(scratch.begin(), scratch.end());
  const int m = static_cast<int>(scratch.size());
  auto w_at = [&](int q) { return weight[scratch[q].second]; };
  auto c_at = [&](int q) { return weight[scratch[q].second] * scratch[q].first; };
  Prefix best;
  double cost = base;
  const double slack = 1e-12 * std::max(1.0, load_max);
  for (int p = 0;; ++p) {
    if (load - heaviest > load_max + slack) break;
    if (load + heaviest >= load_min - slack) {
      for (int x = -1; x < std::min(p, kCore); ++x) {  // x = -1: nothing left out
        const int drop = x < 0 ? -1 : p - 1 - x;
        for (int y = -1; y < std::min(m - p, kCore); ++y) {  // y = -1: nothing added
          const int add = y < 0 ? -1 : p + y;
          const double l = load - (drop >= 0 ? w_at(drop) : 0) + (add >= 0 ? w_at(add) : 0);
          const double c = cost - (drop >= 0 ? c_at(drop) : 0) + (add >= 0 ? c_at(add) : 0);
          if (l >= load_min - slack && l <= load_max + slack && c < best.cost) best = {c, p, drop, add, l};
        }
      }
    }
    if (p == m) break;
    cost += c_at(p);
    load += w_at(p);
  }
  return best;
}

}  // namespace

TwoWaySplit BestTwoWaySplit(std::span<const double> weight, std::span<const double> km_one,
                            std::span<const double> km_two, std::span<const Pin> pin,
                            double load_min, double load_max,
                            std::vector<std::pair<double, int>>& scratch) {
  const Prefix p = CheapestPrefix(weight, km_one, km_two, pin, load_min, load_max, scratch);
  TwoWaySplit out;
  if (p.length < 0) return out;
  out.feasible = true;
  out.cost = p.cost;
  out.load_one = p.load_one;
  out.one.assign(weight.size(), 0);
  for (std::size_t i = 0; i < weight.size(); ++i) out.one[i] = pin[i] == Pin::kOne ? 1 : 0;
  for (int q = 0; q < p.length; ++q) out.one[scratch[q].second] = 1;
  if (p.drop >= 0) out.one[scratch[p.drop].second] = 0;
  if (p.add >= 0) out.one[scratch[p.add].second] = 1;
  return out;
}

double TwoWaySplitCost(std::span<const double> weight, std::span<const double> km_one,
                       std::span<const double> km_two, std::span<const Pin> pin,
                       double load_min, double load_max,
                       std::vector<std::pair<double, int>>& scratch) {
  return CheapestPrefix(weight, km_one, km_two, pin, load_min, load_max, scratch).cost;
}

}  // namespace salesdesk::territory::internal
