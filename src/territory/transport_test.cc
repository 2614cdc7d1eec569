#include "territory/transport.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace salesdesk::territory::internal
