#include "territory/geo.h"

#include <cmath>
#include <numbers>

namespace salesdesk::territory {

namespace {
// As Python computes math.radians: x * (pi / 180), one rounding of the constant.
double Radians(double deg) { return deg * (std::numbers::pi / 180.0); }
}  // namespace

UnitVector ToUnitVector(double latitude_deg, double longitude_deg) {
  const double la = Radians(latitude_deg), lo = Radians(longitude_deg);
  const double c = std::cos(la);
  return {c * std::cos(lo), c * std::sin(lo), std::sin(la)};
}

double GreatCircleKm(const UnitVector& a, const UnitVector& b) {
  const double half_chord = std::sqrt(ChordSquared(a, b)) * 0.5;
  return 2.0 * kEarthRadiusKm * std::asin(half_chord < 1.0 ? half_chord : 1.0);
}

PlanePoints ProjectEqualArea(const std::vector<double>& latitude_deg,
                             const std::vector<double>& longitude_deg) {
  const std::size_t n = latitude_deg.size();
  double sx = 0, sy = 0, sz = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const UnitVector u = ToUnitVector(latitude_deg[i], longitude_deg[i]);
    sx += u.x;
    sy += u.y;
    sz += u.z;
  }
  const double lat0 = std::atan2(sz, std::hypot(sx, sy));
  const double lon0 = std::atan2(sy, sx);
  const double s0 = std::sin(lat0), c0 = std::cos(lat0);
  PlanePoints out;
  out.x.resize(n);
  out.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double p = Radians(latitude_deg[i]), l = Radians(longitude_deg[i]) - lon0;
    const double sp = std::sin(p), cp = std::cos(p), cl = std::cos(l);
    const double den = 1.0 + s0 * sp + c0 * cp * cl;
    const double k = den > 1e-12 ? std::sqrt(2.0 / den) : 0.0;
    out.x[i] = k * cp * std::sin(l);
    out.y[i] = k * (c0 * sp - s0 * cp * cl);
  }
  return out;
}

}  // namespace salesdesk::territory
