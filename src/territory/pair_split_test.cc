#include "territory/pair_split.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace salesdesk::territory::internal {
namespace {

// Five accounts on a line at km 0, 10, 20, 30, 40; centre one at km 0, centre two at 40.
// Workloads 1, 1, 2, 1, 1 (total 6).
struct Line {
  std::vector<double> weight{1, 1, 2, 1, 1};
  std::vector<double> km_one{0, 10, 20, 30, 40};
  std::vector<double> km_two{40, 30, 20, 10, 0};
  std::vector<Pin> pin = std::vector<Pin>(5, Pin::kFree);
};

TEST(PairSplitTest, NearestCentreWhenTheBandAllowsIt) {
  Line l;
  std::vector<std::pair<double, int>> scratch;
  // Side one may carry 2..4 hours. Nearest-centre costs: 0 + 10 + 40 (the middle account
  // is 20 km from both, 2 h) + 10 + 0 = 60, with side one carrying 2 or 4 hours.
  const TwoWaySplit s = BestTwoWaySplit(l.weight, l.km_one, l.km_two, l.pin, 2, 4, scratch);
  ASSERT_TRUE(s.feasible);
  EXPECT_DOUBLE_EQ(s.cost, 60);
  EXPECT_EQ(s.one[0], 1);
  EXPECT_EQ(s.one[1], 1);
  EXPECT_EQ(s.one[3], 0);
  EXPECT_EQ(s.one[4], 0);
  EXPECT_TRUE(s.load_one == 2 || s.load_one == 4);
  EXPECT_DOUBLE_EQ(TwoWaySplitCost(l.weight, l.km_one, l.km_two, l.pin, 2, 4, scratch), 60);
}

TEST(PairSplitTest, BalanceForcesTheCheapestExtraAccount) {
  Line l;
  std::vector<std::pair<double, int>> scratch;
  // Side one must carry exactly 5 hours: accounts 0..3 (cost 0 + 10 + 40 + 30 = 80) plus
  // account 4 on side two (0): 80. Any other 5-hour side one costs more (by hand: leaving
  // out account 0 or 1 instead costs 40 + ... ≥ 100).
  const TwoWaySplit s = BestTwoWaySplit(l.weight, l.km_one, l.km_two, l.pin, 5, 5, scratch);
  ASSERT_TRUE(s.feasible);
  EXPECT_DOUBLE_EQ(s.cost, 80);
  EXPECT_DOUBLE_EQ(s.load_one, 5);
  EXPECT_EQ(s.one[4], 0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s.one[i], 1) << i;
}

// Every account outweighs the band: no prefix of the order fits, an exchange near the
// break point does. Order by km_one − km_two: a (3 h, −10), b (3 h, −5), c (2 h, +1);
// prefixes carry 0, 3, 6, 8 hours, side one must carry exactly 5: {a, c} costs
// 0 + 22 + 30 (b at centre two) = 52, {b, c} costs 30 + 15 + 22 = 67.
TEST(PairSplitTest, AnExchangeFitsWhereNoPrefixDoes) {
  const std::vector<double> weight{3, 3, 2}, km_one{0, 5, 11}, km_two{10, 10, 10};
  const std::vector<Pin> pin(3, Pin::kFree);
  std::vector<std::pair<double, int>> scratch;
  const TwoWaySplit s = BestTwoWaySplit(weight, km_one, km_two, pin, 5, 5, scratch);
  ASSERT_TRUE(s.feasible);
  EXPECT_DOUBLE_EQ(s.cost, 52);
  EXPECT_DOUBLE_EQ(s.load_one, 5);
  EXPECT_EQ(s.one, (std::vector<char>{1, 0, 1}));
  EXPECT_DOUBLE_EQ(TwoWaySplitCost(weight, km_one, km_two, pin, 5, 5, scratch), 52);
}

TEST(PairSplitTest, PinsAreKeptAndImpossibleBandsSaySo) {
  Line l;
  std::vector<std::pair<double, int>> scratch;
  l.pin[4] = Pin::kOne;  // the far account is locked to side one: 40 km
  l.pin[0] = Pin::kTwo;  // and the first to side two: 40 km
  const TwoWaySplit s = BestTwoWaySplit(l.weight, l.km_one, l.km_two, l.pin, 2, 4, scratch);
  ASSERT_TRUE(s.feasible);
  EXPECT_EQ(s.one[4], 1);
  EXPECT_EQ(s.one[0], 0);
  // Free: 1 (10 vs 30), 2 (20 vs 20, 2 h), 3 (30 vs 10). Side one holds 1 h (account 4)
  // and needs 1..3 more: account 1 alone (10) → 40 + 40 + 10 + 40 + 10 = 140.
  EXPECT_DOUBLE_EQ(s.cost, 140);
  EXPECT_FALSE(BestTwoWaySplit(l.weight, l.km_one, l.km_two, l.pin, 5.5, 5.5, scratch).feasible);
  EXPECT_TRUE(std::isinf(TwoWaySplitCost(l.weight, l.km_one, l.km_two, l.pin, 5.5, 5.5, scratch)));
}

}  // namespace
}  // namespace salesdesk::territory::internal
