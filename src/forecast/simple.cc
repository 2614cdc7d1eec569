#include "forecast/simple.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "forecast/seasonality.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using internal::AddNote;
using internal::Finalize;
using internal::MakeForecast;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Repeats the last `lag` observations forward (R's lagwalk), optionally with drift.
// `lag` <= n - 1 is required for a residual; sigma 0 otherwise.
Forecast LagWalk(const std::vector<double>& y, int horizon, int lag, bool drift) {
  const int n = static_cast<int>(y.size());
  double sse = 0, sum = 0;
  int count = 0;
  for (int t = lag; t < n; ++t) {
    const double d = y[t] - y[t - lag];
    sse += d * d, sum += d, ++count;
  }
  double b = 0, b_se = 0, mse = count > 0 ? sse / count : 0;
  if (drift && count >= 2) {
    b = sum / count;
    mse = (sse - count * b * b) / (count - 1);
    b_se = std::sqrt(mse / count);
  }
  std::vector<double> mean(horizon), se(horizon);
  for (int h = 1; h <= horizon; ++h) {
    const int steps = (h - 1) / lag + 1;
    mean[h - 1] = y[n - lag + (h - 1) % lag] + steps * b;
    se[h - 1] = std::sqrt(std::max(0.0, mse) * steps + std::pow(steps * b_se, 2));
  }
  Forecast f = MakeForecast(std::move(mean), se);
  f.fitted.assign(n, kNaN);
  for (int t = lag; t < n; ++t) f.fitted[t] = y[t - lag] + b;
  if (count == 0) AddNote(&f, "too short to estimate the error: zero-width intervals");
  return f;
}

Result<Forecast> Done(const Series& series, Forecast f, std::string method) {
  if (f.method.empty()) f.method = std::move(method);
  Finalize(series, &f);
  return f;
}

// Mean of y[end - k .. end).
double WindowMean(const std::vector<double>& y, int end, int k) {
  double s = 0;
  for (int i = end - k; i < end; ++i) s += y[i];
  return s / k;
}

double MovingAverageMse(const std::vector<double>& y, int k) {
  double sse = 0;
  const int n = static_cast<int>(y.size());
  for (int t = k; t < n; ++t) sse += std::pow(y[t] - WindowMean(y, t, k), 2);
  return sse / (n - k);
}

// Empirical RMSE of the k-window mean as an h-step forecast, for h = 1..horizon.
std::vector<double> MovingAverageErrors(const std::vector<double>& y, int k, int horizon) {
  const int n = static_cast<int>(y.size());
  std::vector<double> se(horizon);
  double sigma1 = std::sqrt(MovingAverageMse(y, k));
  for (int h = 1; h <= horizon; ++h) {
    double sse = 0;
    int count = 0;
    for (int end = k; end + h - 1 < n; ++end, ++count) {
      sse += std::pow(y[end + h - 1] - WindowMean(y, end, k), 2);
    }
    se[h - 1] = count >= 5 ? std::sqrt(sse / count) : sigma1 * std::sqrt(h);
    if (h > 1) se[h - 1] = std::max(se[h - 1], se[h - 2]);
  }
  return se;
}

}  // namespace

Result<Forecast> RunNaive(const Series& series, int horizon, const MethodOptions&) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  return Done(series, LagWalk(series.values, horizon, 1, false), "Naive");
}

Result<Forecast> RunSeasonalNaive(const Series& series, int horizon,
                                  const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const int n = static_cast<int>(series.values.size());
  const int m = series.period;
  if (m <= 1 || n <= m) {
    Result<Forecast> f = RunNaive(series, horizon, options);
    if (f.ok() && m > 1) AddNote(&f.value(), "shorter than one seasonal cycle: naive used");
    return f;
  }
  return Done(series, LagWalk(series.values, horizon, m, false),
              "Seasonal naive[" + std::to_string(m) + "]");
}

Result<Forecast> RunDrift(const Series& series, int horizon, const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  if (series.values.size() < 3) {
    Result<Forecast> f = RunNaive(series, horizon, options);
    if (f.ok()) AddNote(&f.value(), "fewer than 3 observations: naive used instead of drift");
    return f;
  }
  return Done(series, LagWalk(series.values, horizon, 1, true), "Drift");
}

Result<Forecast> RunMean(const Series& series, int horizon, const MethodOptions&) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const std::vector<double>& y = series.values;
  const double n = static_cast<double>(y.size());
  const double mu = internal::Mean(y);
  double ss = 0;
  for (double v : y) ss += (v - mu) * (v - mu);
  const double s = y.size() > 1 ? std::sqrt(ss / (n - 1)) : 0;
  Forecast f = MakeForecast(std::vector<double>(horizon, mu),
                            std::vector<double>(horizon, s * std::sqrt(1 + 1 / n)),
                            y.size() > 1 ? n - 1 : 0);
  f.fitted.assign(y.size(), mu);
  if (y.size() == 1) AddNote(&f, "one observation: zero-width intervals");
  return Done(series, std::move(f), "Mean");
}

Result<Forecast> RunMovingAverage(const Series& series, int horizon,
                                  const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const std::vector<double>& y = series.values;
  const int n = static_cast<int>(y.size());
  int k = series.period;
  if (k <= 1) {
    double best = std::numeric_limits<double>::infinity();
    for (int c = 2; c <= std::min(12, n / 2); ++c) {
      const double mse = MovingAverageMse(y, c);
      if (mse < best) best = mse, k = c;
    }
  }
  if (k <= 1 || n < 2 * k) {
    Result<Forecast> f = RunMean(series, horizon, options);
    if (f.ok()) AddNote(&f.value(), "too short for a moving average: mean used");
    return f;
  }
  Forecast f = MakeForecast(std::vector<double>(horizon, WindowMean(y, n, k)),
                            MovingAverageErrors(y, k, horizon));
  f.fitted.assign(n, kNaN);
  for (int t = k; t < n; ++t) f.fitted[t] = WindowMean(y, t, k);
  return Done(series, std::move(f), "MA(" + std::to_string(k) + ")");
}

Result<Forecast> RunNaive2(const Series& series, int horizon, const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  std::string why;
  const SeasonalAdjustment adj =
      AdjustIfSeasonal(series.values, series.period, options.detect_seasonality, &why);
  const int n = static_cast<int>(series.values.size());
  Forecast f = LagWalk(adj.adjusted, horizon, 1, false);
  for (int h = 1; h <= horizon; ++h) {
    const double s = adj.IndexAfter(n, h);
    for (auto* v : {&f.mean, &f.lo80, &f.hi80, &f.lo95, &f.hi95}) (*v)[h - 1] *= s;
  }
  for (int t = 0; t < n; ++t) f.fitted[t] *= adj.index[t % adj.period];
  AddNote(&f, why);
  return Done(series, std::move(f), adj.period > 1 ? "Naive2 (seasonally adjusted)" : "Naive2");
}

}  // namespace salesdesk::forecast
