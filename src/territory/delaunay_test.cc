#include "territory/delaunay.h"

#include <algorithm>
#include <random>
#include <set>

#include <gtest/gtest.h>

namespace salesdesk::territory {
namespace {

using Edges = std::vector<std::pair<int, int>>;

bool Has(const Edges& e, int a, int b) {
  return std::find(e.begin(), e.end(), std::pair{std::min(a, b), std::max(a, b)}) != e.end();
}

TEST(DelaunayTest, SquareWithCentre) {
  const Edges e = DelaunayEdges({0, 1, 0, 1, 0.5}, {0, 0, 1, 1, 0.5});
  EXPECT_EQ(e.size(), 8u);  // 4 hull sides + 4 spokes; no diagonal
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(Has(e, i, 4));
  EXPECT_FALSE(Has(e, 0, 3));
  EXPECT_FALSE(Has(e, 1, 2));
}

TEST(DelaunayTest, DuplicatesJoinTheirOriginalAndItsNeighbours) {
  const Edges e = DelaunayEdges({0, 1, 0, 1, 0}, {0, 0, 1, 1, 0});  // 4 repeats 0
  EXPECT_TRUE(Has(e, 0, 4));
  EXPECT_TRUE(Has(e, 1, 4));
  EXPECT_TRUE(Has(e, 2, 4));
}

TEST(DelaunayTest, CollinearPointsFormAPath) {
  const Edges e = DelaunayEdges({0, 1, 2, 3, 4}, {0, 1, 2, 3, 4});
  for (int i = 0; i + 1 < 5; ++i) EXPECT_TRUE(Has(e, i, i + 1)) << i;
  AccountGraph g(5, e);
  EXPECT_EQ(g.Neighbours(2).size(), 2u);
}

TEST(DelaunayTest, TwoPointsAndOne) {
  EXPECT_EQ(DelaunayEdges({0, 1}, {0, 0}).size(), 1u);
  EXPECT_TRUE(DelaunayEdges({0}, {0}).empty());
}

// Brute force: an edge is Delaunay when it belongs to a triangle with an empty circumcircle.
Edges BruteForce(const std::vector<double>& x, const std::vector<double>& y) {
  const int n = static_cast<int>(x.size());
  std::set<std::pair<int, int>> out;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      for (int c = b + 1; c < n; ++c) {
        const double d = 2 * (x[a] * (y[b] - y[c]) + x[b] * (y[c] - y[a]) + x[c] * (y[a] - y[b]));
        if (std::abs(d) < 1e-12) continue;
        const double a2 = x[a] * x[a] + y[a] * y[a], b2 = x[b] * x[b] + y[b] * y[b],
                     c2 = x[c] * x[c] + y[c] * y[c];
        const double ux = (a2 * (y[b] - y[c]) + b2 * (y[c] - y[a]) + c2 * (y[a] - y[b])) / d;
        const double uy = (a2 * (x[c] - x[b]) + b2 * (x[a] - x[c]) + c2 * (x[b] - x[a])) / d;
        const double r2 = (x[a] - ux) * (x[a] - ux) + (y[a] - uy) * (y[a] - uy);
        bool empty = true;
        for (int p = 0; p < n && empty; ++p) {
          if (p == a || p == b || p == c) continue;
          empty = (x[p] - ux) * (x[p] - ux) + (y[p] - uy) * (y[p] - uy) > r2 * (1 + 1e-12);
        }
        if (empty) out.insert({a, b}), out.insert({a, c}), out.insert({b, c});
      }
    }
  }
  return {out.begin(), out.end()};
}

TEST(DelaunayTest, MatchesBruteForceOnRandomPoints) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int round = 0; round < 5; ++round) {
    std::vector<double> x(40), y(40);
    for (int i = 0; i < 40; ++i) x[i] = u(rng), y[i] = u(rng);
    EXPECT_EQ(DelaunayEdges(x, y), BruteForce(x, y)) << "round " << round;
  }
}

TEST(DelaunayTest, GraphDropsDuplicatesAndSorts) {
  AccountGraph g(3, {{0, 2}, {2, 0}, {0, 1}, {1, 1}});
  EXPECT_EQ(g.size(), 3);
  EXPECT_EQ(g.edge_count(), 2);
  ASSERT_EQ(g.Neighbours(0).size(), 2u);
  EXPECT_EQ(g.Neighbours(0)[0], 1);
  EXPECT_EQ(g.Neighbours(0)[1], 2);
}

}  // namespace
}  // namespace salesdesk::territory
