#include "territory/transport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <random>

namespace salesdesk::territory::internal {
namespace {

// Two centres A = 0 and B = 1, every account may go to either.
TransportProblem TwoCentres(std::vector<double> weight, std::vector<double> km_a,
                            std::vector<double> km_b, double lo, double hi) {
  TransportProblem p;
  p.centres = 2;
  p.width = 2;
  p.weight = weight;
  p.load_min = lo;
  p.load_max = hi;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    p.centre.insert(p.centre.end(), {0, 1});
    p.km.insert(p.km.end(), {km_a[i], km_b[i]});
  }
  return p;
}

TEST(TransportTest, DisplacesAnEarlierAccountWhenThatIsCheaper) {
  // Accounts 2 h (A 2 km, B 3 km), 1 h (A 0, B 10), 1 h (A 1, B 5); each centre exactly
  // 2 h. By hand: A must take 2 h; per hour A saves 1, 10 and 4 km over B, so A takes the
  // two one-hour accounts: 0 + 1 + 2 × 3 = 7. The first account, added first, sits at A
  // and must be pushed to B by the later ones (a path through the residual graph).
  const TransportPlan plan = SolveTransport(TwoCentres({2, 1, 1}, {2, 0, 1}, {3, 10, 5}, 2, 2));
  ASSERT_TRUE(plan.feasible);
  EXPECT_NEAR(plan.cost, 7, 1e-9);
  EXPECT_EQ(plan.rounded, (std::vector<int>{1, 0, 0}));
  EXPECT_EQ(plan.split_accounts, 0);
}

TEST(TransportTest, SplitsOneAccountAndRoundsToItsLargerShare) {
  // 1 h (A 0, B 10) and 2 h (A 1, B 4); each centre 1.5 h. A takes the first account and
  // half an hour of the second: 0 + 0.5 × 1 + 1.5 × 4 = 6.5; the second rounds to B.
  const TransportPlan plan = SolveTransport(TwoCentres({1, 2}, {0, 1}, {10, 4}, 1.5, 1.5));
  ASSERT_TRUE(plan.feasible);
  EXPECT_NEAR(plan.cost, 6.5, 1e-9);
  EXPECT_EQ(plan.rounded, (std::vector<int>{0, 1}));
  EXPECT_EQ(plan.split_accounts, 1);
}

TEST(TransportTest, UsesTheBandInsteadOfTheMean) {
  // Band 1..3 h per centre: everyone goes to the nearer centre (A takes 1 h, B 3 h).
  const TransportPlan plan = SolveTransport(TwoCentres({1, 2, 1}, {0, 9, 9}, {9, 0, 0}, 1, 3));
  ASSERT_TRUE(plan.feasible);
  EXPECT_NEAR(plan.cost, 0, 1e-12);
  EXPECT_EQ(plan.rounded, (std::vector<int>{0, 1, 1}));
}

TEST(TransportTest, CandidateListsRestrictTheCentres) {
  // The second account may only go to A (slot two unused), although B is nearer.
  TransportProblem p = TwoCentres({1, 1}, {0, 5}, {3, 1}, 1, 1);
  p.centre[3] = -1;
  const TransportPlan plan = SolveTransport(p);
  ASSERT_TRUE(plan.feasible);
  EXPECT_NEAR(plan.cost, 3 + 5, 1e-9);
  EXPECT_EQ(plan.rounded, (std::vector<int>{1, 0}));
}

TEST(TransportTest, ReportsBoundsThatCannotBeMet) {
  // 4 h cannot give both centres at least 3 h.
  EXPECT_FALSE(SolveTransport(TwoCentres({2, 1, 1}, {2, 0, 1}, {3, 10, 5}, 3, 3)).feasible);
  // 4 h cannot fit under 1.5 h per centre either.
  EXPECT_FALSE(SolveTransport(TwoCentres({2, 1, 1}, {2, 0, 1}, {3, 10, 5}, 1, 1.5)).feasible);
}

// The cheapest way to place whole hours: every account's integer hours split among the
// centres in every possible way (depth first, never over load_max), the loads checked
// at the end. With integer hours and bounds the transportation LP has an integral
// optimum, so this is the LP optimum too; infinity when nothing fits.
double BruteForceCost(const TransportProblem& p) {
  const int n = static_cast<int>(p.weight.size()), k = p.centres;
  std::vector<double> load(k, 0);
  double best = std::numeric_limits<double>::infinity();
  std::function<void(int, int, double, double)> place = [&](int i, int t, double left, double cost) {
    if (i == n) {
      for (double l : load) {
        if (l < p.load_min - 1e-9 || l > p.load_max + 1e-9) return;
      }
      best = std::min(best, cost);
      return;
    }
    if (t == k) {
      if (left == 0) place(i + 1, 0, i + 1 < n ? p.weight[i + 1] : 0, cost);
      return;
    }
    for (int hours = 0; hours <= left && load[t] + hours <= p.load_max + 1e-9; ++hours) {
      load[t] += hours;
      place(i, t + 1, left - hours, cost + hours * p.km[i * k + t]);
      load[t] -= hours;
    }
  };
  place(0, 0, p.weight[0], 0);
  return best;
}

TEST(TransportTest, MatchesBruteForceOnSmallInstancesWithLongPaths) {
  // Four centres and five accounts of 1–3 h with random distances and a tight band, so
  // the cheapest path often moves hours through two or three centres.
  std::mt19937_64 rng(7);
  int feasible = 0;
  for (int trial = 0; trial < 200; ++trial) {
    TransportProblem p;
    p.centres = 4;
    p.width = 4;
    double total = 0;
    for (int i = 0; i < 5; ++i) {
      p.weight.push_back(static_cast<double>(1 + rng() % 3));
      total += p.weight.back();
      for (int t = 0; t < 4; ++t) {
        p.centre.push_back(t);
        p.km.push_back(static_cast<double>(rng() % 100));
      }
    }
    p.load_min = std::floor(total / 4) - static_cast<double>(rng() % 2);
    p.load_max = std::ceil(total / 4) + static_cast<double>(rng() % 2);
    const double expected = BruteForceCost(p);
    const TransportPlan plan = SolveTransport(p);
    SCOPED_TRACE("trial " + std::to_string(trial));
    ASSERT_EQ(plan.feasible, expected < std::numeric_limits<double>::infinity());
    if (!plan.feasible) continue;
    ++feasible;
    EXPECT_NEAR(plan.cost, expected, 1e-6 * (1 + expected));
  }
  EXPECT_GT(feasible, 100);  // the comparison was not vacuous
}

}  // namespace
}  // namespace salesdesk::territory::internal
