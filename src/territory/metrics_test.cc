#include "territory/metrics.h"

#include <gtest/gtest.h>

namespace salesdesk::territory {
namespace {

// Five accounts on the equator, one degree apart (111.195 km), workloads 2 2 3 4 5.
Instance Line() {
  const double workload[] = {2, 2, 3, 4, 5};
  std::vector<AccountRow> rows;
  for (int i = 0; i < 5; ++i) rows.push_back({"a" + std::to_string(i), 0.0, 1.0 * i, workload[i], 10.0});
  auto in = Instance::Build(rows);
  EXPECT_TRUE(in.ok()) << in.status().ToString();
  return std::move(in).value();
}

const double kDegreeKm = GreatCircleKm(ToUnitVector(0, 0), ToUnitVector(0, 1));

TEST(MetricsTest, MedoidDispersionBalanceAndContiguity) {
  const Instance in = Line();
  Alignment a{{"A", "B"}, {0, 0, 0, 1, 1}};
  const AlignmentMetrics m = Measure(in, a, std::vector<std::optional<UnitVector>>{}, 0.05);
  ASSERT_EQ(m.territories.size(), 2u);
  // A = {a0 w2, a1 w2, a2 w3}: medoid a1 (cost 2+3 degrees) beats a2 (4+2) and a0 (2+6).
  EXPECT_EQ(m.territories[0].centre_account, "a1");
  EXPECT_NEAR(m.territories[0].dispersion_km_h, 5 * kDegreeKm, 1e-6);
  // B = {a3 w4, a4 w5}: medoid a4 (cost 4) beats a3 (5).
  EXPECT_EQ(m.territories[1].centre_account, "a4");
  EXPECT_NEAR(m.dispersion_km_h, 9 * kDegreeKm, 1e-6);
  EXPECT_DOUBLE_EQ(m.mean_workload, 8);
  EXPECT_NEAR(m.max_workload_deviation, 1.0 / 8, 1e-12);
  EXPECT_EQ(m.outside_tolerance, 2);
  EXPECT_FALSE(m.balanced);
  EXPECT_EQ(m.noncontiguous_territories, 0);
  EXPECT_NEAR(m.territories[0].radius_km, kDegreeKm, 1e-6);
  EXPECT_NEAR(m.territories[0].travel_km, 4 * kDegreeKm, 1e-6);
  EXPECT_NEAR(m.mean_km, m.dispersion_km_h / 16, 1e-9);
}

TEST(MetricsTest, InterleavedTerritoryIsNotContiguous) {
  const Instance in = Line();
  Alignment a{{"A", "B"}, {0, 1, 0, 1, 0}};
  const AlignmentMetrics m = Measure(in, a, std::vector<std::optional<UnitVector>>{}, 0.05);
  // Collinear accounts: the path a0-a1-a2-a3-a4 plus the hull edge a0-a4 (as the reference
  // evaluator builds it), so A = {a0, a4} + {a2} and B = {a1} + {a3}.
  EXPECT_EQ(m.territories[0].components, 2);
  EXPECT_EQ(m.territories[1].components, 2);
  EXPECT_EQ(m.noncontiguous_territories, 2);
  EXPECT_EQ(m.extra_components, 2);
}

TEST(MetricsTest, HomeBaseReplacesTheMedoid) {
  const Instance in = Line();
  Alignment a{{"A", "B"}, {0, 0, 0, 1, 1}};
  const AlignmentMetrics m = Measure(in, a, {HomeBase{"B", 0.0, 4.0}}, 0.05);
  EXPECT_TRUE(m.territories[1].home_base);
  EXPECT_TRUE(m.territories[1].centre_account.empty());
  EXPECT_NEAR(m.territories[1].dispersion_km_h, 4 * kDegreeKm, 1e-6);
}

TEST(MetricsTest, DisruptionByLabelAndMatched) {
  const Instance in = Line();
  Alignment before{{"A", "B"}, {0, 0, 0, 1, 1}};
  Alignment renamed{{"X", "Y"}, {0, 0, 0, 1, 1}};
  Alignment moved{{"A", "B"}, {0, 0, 1, 1, 1}};
  const Disruption r = MeasureDisruption(in, renamed, before);
  EXPECT_EQ(r.moved_accounts, 5);
  EXPECT_NEAR(r.matched_moved_workload_share, 0, 1e-12);
  const Disruption d = MeasureDisruption(in, moved, before);
  EXPECT_EQ(d.moved_accounts, 1);
  EXPECT_NEAR(d.moved_workload_share, 3.0 / 16, 1e-12);
  EXPECT_NEAR(d.moved_share, 0.2, 1e-12);
  const Comparison c = Compare(in, before, moved, {}, 0.05);
  EXPECT_EQ(c.disruption.moved_accounts, 1);
  EXPECT_NEAR(c.after.territories[1].workload, 12, 1e-12);
}

}  // namespace
}  // namespace salesdesk::territory
