#include "forecast/util.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace salesdesk::forecast::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Continued fraction of the incomplete beta function by the modified Lentz method.
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 500; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-15) break;
  }
  return h;
}

// Regularised incomplete beta I_x(a, b).
double IncompleteBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

}  // namespace

double NormalQuantile(double p) {
  if (!(p > 0)) return -std::numeric_limits<double>::infinity();
  if (!(p < 1)) return std::numeric_limits<double>::infinity();
  // Start from Abramowitz & Stegun 26.2.23 (error < 4.5e-4), then polish with Halley
  // steps on the exact CDF, which converge to machine precision in a few iterations.
  const double q = std::min(p, 1 - p);
  const double t = std::sqrt(-2 * std::log(q));
  double x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                     (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  if (p < 0.5) x = -x;
  for (int i = 0; i < 4; ++i) {
    const double err = NormalCdf(x) - p;
    const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi);
    if (pdf <= 0) break;
    const double u = err / pdf;
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

double StudentTCdf(double t, double df) {
  const double tail = 0.5 * IncompleteBeta(0.5 * df, 0.5, df / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

double StudentTQuantile(double p, double df) {
  if (df <= 0 || df >= 1e6) return NormalQuantile(p);
  if (!(p > 0 && p < 1)) return NormalQuantile(p);
  double lo = -1, hi = 1;
  while (StudentTCdf(lo, df) > p) lo *= 2;
  while (StudentTCdf(hi, df) < p) hi *= 2;
  while (hi - lo > 1e-12 * std::max(1.0, std::fabs(hi))) {
    const double mid = 0.5 * (lo + hi);
    (StudentTCdf(mid, df) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double Mean(std::span<const double> y) {
  if (y.empty()) return 0;
  double s = 0;
  for (double v : y) s += v;
  return s / static_cast<double>(y.size());
}

bool IsConstant(std::span<const double> y) {
  if (y.empty()) return true;
  const double tol = 1e-12 * std::max(1.0, std::fabs(y[0]));
  return std::all_of(y.begin(), y.end(), [&](double v) { return std::fabs(v - y[0]) <= tol; });
}

bool AllNonNegative(std::span<const double> y) {
  return std::all_of(y.begin(), y.end(), [](double v) { return v >= 0; });
}

Line FitLine(std::span<const double> y) {
  const double n = static_cast<double>(y.size());
  Line line;
  line.intercept = Mean(y);
  if (y.size() < 2) return line;
  const double t_mean = (n + 1) / 2;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double dt = static_cast<double>(i + 1) - t_mean;
    sxy += dt * (y[i] - line.intercept);
    sxx += dt * dt;
  }
  line.slope = sxy / sxx;
  line.intercept -= line.slope * t_mean;
  return line;
}

double MinimiseScalar(const std::function<double(double)>& f, double lo, double hi, int grid,
                      double tol) {
  grid = std::max(grid, 3);
  const double step = (hi - lo) / (grid - 1);
  int best = 0;
  double best_f = std::numeric_limits<double>::infinity();
  for (int i = 0; i < grid; ++i) {
    const double v = f(lo + step * i);
    if (v < best_f) best_f = v, best = i;
  }
  double a = lo + step * std::max(0, best - 1), b = lo + step * std::min(grid - 1, best + 1);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = f(c), fd = f(d);
  while (b - a > tol) {
    if (fc < fd) {
      b = d, d = c, fd = fc, c = b - g * (b - a), fc = f(c);
    } else {
      a = c, c = d, fc = fd, d = a + g * (b - a), fd = f(d);
    }
  }
  const double x = 0.5 * (a + b);
  return f(x) <= best_f ? x : lo + step * best;
}

bool SolveSpd(std::vector<double> a, std::vector<double>* b, int p) {
  // Cholesky A = L L^T, stored in the lower triangle of `a`.
  for (int j = 0; j < p; ++j) {
    double s = a[j * p + j];
    for (int k = 0; k < j; ++k) s -= a[j * p + k] * a[j * p + k];
    if (!(s > 1e-300)) return false;
    a[j * p + j] = std::sqrt(s);
    for (int i = j + 1; i < p; ++i) {
      double t = a[i * p + j];
      for (int k = 0; k < j; ++k) t -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = t / a[j * p + j];
    }
  }
  std::vector<double>& x = *b;
  for (int i = 0; i < p; ++i) {
    for (int k = 0; k < i; ++k) x[i] -= a[i * p + k] * x[k];
    x[i] /= a[i * p + i];
  }
  for (int i = p - 1; i >= 0; --i) {
    for (int k = i + 1; k < p; ++k) x[i] -= a[k * p + i] * x[k];
    x[i] /= a[i * p + i];
  }
  return true;
}

std::vector<double> InverseSpd(const std::vector<double>& a, int p) {
  std::vector<double> inv(static_cast<std::size_t>(p) * p);
  for (int j = 0; j < p; ++j) {
    std::vector<double> e(p, 0.0);
    e[j] = 1;
    if (!SolveSpd(a, &e, p)) return {};
    for (int i = 0; i < p; ++i) inv[i * p + j] = e[i];
  }
  return inv;
}

Forecast MakeForecast(std::vector<double> mean, const std::vector<double>& se, double df) {
  const double q80 = df > 0 ? StudentTQuantile(0.9, df) : kZ80;
  const double q95 = df > 0 ? StudentTQuantile(0.975, df) : kZ95;
  Forecast f;
  const std::size_t h = mean.size();
  f.lo80.resize(h), f.hi80.resize(h), f.lo95.resize(h), f.hi95.resize(h);
  for (std::size_t i = 0; i < h; ++i) {
    const double s = std::max(0.0, se[i]);
    f.lo80[i] = mean[i] - q80 * s, f.hi80[i] = mean[i] + q80 * s;
    f.lo95[i] = mean[i] - q95 * s, f.hi95[i] = mean[i] + q95 * s;
  }
  f.mean = std::move(mean);
  f.aicc = kNaN;
  return f;
}

void AddNote(Forecast* f, const std::string& text) {
  if (text.empty()) return;
  f->note = f->note.empty() ? text : f->note + "; " + text;
}

void Finalize(const Series& series, Forecast* f) {
  const double last = series.values.empty() ? 0 : series.values.back();
  const bool floor_zero = AllNonNegative(series.values);
  bool repaired = false;
  const std::size_t h = f->mean.size();
  for (auto* v : {&f->lo80, &f->hi80, &f->lo95, &f->hi95}) v->resize(h, kNaN);
  for (std::size_t i = 0; i < h; ++i) {
    double& m = f->mean[i];
    if (!std::isfinite(m)) m = last, repaired = true;
    for (double* b : {&f->lo80[i], &f->hi80[i], &f->lo95[i], &f->hi95[i]}) {
      if (!std::isfinite(*b)) *b = m, repaired = true;
    }
    if (floor_zero) {
      for (double* v : {&m, &f->lo80[i], &f->hi80[i], &f->lo95[i], &f->hi95[i]}) {
        *v = std::max(*v, 0.0);
      }
    }
    f->lo80[i] = std::min(f->lo80[i], m), f->hi80[i] = std::max(f->hi80[i], m);
    f->lo95[i] = std::min(f->lo95[i], f->lo80[i]), f->hi95[i] = std::max(f->hi95[i], f->hi80[i]);
  }
  if (repaired) AddNote(f, "non-finite values replaced by the last observation");
  f->fitted.resize(series.values.size(), kNaN);
}

}  // namespace salesdesk::forecast::internal
