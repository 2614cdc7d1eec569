#include "territory/lower_bound.h"

#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "territory/metrics.h"

namespace salesdesk::territory {
namespace {

Instance RandomInstance(std::uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lat(30, 45), lon(-110, -80), work(1, 3);
  std::vector<AccountRow> rows;
  for (int i = 0; i < n; ++i) rows.push_back({"a" + std::to_string(i), lat(rng), lon(rng), work(rng), 0});
  return std::move(Instance::Build(rows)).value();
}

// The best dispersion over every assignment of n accounts to k territories within ±τ.
double BruteForce(const Instance& in, int k, double tau) {
  const int n = in.size();
  const double mean = in.total_workload / k;
  std::vector<int> label(n, 0);
  double best = std::numeric_limits<double>::infinity();
  for (;;) {
    std::vector<double> load(k, 0);
    for (int i = 0; i < n; ++i) load[label[i]] += in.workload[i];
    bool ok = true;
    for (double l : load) ok &= std::abs(l - mean) <= tau * mean;
    if (ok) {
      Alignment a{std::vector<std::string>(k, "t"), label};
      for (int t = 0; t < k; ++t) a.territories[t] = "t" + std::to_string(t);
      best = std::min(best, Measure(in, a, std::vector<std::optional<UnitVector>>{}, tau).dispersion_km_h);
    }
    int pos = 0;
    while (pos < n && ++label[pos] == k) label[pos++] = 0;
    if (pos == n) break;
  }
  return best;
}

TEST(LowerBoundTest, NeverAboveTheBruteForceOptimum) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const Instance in = RandomInstance(seed, 9);
    for (int k : {2, 3}) {
      const double tau = 0.25;
      const double optimum = BruteForce(in, k, tau);
      if (!std::isfinite(optimum)) continue;
      LowerBoundOptions o;
      o.tolerance = tau;
      o.threads = 1;
      o.max_iterations = 400;
      auto bound = DispersionLowerBound(in, k, o);
      ASSERT_TRUE(bound.ok()) << bound.status().ToString();
      EXPECT_LE(bound->value, optimum * (1 + 1e-9)) << "seed " << seed << " k " << k;
      EXPECT_GT(bound->value, 0.3 * optimum) << "seed " << seed << " k " << k;
    }
  }
}

TEST(LowerBoundTest, PrunedListsGiveTheSameBoundAsFullScans) {
  const Instance in = RandomInstance(11, 120);
  LowerBoundOptions o;
  o.tolerance = 0.1;
  o.threads = 2;
  o.max_iterations = 150;
  o.list_width = 120;  // every account listed: no pruning
  auto full = DispersionLowerBound(in, 12, o);
  ASSERT_TRUE(full.ok());
  EXPECT_GT(full->value, 0);
  o.list_width = 15;  // short lists: far accounts are found by the exact pruning scan
  auto pruned = DispersionLowerBound(in, 12, o);
  ASSERT_TRUE(pruned.ok());
  EXPECT_NEAR(pruned->value, full->value, 1e-9 * full->value);
  o.threads = 1;
  auto single = DispersionLowerBound(in, 12, o);
  EXPECT_NEAR(single->value, pruned->value, 1e-9 * full->value);  // threads do not matter
}

TEST(LowerBoundTest, BelowAnActualPlanWhenOnlySomeIterationsAreCertified) {
  // 400 accounts, k = 8: far fewer active centres (4k = 32) than accounts, so most
  // iterations are uncertified; the reported bound must still sit below a real plan.
  const Instance in = RandomInstance(21, 400);
  std::vector<int> label(in.size());
  for (int i = 0; i < in.size(); ++i) label[i] = i % 8;  // balanced-ish but not compact
  Alignment plan{{"a", "b", "c", "d", "e", "f", "g", "h"}, label};
  const AlignmentMetrics m = Measure(in, plan, std::vector<std::optional<UnitVector>>{}, 0.5);
  LowerBoundOptions o;
  o.tolerance = 0.5;
  o.threads = 2;
  o.max_iterations = 200;
  o.list_width = 40;
  auto bound = DispersionLowerBound(in, 8, o);
  ASSERT_TRUE(bound.ok());
  EXPECT_GT(bound->value, 0);
  EXPECT_LE(bound->value, m.dispersion_km_h);
  EXPECT_EQ(bound->iterations % 8, 1);  // the reported count ends at a certified iteration
}

TEST(LowerBoundTest, RejectsImpossibleInput) {
  const Instance in = RandomInstance(3, 5);
  EXPECT_FALSE(DispersionLowerBound(in, 6, {}).ok());
  EXPECT_FALSE(DispersionLowerBound(in, 0, {}).ok());
}

}  // namespace
}  // namespace salesdesk::territory
