#include "territory/pair_split.h"

#include <algorithm>
#include <limits>

namespace salesdesk::territory::internal {

namespace {

// Scans the prefixes of the free accounts in order of km_one − km_two (per hour) and
// returns (cost, prefix length, side-one load) of the cheapest one whose load fits, or a
// negative length when none does. Fills `scratch` with the order.
struct Prefix {
  double cost = std::numeric_limits<double>::infinity();
  int length = -1;
  double load_one = 0;
};

Prefix CheapestPrefix(std::span<const double> weight, std::span<const double> km_one,
                      std::span<const double> km_two, std::span<const Pin> pin,
                      double load_min, double load_max,
                      std::vector<std::pair<double, int>>& scratch) {
  scratch.clear();
  double base = 0, load = 0;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    if (pin[i] == Pin::kOne) {
      base += weight[i] * km_one[i];
      load += weight[i];
    } else {
      base += weight[i] * km_two[i];
      if (pin[i] == Pin::kFree) {
        scratch.push_back({km_one[i] - km_two[i], static_cast<int>(i)});
      }
    }
  }
  std::sort(scratch.begin(), scratch.end());
  Prefix best;
  double cost = base;
  const double slack = 1e-12 * std::max(1.0, load_max);
  for (std::size_t p = 0;; ++p) {
    if (load > load_max + slack) break;
    if (load >= load_min - slack && cost < best.cost) best = {cost, static_cast<int>(p), load};
    if (p == scratch.size()) break;
    const double w = weight[scratch[p].second];
    cost += w * scratch[p].first;
    load += w;
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
  return out;
}

double TwoWaySplitCost(std::span<const double> weight, std::span<const double> km_one,
                       std::span<const double> km_two, std::span<const Pin> pin,
                       double load_min, double load_max,
                       std::vector<std::pair<double, int>>& scratch) {
  return CheapestPrefix(weight, km_one, km_two, pin, load_min, load_max, scratch).cost;
}

}  // namespace salesdesk::territory::internal
