#include "forecast/regression.h"

#include <cmath>
#include <string>
#include <vector>

#include "forecast/seasonality.h"
#include "forecast/simple.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

// Regressors at time t (1-based): intercept, centred trend, seasonal dummies.
std::vector<double> Regressors(int t, double t_mean, int seasons) {
  std::vector<double> x(2 + std::max(0, seasons - 1), 0.0);
  x[0] = 1, x[1] = t - t_mean;
  const int k = (t - 1) % std::max(1, seasons);
  if (seasons > 1 && k > 0) x[1 + k] = 1;
  return x;
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// x' M x for a p x p matrix M.
double Quadratic(const std::vector<double>& m, const std::vector<double>& x) {
  const std::size_t p = x.size();
  double s = 0;
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < p; ++j) s += x[i] * m[i * p + j] * x[j];
  }
  return s;
}

}  // namespace

Result<Forecast> RunLinearRegression(const Series& series, int horizon,
                                     const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const std::vector<double>& y = series.values;
  const int n = static_cast<int>(y.size());
  if (n < 3) {
    Result<Forecast> f = RunMean(series, horizon, options);
    if (f.ok()) internal::AddNote(&f.value(), "fewer than 3 observations: mean used");
    return f;
  }
  const int m = series.period;
  const bool seasonal = m > 1 && n >= m + 3 && (!options.detect_seasonality || IsSeasonal(y, m));
  const int seasons = seasonal ? m : 1;
  const int p = 1 + seasons;
  const double t_mean = (n + 1) / 2.0;
  std::vector<double> xtx(p * p, 0.0), beta(p, 0.0);
  for (int t = 1; t <= n; ++t) {
    const std::vector<double> x = Regressors(t, t_mean, seasons);
    for (int i = 0; i < p; ++i) {
      beta[i] += x[i] * y[t - 1];
      for (int j = 0; j < p; ++j) xtx[i * p + j] += x[i] * x[j];
    }
  }
  const std::vector<double> inv = internal::InverseSpd(xtx, p);
  if (inv.empty() || !internal::SolveSpd(xtx, &beta, p)) {
    return Status::Internal("regression design is singular");
  }
  Forecast f;
  f.fitted.resize(n);
  double sse = 0;
  for (int t = 1; t <= n; ++t) {
    f.fitted[t - 1] = Dot(Regressors(t, t_mean, seasons), beta);
    sse += std::pow(y[t - 1] - f.fitted[t - 1], 2);
  }
  const double s2 = n > p ? sse / (n - p) : 0;
  std::vector<double> mean(horizon), se(horizon);
  for (int h = 1; h <= horizon; ++h) {
    const std::vector<double> x0 = Regressors(n + h, t_mean, seasons);
    mean[h - 1] = Dot(x0, beta);
    se[h - 1] = std::sqrt(s2 * (1 + Quadratic(inv, x0)));
  }
  std::vector<double> fitted = std::move(f.fitted);
  f = internal::MakeForecast(std::move(mean), se, n - p);
  f.fitted = std::move(fitted);
  f.method = seasonal ? "LM(trend+season[" + std::to_string(m) + "])" : "LM(trend)";
  if (m > 1 && !seasonal && n < m + 3) internal::AddNote(&f, "too short for seasonal dummies");
  internal::Finalize(series, &f);
  return f;
}

}  // namespace salesdesk::forecast
