#include <random>

#include <gtest/gtest.h>

#include "territory/metrics.h"
#include "territory/search.h"
#include "territory/test_instances.h"

namespace salesdesk::territory::internal {
namespace {

Instance Clusters() { return testing::ThreeClusters(17); }

SearchSpec Spec(const Instance& in, int k) {
  SearchSpec spec;
  spec.territories = k;
  spec.tolerance = 0.03;
  spec.locked.assign(in.size(), -1);
  spec.locked[5] = 2;  // one locked account
  return spec;
}

TEST(RegionSearchTest, NeverWorseStillBalancedContiguousAndLocked) {
  const Instance in = Clusters();
  const SearchSpec spec = Spec(in, 12);
  const SearchResult start = RunSearch(in, spec, 7, {});
  ASSERT_TRUE(start.balanced);
  ASSERT_EQ(start.noncontiguous, 0);
  const SearchResult better = ImproveByRegions(in, spec, 11, start, 12);
  EXPECT_LE(better.dispersion, start.dispersion * (1 + 1e-12));
  EXPECT_TRUE(better.balanced);
  EXPECT_EQ(better.territory_of[5], 2);
  // Measured from scratch, the plan is what the search says it is.
  Alignment a{std::vector<std::string>(12), better.territory_of};
  for (int t = 0; t < 12; ++t) a.territories[t] = "T" + std::to_string(t);
  const AlignmentMetrics m = Measure(in, a, std::vector<std::optional<UnitVector>>{}, 0.03);
  EXPECT_TRUE(m.balanced);
  EXPECT_EQ(m.noncontiguous_territories, 0);
  EXPECT_NEAR(m.dispersion_km_h, better.dispersion, 1e-6 * better.dispersion);
  // Deterministic for a seed.
  EXPECT_EQ(ImproveByRegions(in, spec, 11, start, 12).territory_of, better.territory_of);
}

TEST(RegionSearchTest, LeavesDisruptionLimitedPlansAlone) {
  const Instance in = Clusters();
  SearchSpec spec = Spec(in, 12);
  const SearchResult start = RunSearch(in, spec, 7, {});
  spec.current = start.territory_of;  // a plan in force: the region search does not apply
  EXPECT_EQ(ImproveByRegions(in, spec, 11, start, 12).territory_of, start.territory_of);
}

}  // namespace
}  // namespace salesdesk::territory::internal
