// Multi-exchange (search.h, SearchSpec::multi_exchange; multi_exchange.cc): cyclic and
// path exchanges of accounts among territories with the centres fixed.
#include <cstdio>

#include <gtest/gtest.h>

#include "territory/metrics.h"
#include "territory/search.h"
#include "territory/test_instances.h"

namespace salesdesk::territory::internal {
namespace {

AlignmentMetrics MeasurePlan(const Instance& in, const std::vector<int>& plan, int k, double tau) {
  Alignment a{std::vector<std::string>(k), plan};
  for (int t = 0; t < k; ++t) {
    a.territories[t] = "T";  // appended: "T" + std::to_string trips GCC 12's -Wrestrict at -O3
    a.territories[t] += std::to_string(t);
  }
  return Measure(in, a, std::vector<std::optional<UnitVector>>{}, tau);
}

// A band of ±3% on territories of ~900 h is about one account of 20–40 h: single moves
// rarely fit, which is where cycles of exchanges pay.
TEST(MultiExchangeTest, LowersDispersionUnderATightBandAndKeepsEveryRule) {
  const Instance in = testing::ThreeClusters(31, 20, 40);
  const int k = 20;
  SearchSpec spec;
  spec.territories = k;
  spec.tolerance = 0.03;
  spec.locked.assign(in.size(), -1);
  double plain_total = 0, exchange_total = 0;
  int better = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    spec.multi_exchange = false;
    const SearchResult plain = RunSearch(in, spec, seed, {});
    spec.multi_exchange = true;
    const SearchResult exchange = RunSearch(in, spec, seed, {});
    ASSERT_TRUE(plain.balanced);
    ASSERT_TRUE(exchange.balanced);
    EXPECT_EQ(exchange.noncontiguous, 0);
    EXPECT_LE(exchange.dispersion, plain.dispersion * (1 + 1e-9)) << "seed " << seed;
    if (exchange.dispersion < plain.dispersion * (1 - 1e-6)) ++better;
    plain_total += plain.dispersion;
    exchange_total += exchange.dispersion;
    // The plan is what the search says, measured from scratch.
    const AlignmentMetrics m = MeasurePlan(in, exchange.territory_of, k, 0.03);
    EXPECT_TRUE(m.balanced);
    EXPECT_EQ(m.noncontiguous_territories, 0);
    EXPECT_NEAR(m.dispersion_km_h, exchange.dispersion, 1e-6 * exchange.dispersion);
    EXPECT_EQ(RunSearch(in, spec, seed, {}).territory_of, exchange.territory_of);  // deterministic
  }
  std::printf("plain %.1f, with exchanges %.1f km·h; better on %d of 4 seeds\n", plain_total,
              exchange_total, better);
  EXPECT_GE(better, 2);
  EXPECT_LT(exchange_total, plain_total * 0.999);
}

// Strategic oscillation (SearchSpec::oscillate) starts from the multi-exchange plan and
// keeps a change only when the plan ends within the band and better.
TEST(MultiExchangeTest, OscillationNeverWorseAndSometimesBetter) {
  const Instance in = testing::ThreeClusters(31, 20, 40);
  const int k = 20;
  SearchSpec spec;
  spec.territories = k;
  spec.tolerance = 0.03;
  spec.locked.assign(in.size(), -1);
  spec.multi_exchange = true;
  int better = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    spec.oscillate = false;
    const SearchResult exchange = RunSearch(in, spec, seed, {});
    spec.oscillate = true;
    const SearchResult oscillated = RunSearch(in, spec, seed, {});
    ASSERT_TRUE(oscillated.balanced);
    EXPECT_EQ(oscillated.noncontiguous, 0);
    EXPECT_LE(oscillated.dispersion, exchange.dispersion * (1 + 1e-9)) << "seed " << seed;
    if (oscillated.dispersion < exchange.dispersion * (1 - 1e-6)) ++better;
    const AlignmentMetrics m = MeasurePlan(in, oscillated.territory_of, k, 0.03);
    EXPECT_TRUE(m.balanced);
    EXPECT_EQ(m.noncontiguous_territories, 0);
    EXPECT_NEAR(m.dispersion_km_h, oscillated.dispersion, 1e-6 * oscillated.dispersion);
  }
  std::printf("oscillation better on %d of 4 seeds\n", better);
  EXPECT_GE(better, 2);
}

TEST(MultiExchangeTest, RespectsLocksAndTheDisruptionLimit) {
  const Instance in = testing::ThreeClusters(32, 20, 40);
  const int k = 30;
  SearchSpec spec;
  spec.territories = k;
  spec.tolerance = 0.02;
  spec.locked.assign(in.size(), -1);
  const SearchResult current = RunSearch(in, spec, 5, {});
  ASSERT_TRUE(current.balanced);
  // Lock a tenth of the accounts where they are, allow moving 5% of the workload.
  for (int i = 0; i < in.size(); i += 10) spec.locked[i] = current.territory_of[i];
  spec.current = current.territory_of;
  spec.max_moved_share = 0.05;
  spec.multi_exchange = true;
  spec.oscillate = true;
  spec.tolerance = 0.015;  // tighter: the search has to move accounts
  const SearchResult s = RunSearch(in, spec, 6, current.territory_of);
  for (int i = 0; i < in.size(); i += 10) EXPECT_EQ(s.territory_of[i], current.territory_of[i]);
  EXPECT_LE(s.moved_workload, 0.05 * in.total_workload + 1e-6);
  EXPECT_EQ(s.noncontiguous, 0);
}

}  // namespace
}  // namespace salesdesk::territory::internal
