#include "forecast/unit_root.h"

#include <algorithm>
#include <cmath>

namespace salesdesk::forecast {
namespace {

// Sample variance (n - 1 denominator); 0 for fewer than two values.
double Variance(std::span<const double> y) {
  const std::size_t n = y.size();
  if (n < 2) return 0;
  double mean = 0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(n);
  double ss = 0;
  for (double v : y) ss += (v - mean) * (v - mean);
  return ss / static_cast<double>(n - 1);
}

}  // namespace

bool IsNearlyConstant(std::span<const double> y) {
  if (y.empty()) return true;
  // The relative mean difference of R's all.equal(), which the forecast package uses.
  constexpr double kTolerance = 1.5e-8;
  double deviation = 0;
  for (double v : y) deviation += std::fabs(v - y[0]);
  deviation /= static_cast<double>(y.size());
  const double scale = std::fabs(y[0]);
  if (scale > kTolerance) deviation /= scale;
  return deviation <= kTolerance;
}

double KpssStatistic(std::span<const double> y, int lags) {
  const int n = static_cast<int>(y.size());
  if (n < 2) return 0;
  double mean = 0;
  for (double v : y) mean += v;
  mean /= n;
  std::vector<double> e(n);
  for (int t = 0; t < n; ++t) e[t] = y[t] - mean;
  double partial = 0, eta = 0;
  for (int t = 0; t < n; ++t) {
    partial += e[t];
    eta += partial * partial;
  }
  // Long-run variance with Bartlett weights 1 - s / (l + 1) (Newey & West 1987).
  double s2 = 0;
  for (int t = 0; t < n; ++t) s2 += e[t] * e[t];
  for (int s = 1; s <= std::min(lags, n - 1); ++s) {
    double cross = 0;
    for (int t = s; t < n; ++t) cross += e[t] * e[t - s];
    s2 += 2.0 * (1.0 - s / (lags + 1.0)) * cross;
  }
  s2 /= n;
  if (!(s2 > 0)) return 0;
  return eta / (static_cast<double>(n) * n * s2);
}

int KpssLags(int n) { return n <= 0 ? 0 : static_cast<int>(std::trunc(3.0 * std::sqrt(n) / 13.0)); }

int NonSeasonalDifferences(std::span<const double> y, int max_d) {
  std::vector<double> x(y.begin(), y.end());
  int d = 0;
  if (IsNearlyConstant(x)) return d;
  auto nonstationary = [](const std::vector<double>& v) {
    const int n = static_cast<int>(v.size());
    return n >= 2 && KpssStatistic(v, KpssLags(n)) > kKpssCritical5;
  };
  bool more = nonstationary(x);
  while (more && d < max_d) {
    ++d;
    x = Difference(x, 1);
    if (IsNearlyConstant(x)) return d;
    more = nonstationary(x);
  }
  return d;
}

double SeasonalStrength(std::span<const double> y, int period) {
  const int n = static_cast<int>(y.size());
  if (period < 2 || n <= 2 * period || IsNearlyConstant(y)) return 0;
  const Decomposition stl = Stl(y, period);
  if (stl.remainder.empty()) return 0;
  std::vector<double> detrended(n);
  for (int t = 0; t < n; ++t) detrended[t] = stl.seasonal[t] + stl.remainder[t];
  const double total = Variance(detrended);
  if (!(total > 0)) return 0;
  return std::clamp(1.0 - Variance(stl.remainder) / total, 0.0, 1.0);
}

int SeasonalDifferences(std::span<const double> y, int period, int max_d) {
  std::vector<double> x(y.begin(), y.end());
  int d = 0;
  if (period < 2 || IsNearlyConstant(x)) return d;
  bool more = SeasonalStrength(x, period) > kSeasonalStrengthThreshold;
  while (more && d < max_d) {
    ++d;
    x = Difference(x, period);
    if (IsNearlyConstant(x)) return d;
    more = d < max_d && static_cast<int>(x.size()) >= 2 * period &&
           SeasonalStrength(x, period) > kSeasonalStrengthThreshold;
  }
  return d;
}

std::vector<double> Difference(std::span<const double> y, int lag, int times) {
  std::vector<double> x(y.begin(), y.end());
  for (int k = 0; k < times; ++k) {
    if (static_cast<int>(x.size()) <= lag) return {};
    std::vector<double> next(x.size() - lag);
    for (std::size_t t = 0; t < next.size(); ++t) next[t] = x[t + lag] - x[t];
    x = std::move(next);
  }
  return x;
}

}  // namespace salesdesk::forecast
