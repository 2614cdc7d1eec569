#include "forecast/seasonality.h"

#include <algorithm>
#include <cmath>

#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

SeasonalAdjustment Identity(std::span<const double> y) {
  SeasonalAdjustment a;
  a.period = 1;
  a.index = {1.0};
  a.adjusted.assign(y.begin(), y.end());
  return a;
}

// Centred moving average of order m (2 x m for even m); NaN where the window does
// not fit.
std::vector<double> CentredMovingAverage(std::span<const double> y, int m) {
  const int n = static_cast<int>(y.size());
  const int half = m / 2;
  std::vector<double> trend(n, std::nan(""));
  for (int t = half; t + half < n; ++t) {
    double s = 0;
    if (m % 2 == 1) {
      for (int j = -half; j <= half; ++j) s += y[t + j];
    } else {
      s = 0.5 * (y[t - half] + y[t + half]);
      for (int j = -half + 1; j < half; ++j) s += y[t + j];
    }
    trend[t] = s / m;
  }
  return trend;
}

}  // namespace

std::vector<double> Autocorrelations(std::span<const double> y, int max_lag) {
  const int n = static_cast<int>(y.size());
  std::vector<double> r(std::max(0, max_lag), 0.0);
  const double mean = internal::Mean(y);
  double c0 = 0;
  for (double v : y) c0 += (v - mean) * (v - mean);
  if (!(c0 > 0)) return r;
  for (int k = 1; k <= max_lag && k < n; ++k) {
    double ck = 0;
    for (int t = 0; t + k < n; ++t) ck += (y[t] - mean) * (y[t + k] - mean);
    r[k - 1] = ck / c0;
  }
  return r;
}

bool IsSeasonal(std::span<const double> y, int period) {
  const int n = static_cast<int>(y.size());
  if (period <= 1 || n < 3 * period || internal::IsConstant(y)) return false;
  const std::vector<double> r = Autocorrelations(y, period);
  double sum_sq = 0;
  for (int i = 0; i + 1 < period; ++i) sum_sq += r[i] * r[i];
  const double limit = internal::NormalQuantile(0.95) * std::sqrt((1 + 2 * sum_sq) / n);
  return std::fabs(r[period - 1]) > limit;
}

SeasonalAdjustment MultiplicativeAdjustment(std::span<const double> y, int period,
                                            std::string* why) {
  const int n = static_cast<int>(y.size());
  auto fail = [&](const char* reason) {
    if (why) *why = reason;
    return Identity(y);
  };
  if (period < 2) return fail("no seasonal period");
  if (n < 2 * period) return fail("fewer than two seasonal cycles");
  if (!std::all_of(y.begin(), y.end(), [](double v) { return v > 0; })) {
    return fail("multiplicative seasonality needs positive values");
  }
  const std::vector<double> trend = CentredMovingAverage(y, period);
  std::vector<double> sum(period, 0.0);
  std::vector<int> count(period, 0);
  for (int t = 0; t < n; ++t) {
    if (std::isnan(trend[t])) continue;
    sum[t % period] += y[t] / trend[t];
    ++count[t % period];
  }
  SeasonalAdjustment a;
  a.period = period;
  a.index.resize(period);
  double total = 0;
  for (int k = 0; k < period; ++k) {
    a.index[k] = count[k] > 0 ? sum[k] / count[k] : 1.0;
    total += a.index[k];
  }
  for (double& v : a.index) v *= period / total;
  if (std::any_of(a.index.begin(), a.index.end(), [](double v) { return !(v >= 1e-4); })) {
    return fail("a seasonal index is near zero");
  }
  a.adjusted.resize(n);
  for (int t = 0; t < n; ++t) a.adjusted[t] = y[t] / a.index[t % period];
  return a;
}

SeasonalAdjustment AdjustIfSeasonal(std::span<const double> y, int period, bool detect,
                                    std::string* why) {
  if (period <= 1) return Identity(y);
  if (detect && !IsSeasonal(y, period)) return Identity(y);
  std::string reason;
  SeasonalAdjustment a = MultiplicativeAdjustment(y, period, &reason);
  if (a.period == 1 && why) *why = "seasonality not removed: " + reason;
  return a;
}

}  // namespace salesdesk::forecast
