#include "forecast/accuracy.h"

#include <array>
#include <cmath>
#include <limits>

namespace salesdesk::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool Aligned(std::span<const double> a, std::span<const double> b) {
  return !a.empty() && a.size() == b.size();
}

double LagMae(std::span<const double> y, std::size_t lag) {
  if (y.size() <= lag) return 0;
  double s = 0;
  for (std::size_t t = lag; t < y.size(); ++t) s += std::fabs(y[t] - y[t - lag]);
  return s / static_cast<double>(y.size() - lag);
}

std::array<double, 9> AsArray(const Accuracy& a) {
  return {a.mae, a.rmse, a.mape, a.smape, a.mase, a.bias, a.coverage80, a.coverage95, a.msis};
}

Accuracy FromArray(const std::array<double, 9>& v) {
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
}

}  // namespace

double Mae(std::span<const double> actual, std::span<const double> forecast) {
  if (!Aligned(actual, forecast)) return kNaN;
  double s = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) s += std::fabs(actual[i] - forecast[i]);
  return s / static_cast<double>(actual.size());
}

double Rmse(std::span<const double> actual, std::span<const double> forecast) {
  if (!Aligned(actual, forecast)) return kNaN;
  double s = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) s += std::pow(actual[i] - forecast[i], 2);
  return std::sqrt(s / static_cast<double>(actual.size()));
}

double Mape(std::span<const double> actual, std::span<const double> forecast) {
  if (!Aligned(actual, forecast)) return kNaN;
  double s = 0;
  int count = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] == 0) continue;
    s += std::fabs((actual[i] - forecast[i]) / actual[i]), ++count;
  }
  return count > 0 ? 100 * s / count : kNaN;
}

double Smape(std::span<const double> actual, std::span<const double> forecast) {
  if (!Aligned(actual, forecast)) return kNaN;
  double s = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double denom = std::fabs(actual[i]) + std::fabs(forecast[i]);
    if (denom > 0) s += std::fabs(actual[i] - forecast[i]) / denom;
  }
  return 200 * s / static_cast<double>(actual.size());
}

double Bias(std::span<const double> actual, std::span<const double> forecast) {
  if (!Aligned(actual, forecast)) return kNaN;
  double s = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) s += actual[i] - forecast[i];
  return s / static_cast<double>(actual.size());
}

double Coverage(std::span<const double> actual, std::span<const double> lo,
                std::span<const double> hi) {
  if (!Aligned(actual, lo) || !Aligned(actual, hi)) return kNaN;
  int inside = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) inside += lo[i] <= actual[i] && actual[i] <= hi[i];
  return static_cast<double>(inside) / static_cast<double>(actual.size());
}

double MaseScale(std::span<const double> train, int period) {
  const std::size_t m = period > 1 && train.size() > static_cast<std::size_t>(period) ? period : 1;
  double scale = LagMae(train, m);
  if (scale == 0 && m > 1) scale = LagMae(train, 1);
  return scale > 0 ? scale : kNaN;
}

double Mase(std::span<const double> actual, std::span<const double> forecast, double scale) {
  return Mae(actual, forecast) / scale;
}

double Msis(std::span<const double> actual, std::span<const double> lo,
            std::span<const double> hi, double scale, double alpha) {
  if (!Aligned(actual, lo) || !Aligned(actual, hi)) return kNaN;
  double s = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    s += hi[i] - lo[i];
    if (actual[i] < lo[i]) s += 2 / alpha * (lo[i] - actual[i]);
    if (actual[i] > hi[i]) s += 2 / alpha * (actual[i] - hi[i]);
  }
  return s / static_cast<double>(actual.size()) / scale;
}

Accuracy Evaluate(std::span<const double> train, int period, std::span<const double> actual,
                  const Forecast& f) {
  const double scale = MaseScale(train, period);
  Accuracy a;
  a.mae = Mae(actual, f.mean);
  a.rmse = Rmse(actual, f.mean);
  a.mape = Mape(actual, f.mean);
  a.smape = Smape(actual, f.mean);
  a.mase = Mase(actual, f.mean, scale);
  a.bias = Bias(actual, f.mean);
  a.coverage80 = Coverage(actual, f.lo80, f.hi80);
  a.coverage95 = Coverage(actual, f.lo95, f.hi95);
  a.msis = Msis(actual, f.lo95, f.hi95, scale);
  return a;
}

void AccuracyTotals::Add(const Accuracy& a, int horizon) {
  const std::array<double, 9> v = AsArray(a);
  bool any_nan = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i])) {
      any_nan = true;
      continue;
    }
    by_series_.sum[i] += v[i], by_series_.weight[i] += 1;
    by_point_.sum[i] += v[i] * horizon, by_point_.weight[i] += horizon;
  }
  ++series_;
  undefined_ += any_nan;
}

Accuracy AccuracyTotals::SeriesMean() const {
  std::array<double, 9> v{};
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i] = by_series_.weight[i] > 0 ? by_series_.sum[i] / by_series_.weight[i] : kNaN;
  }
  return FromArray(v);
}

Accuracy AccuracyTotals::PointMean() const {
  std::array<double, 9> v{};
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i] = by_point_.weight[i] > 0 ? by_point_.sum[i] / by_point_.weight[i] : kNaN;
  }
  return FromArray(v);
}

}  // namespace salesdesk::forecast
