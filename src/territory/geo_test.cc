#include "territory/geo.h"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

namespace salesdesk::territory {
namespace {

TEST(GeoTest, OneDegreeOfLongitudeOnTheEquator) {
  const double km = GreatCircleKm(ToUnitVector(0, 0), ToUnitVector(0, 1));
  EXPECT_NEAR(km, kEarthRadiusKm * std::numbers::pi / 180, 1e-9);
}

TEST(GeoTest, AntipodesAreHalfTheCircumference) {
  const double km = GreatCircleKm(ToUnitVector(10, 20), ToUnitVector(-10, -160));
  EXPECT_NEAR(km, kEarthRadiusKm * std::numbers::pi, 1e-3);  // asin is steep at 1
}

TEST(GeoTest, ChordRanksLikeDistance) {
  const UnitVector a = ToUnitVector(40, -100);
  const UnitVector near = ToUnitVector(41, -100), far = ToUnitVector(45, -90);
  EXPECT_LT(ChordSquared(a, near), ChordSquared(a, far));
  EXPECT_LT(GreatCircleKm(a, near), GreatCircleKm(a, far));
}

TEST(GeoTest, EqualAreaProjectionIsCentredOnTheData) {
  const PlanePoints p = ProjectEqualArea({10, -10, 0, 0}, {0, 0, 10, -10});
  ASSERT_EQ(p.x.size(), 4u);
  EXPECT_NEAR(p.x[0] + p.x[1] + p.x[2] + p.x[3], 0, 1e-12);
  EXPECT_NEAR(p.y[0] + p.y[1] + p.y[2] + p.y[3], 0, 1e-12);
  EXPECT_GT(p.y[0], 0);  // north is up
  EXPECT_GT(p.x[2], 0);  // east is right
}

}  // namespace
}  // namespace salesdesk::territory
