#include "forecast/theta.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "forecast/seasonality.h"
#include "forecast/simple.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using internal::AddNote;

constexpr double kAlphaMin = 1e-4, kAlphaMax = 0.9999;

// (1 - (1 - alpha)^t) / alpha, the sum of (1 - alpha)^j for j < t.
double GeometricSum(double alpha, int t) {
  return alpha < 1e-12 ? t : (1 - std::pow(1 - alpha, t)) / alpha;
}

// A smoother whose one-step fit is mu_t = l_{t-1} + g_t with l_t = alpha y_t +
// (1 - alpha) l_{t-1}: SES when g = 0, DOTM otherwise. l_t is linear in l_0, so the
// least-squares l_0 for a given alpha has a closed form.
struct Smooth {
  double alpha = 0.5;
  double l0 = 0;
  double level = 0;  // l_n
  double sse = 0;
  std::vector<double> fitted;
};

Smooth RunSmoother(const std::vector<double>& y, const std::vector<double>& g, double alpha) {
  const int n = static_cast<int>(y.size());
  std::vector<double> a(n), d(n);  // e_t = a_t - d_t * l0
  double c = 0, dt = 1;
  for (int t = 0; t < n; ++t) {
    a[t] = y[t] - (g.empty() ? 0 : g[t]) - c, d[t] = dt;
    c = alpha * y[t] + (1 - alpha) * c, dt *= 1 - alpha;
  }
  double sad = 0, sdd = 0;
  for (int t = 0; t < n; ++t) sad += a[t] * d[t], sdd += d[t] * d[t];
  Smooth s;
  s.alpha = alpha;
  s.l0 = sdd > 0 ? sad / sdd : y[0];
  s.level = c + dt * s.l0;
  s.fitted.resize(n);
  for (int t = 0; t < n; ++t) {
    const double e = a[t] - d[t] * s.l0;
    s.sse += e * e;
    s.fitted[t] = y[t] - e;
  }
  return s;
}

Smooth FitSmoother(const std::vector<double>& y, const std::vector<double>& g) {
  const double alpha = internal::MinimiseScalar(
      [&](double al) { return RunSmoother(y, g, al).sse; }, kAlphaMin, kAlphaMax, 16, 1e-6);
  return RunSmoother(y, g, alpha);
}

// Recursive least-squares line of y on 1..t (Fiorucci et al. 2016, eqs. 18-20):
// prev_a[t-1], prev_b[t-1] hold A_{t-1}, B_{t-1} (A_0 = B_0 = 0); a_n, b_n the final.
struct TrendPath {
  std::vector<double> prev_a, prev_b;
  double a_n = 0, b_n = 0;
};

TrendPath RecursiveTrend(const std::vector<double>& y) {
  const int n = static_cast<int>(y.size());
  TrendPath p;
  double a = 0, b = 0, mean = 0;
  for (int t = 1; t <= n; ++t) {
    p.prev_a.push_back(a), p.prev_b.push_back(b);
    const double y_t = y[t - 1];
    if (t >= 2) b = (t - 2.0) / (t + 1) * b + 6.0 / (t + 1) * (y_t - mean) / t;
    mean = ((t - 1) * mean + y_t) / t;
    a = mean - (t + 1) / 2.0 * b;
  }
  p.a_n = a, p.b_n = b;
  return p;
}

// DOTM at a given alpha. mu_t = l_{t-1} + w G_t with w = 1 - 1/theta, and l_{t-1} is
// linear in l_0, so (l_0, w) solve a 2 x 2 least-squares problem; w is kept in
// [0, 1 - 1/kThetaMax] (theta >= 1 as in the paper; the cap keeps the trend weight
// short of a pure straight line).
constexpr double kThetaMax = 20;

struct Dotm {
  double w = 0, l0 = 0, level = 0, sse = 0;
  std::vector<double> fitted;
};

Dotm FitDotmAt(const std::vector<double>& y, const TrendPath& p, double alpha) {
  const int n = static_cast<int>(y.size());
  std::vector<double> r(n), d(n), g(n);  // e_t = r_t - d_t l_0 - w g_t
  double c = 0, pw = 1;
  for (int t = 0; t < n; ++t) {
    g[t] = pw * p.prev_a[t] + GeometricSum(alpha, t + 1) * p.prev_b[t];
    r[t] = y[t] - c, d[t] = pw;
    c = alpha * y[t] + (1 - alpha) * c, pw *= 1 - alpha;
  }
  double sdd = 0, sdg = 0, sgg = 0, sdr = 0, sgr = 0;
  for (int t = 0; t < n; ++t) {
    sdd += d[t] * d[t], sdg += d[t] * g[t], sgg += g[t] * g[t];
    sdr += d[t] * r[t], sgr += g[t] * r[t];
  }
  Dotm m;
  const double det = sdd * sgg - sdg * sdg;
  m.w = det > 1e-12 * sdd * sgg ? (sdd * sgr - sdg * sdr) / det : 0;
  m.w = std::clamp(m.w, 0.0, 1 - 1 / kThetaMax);
  m.l0 = (sdr - m.w * sdg) / sdd;
  m.level = c + pw * m.l0;
  m.fitted.resize(n);
  for (int t = 0; t < n; ++t) {
    const double e = r[t] - d[t] * m.l0 - m.w * g[t];
    m.sse += e * e;
    m.fitted[t] = y[t] - e;
  }
  return m;
}

struct Adjusted {
  SeasonalAdjustment adj;
  std::string why;
};

Adjusted Adjust(const Series& series, const MethodOptions& options) {
  Adjusted r;
  r.adj = AdjustIfSeasonal(series.values, series.period, options.detect_seasonality, &r.why);
  return r;
}

// Re-seasonalises mean and se, builds the forecast and fitted values.
Forecast Assemble(const Series& series, const Adjusted& a, std::vector<double> mean,
                  std::vector<double> se, const std::vector<double>& fitted) {
  const int n = static_cast<int>(series.values.size());
  for (std::size_t h = 0; h < mean.size(); ++h) {
    const double s = a.adj.IndexAfter(n, static_cast<int>(h) + 1);
    mean[h] *= s, se[h] *= s;
  }
  Forecast f = internal::MakeForecast(std::move(mean), se);
  f.fitted.resize(n);
  for (int t = 0; t < n; ++t) f.fitted[t] = fitted[t] * a.adj.index[t % a.adj.period];
  AddNote(&f, a.why);
  internal::Finalize(series, &f);
  return f;
}

std::vector<double> SesStandardErrors(double sigma2, double alpha, int horizon) {
  std::vector<double> se(horizon);
  for (int h = 1; h <= horizon; ++h) se[h - 1] = std::sqrt(sigma2 * (1 + (h - 1) * alpha * alpha));
  return se;
}

// Standard error of the least-squares slope b of y on t = 1..n (intercept a).
double SlopeStandardError(const std::vector<double>& y, double a, double b) {
  const double n = static_cast<double>(y.size());
  double sse = 0;
  for (std::size_t t = 0; t < y.size(); ++t) sse += std::pow(y[t] - a - b * (t + 1.0), 2);
  return std::sqrt(sse / (n - 2) / (n * (n * n - 1) / 12));
}

std::string Label(const char* name, const Adjusted& a) {
  return std::string(name) + (a.adj.period > 1 ? " (seasonally adjusted)" : "");
}

}  // namespace

Result<Forecast> RunTheta(const Series& series, int horizon, const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const int n = static_cast<int>(series.values.size());
  if (n < 3) {
    Result<Forecast> f = RunNaive(series, horizon, options);
    if (f.ok()) AddNote(&f.value(), "fewer than 3 observations: naive used instead of theta");
    return f;
  }
  const Adjusted a = Adjust(series, options);
  const std::vector<double>& x = a.adj.adjusted;
  const Smooth s = FitSmoother(x, {});
  const double drift = internal::FitLine(x).slope / 2;
  std::vector<double> mean(horizon);
  for (int h = 1; h <= horizon; ++h) {
    mean[h - 1] = s.level + drift * (h - 1 + GeometricSum(s.alpha, n));
  }
  Forecast f = Assemble(series, a, std::move(mean),
                        SesStandardErrors(s.sse / (n - 2), s.alpha, horizon), s.fitted);
  f.method = Label("Theta", a);
  return f;
}

Result<Forecast> RunOptimisedTheta(const Series& series, int horizon,
                                   const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const int n = static_cast<int>(series.values.size());
  if (n < 5) {
    Result<Forecast> f = RunTheta(series, horizon, options);
    if (f.ok()) AddNote(&f.value(), "fewer than 5 observations: standard theta used");
    return f;
  }
  const Adjusted a = Adjust(series, options);
  const std::vector<double>& x = a.adj.adjusted;
  const TrendPath p = RecursiveTrend(x);
  const double alpha = internal::MinimiseScalar(
      [&](double al) { return FitDotmAt(x, p, al).sse; }, kAlphaMin, kAlphaMax, 16, 1e-6);
  const Dotm s = FitDotmAt(x, p, alpha);
  const double theta = 1 / (1 - s.w);
  std::vector<double> mean(horizon);
  for (int h = 1; h <= horizon; ++h) {
    mean[h - 1] = s.level + s.w * (std::pow(1 - alpha, n) * p.a_n +
                                   (GeometricSum(alpha, n + 1) + h - 1) * p.b_n);
  }
  std::vector<double> se = SesStandardErrors(s.sse / (n - 3), alpha, horizon);
  const double slope_se = SlopeStandardError(x, p.a_n, p.b_n);
  for (int h = 1; h <= horizon; ++h) {
    const double k = s.w * (GeometricSum(alpha, n + 1) + h - 1);
    se[h - 1] = std::hypot(se[h - 1], k * slope_se);
  }
  Forecast f = Assemble(series, a, std::move(mean), std::move(se), s.fitted);
  f.method = Label(("OTheta(theta=" + std::to_string(theta).substr(0, 5) + ")").c_str(), a);
  return f;
}

}  // namespace salesdesk::forecast
