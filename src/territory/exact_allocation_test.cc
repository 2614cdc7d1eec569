// The search's exact-allocation restart (search.h, SearchSpec::exact_allocation): from a
// given plan, location–allocation with the exact balanced assignment (transport.h).
#include <algorithm>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "territory/metrics.h"
#include "territory/search.h"
#include "territory/test_instances.h"

namespace salesdesk::territory::internal {
namespace {

Instance Clusters() { return testing::ThreeClusters(23); }

// A balanced but far from compact start: k stripes of equal workload by longitude.
std::vector<int> Stripes(const Instance& in, int k) {
  std::vector<int> order(in.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return in.longitude[a] < in.longitude[b]; });
  std::vector<int> plan(in.size());
  double acc = 0;
  for (int i : order) {
    plan[i] = std::min(k - 1, static_cast<int>(acc / (in.total_workload / k)));
    acc += in.workload[i];
  }
  return plan;
}

double Dispersion(const Instance& in, const std::vector<int>& plan, int k) {
  Alignment a{std::vector<std::string>(k), plan};
  for (int t = 0; t < k; ++t) a.territories[t] = "T" + std::to_string(t);
  return Measure(in, a, std::vector<std::optional<UnitVector>>{}, 0.03).dispersion_km_h;
}

TEST(ExactAllocationTest, RelocatesFromAPoorPlanBalancedContiguousAndLocked) {
  const Instance in = Clusters();
  const int k = 10;
  SearchSpec spec;
  spec.territories = k;
  spec.tolerance = 0.03;
  std::vector<int> start = Stripes(in, k);
  spec.locked.assign(in.size(), -1);
  spec.locked[5] = start[5];  // locked where it already is
  const double stripes = Dispersion(in, start, k);
  const SearchResult local = RunSearch(in, spec, 3, start);  // local search alone
  spec.exact_allocation = true;
  const SearchResult exact = RunSearch(in, spec, 3, start);
  ASSERT_TRUE(exact.balanced);
  EXPECT_EQ(exact.noncontiguous, 0);
  EXPECT_EQ(exact.territory_of[5], start[5]);
  // Location–allocation moves the centres. Boundary moves alone cannot undo stripes, but
  // merge-and-split of pairs (with the exchange core of pair_split.h) largely can, so the
  // exact restart is only required to be about as good as that (measured: 94.1k km·h
  // against 93.4k; before the exchange core the local search stopped at 98.0k).
  EXPECT_LT(exact.dispersion, 0.8 * stripes);
  EXPECT_LT(exact.dispersion, 1.02 * local.dispersion);
  // Measured from scratch, the plan is what the search says; deterministic for a seed.
  Alignment a{std::vector<std::string>(k), exact.territory_of};
  for (int t = 0; t < k; ++t) a.territories[t] = "T" + std::to_string(t);
  const AlignmentMetrics m = Measure(in, a, std::vector<std::optional<UnitVector>>{}, 0.03);
  EXPECT_TRUE(m.balanced);
  EXPECT_EQ(m.noncontiguous_territories, 0);
  EXPECT_NEAR(m.dispersion_km_h, exact.dispersion, 1e-6 * exact.dispersion);
  EXPECT_EQ(RunSearch(in, spec, 3, start).territory_of, exact.territory_of);
}

}  // namespace
}  // namespace salesdesk::territory::internal
