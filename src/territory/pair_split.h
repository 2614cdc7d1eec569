// Internal to the territory module: the best balanced split of two neighbouring
// territories' accounts between two given centres. The search re-splits adjacent pairs of
// territories with it (merge-and-split, a districting neighbourhood: Kalcsics &
// Ríos-Mercado 2019) so that whole boundaries move at once, which single transfers and
// swaps under a tight ±τ cannot do. Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

namespace salesdesk::territory::internal {

// Which side an account must take: free, or pinned to side one or side two (locks, the
// disruption limit).
enum class Pin : signed char { kFree = 0, kOne = 1, kTwo = 2 };

struct TwoWaySplit {
  bool feasible = false;
  double cost = 0;        // Σ workload × km to the centre of the account's side
  double load_one = 0;    // workload on side one
  std::vector<char> one;  // per account: 1 = side one, 0 = side two
};

// Splits accounts (workload `weight`, km to centre one `km_one` and to centre two
// `km_two`, all the same length) so that side one's workload lies in [load_min,
// load_max] and the total cost is least among threshold splits and their exchanges:
// accounts ordered by the extra km per hour of side one (km_one − km_two), side one takes
// a prefix of the free ones, optionally without one of the prefix's last few accounts
// and/or with one of the next few. The LP relaxation (a fractional knapsack) is solved by
// a prefix with at most one account split; the exchanges find the integer splits near it
// when the band is narrower than an account (a tight τ), where no prefix may fit.
// `scratch` is reused between calls. Infeasible when no such split fits the range.
TwoWaySplit BestTwoWaySplit(std::span<const double> weight, std::span<const double> km_one,
                            std::span<const double> km_two, std::span<const Pin> pin,
                            double load_min, double load_max,
                            std::vector<std::pair<double, int>>& scratch);

// The cost alone (no per-account answer), for scanning many centre pairs cheaply.
// Returns +∞ when infeasible.
double TwoWaySplitCost(std::span<const double> weight, std::span<const double> km_one,
                       std::span<const double> km_two, std::span<const Pin> pin,
                       double load_min, double load_max,
                       std::vector<std::pair<double, int>>& scratch);

}  // namespace salesdesk::territory::internal
