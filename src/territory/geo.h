// Geometry on the Earth for territory alignment: unit vectors, great-circle distance and
// the Lambert azimuthal equal-area projection. Pure functions; thread-safe.
#pragma once

#include <vector>

namespace salesdesk::territory {

// Mean Earth radius (IUGG), the radius every territory distance is measured with.
inline constexpr double kEarthRadiusKm = 6371.0088;

// A point on the unit sphere (x towards 0°N 0°E, z towards the North Pole).
struct UnitVector {
  double x = 0, y = 0, z = 0;
};

// Latitude and longitude in degrees to a unit vector.
UnitVector ToUnitVector(double latitude_deg, double longitude_deg);

// Great-circle distance in km between two unit vectors (haversine through the chord:
// 2R·asin(|a-b|/2), exact for antipodes too).
double GreatCircleKm(const UnitVector& a, const UnitVector& b);

// Squared chord length |a-b|²: monotone in great-circle distance, cheap for ranking.
inline double ChordSquared(const UnitVector& a, const UnitVector& b) {
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Planar points of the Lambert azimuthal equal-area projection (unit sphere), centred on
// the mean direction of the input points. The planar graph of the accounts (Delaunay) is
// built on these; the formulas and summation order follow the project's reference
// evaluator so that both build the same graph.
struct PlanePoints {
  std::vector<double> x, y;
};
PlanePoints ProjectEqualArea(const std::vector<double>& latitude_deg,
                             const std::vector<double>& longitude_deg);

}  // namespace salesdesk::territory
