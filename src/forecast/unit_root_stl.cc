// STL, the seasonal-trend decomposition by loess of Cleveland, Cleveland, McRae &
// Terpenning (1990), written from the paper: inner loop only (no robustness weights),
// loess with tricube weights of degree 0 or 1, smoothing evaluated every `jump` points
// with linear interpolation in between.
#include <algorithm>
#include <cmath>

#include "forecast/unit_root.h"

namespace salesdesk::forecast {
namespace {

// Odd integer nearest above: round, then add one when even.
int NextOdd(double x) {
  int v = static_cast<int>(std::lround(x));
  return v % 2 == 0 ? v + 1 : v;
}

double Tricube(double u) {
  if (u >= 1) return 0;
  const double c = 1 - u * u * u;
  return c * c * c;
}

// The loess estimate at position x (positions of v are 1..n; x may lie outside) from the
// q nearest positions, local polynomial of degree 0 or 1 (paper, section 2). When q > n
// the neighbourhood distance is widened by floor((q - n) / 2) points: the convention of
// the authors' reference implementation (netlib "stl"), kept so that seasonal strengths
// agree with R's stl() to rounding (checked on all 3003 M3 series).
double LoessAt(std::span<const double> v, double x, int q, int degree) {
  const int n = static_cast<int>(v.size());
  int left = 1, right = n;
  if (q < n) {
    const int centre = static_cast<int>(std::lround(x));
    left = std::clamp(centre - (q - 1) / 2, 1, n - q + 1);
    right = left + q - 1;
  }
  double lambda = std::max(x - left, right - x);
  if (q > n) lambda += (q - n) / 2;
  if (lambda <= 0) lambda = 1;
  double sw = 0, swx = 0;
  std::vector<double> w(right - left + 1);
  for (int i = left; i <= right; ++i) {
    w[i - left] = Tricube(std::fabs(i - x) / lambda);
    sw += w[i - left];
    swx += w[i - left] * i;
  }
  if (!(sw > 0)) return v[std::clamp(static_cast<int>(std::lround(x)), 1, n) - 1];
  const double centre = swx / sw;
  double spread = 0;
  for (int i = left; i <= right; ++i) spread += w[i - left] * (i - centre) * (i - centre);
  const bool linear = degree >= 1 && spread > 1e-12 * sw;
  double estimate = 0;
  for (int i = left; i <= right; ++i) {
    double weight = w[i - left] / sw;
    if (linear) weight *= 1 + (x - centre) * (i - centre) * sw / spread;
    estimate += weight * v[i - 1];
  }
  return estimate;
}

// Loess at positions 1..n, computed every `jump` points (and at n) and interpolated.
std::vector<double> LoessSmooth(std::span<const double> v, int q, int degree, int jump) {
  const int n = static_cast<int>(v.size());
  std::vector<double> out(n);
  jump = std::max(1, std::min(jump, n - 1));
  int prev = 1;
  out[0] = LoessAt(v, 1, q, degree);
  while (prev < n) {
    const int next = std::min(prev + jump, n);
    out[next - 1] = LoessAt(v, next, q, degree);
    for (int i = prev + 1; i < next; ++i) {
      const double f = static_cast<double>(i - prev) / (next - prev);
      out[i - 1] = (1 - f) * out[prev - 1] + f * out[next - 1];
    }
    prev = next;
  }
  return out;
}

std::vector<double> MovingAverage(const std::vector<double>& x, int len) {
  const int n = static_cast<int>(x.size()) - len + 1;
  std::vector<double> out(std::max(n, 0));
  for (int i = 0; i < n; ++i) {
    double s = 0;
    for (int k = 0; k < len; ++k) s += x[i + k];
    out[i] = s / len;
  }
  return out;
}

struct Windows {
  int seasonal, trend, lowpass;
  int seasonal_jump, trend_jump, lowpass_jump;
};

Windows ResolveWindows(int period, const StlOptions& o) {
  Windows w;
  w.seasonal = std::max(3, o.seasonal_window);
  w.trend = o.trend_window > 0 ? o.trend_window
                               : NextOdd(std::ceil(1.5 * period / (1 - 1.5 / w.seasonal)));
  w.lowpass = o.lowpass_window > 0 ? o.lowpass_window : NextOdd(period);
  w.seasonal_jump = (w.seasonal + 9) / 10;
  w.trend_jump = (w.trend + 9) / 10;
  w.lowpass_jump = (w.lowpass + 9) / 10;
  return w;
}

// Steps 2-4 of the inner loop: cycle-subseries smoothing (extended one period at each
// end), low-pass filtering, and the seasonal component as their difference.
std::vector<double> SeasonalPass(const std::vector<double>& detrended, int period, const Windows& w,
                                 int seasonal_degree) {
  const int n = static_cast<int>(detrended.size());
  std::vector<double> cycle(n + 2 * period);
  for (int k = 0; k < period; ++k) {
    std::vector<double> sub;
    for (int t = k; t < n; t += period) sub.push_back(detrended[t]);
    const int len = static_cast<int>(sub.size());
    const std::vector<double> smooth =
        LoessSmooth(sub, w.seasonal, seasonal_degree, w.seasonal_jump);
    cycle[k] = LoessAt(sub, 0, w.seasonal, seasonal_degree);
    for (int i = 0; i < len; ++i) cycle[k + (i + 1) * period] = smooth[i];
    cycle[k + (len + 1) * period] = LoessAt(sub, len + 1, w.seasonal, seasonal_degree);
  }
  std::vector<double> low = MovingAverage(MovingAverage(MovingAverage(cycle, period), period), 3);
  low = LoessSmooth(low, w.lowpass, 1, w.lowpass_jump);
  std::vector<double> seasonal(n);
  for (int t = 0; t < n; ++t) seasonal[t] = cycle[t + period] - low[t];
  return seasonal;
}

}  // namespace

Decomposition Stl(std::span<const double> y, int period, const StlOptions& options) {
  const int n = static_cast<int>(y.size());
  if (period < 2 || n <= 2 * period) return {};
  const Windows w = ResolveWindows(period, options);
  Decomposition d;
  d.trend.assign(n, 0.0);
  std::vector<double> work(n);
  for (int pass = 0; pass < std::max(1, options.inner_passes); ++pass) {
    for (int t = 0; t < n; ++t) work[t] = y[t] - d.trend[t];
    d.seasonal = SeasonalPass(work, period, w, options.seasonal_degree);
    for (int t = 0; t < n; ++t) work[t] = y[t] - d.seasonal[t];
    d.trend = LoessSmooth(work, w.trend, 1, w.trend_jump);
  }
  d.remainder.resize(n);
  for (int t = 0; t < n; ++t) d.remainder[t] = y[t] - d.seasonal[t] - d.trend[t];
  return d;
}

}  // namespace salesdesk::forecast
