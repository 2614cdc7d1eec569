#include "forecast/intermittent.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "forecast/simple.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using internal::AddNote;

constexpr double kCrostonAlpha = 0.1;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Croston's state after each observation: the current forecast (NaN before any demand
// has been seen twice in R's terms: we use size / interval as soon as one demand exists).
struct CrostonState {
  double size = 0, interval = 0;
  int demands = 0, since_last = 0;
  double Forecast() const { return demands == 0 ? 0 : size / interval; }
  void Update(double y, double alpha) {
    ++since_last;
    if (y <= 0) return;
    if (demands == 0) {
      size = y, interval = since_last;
    } else {
      size += alpha * (y - size), interval += alpha * (since_last - interval);
    }
    ++demands, since_last = 0;
  }
};

// Builds the forecast from a flat point forecast and the one-step fits.
Result<Forecast> Build(const Series& series, int horizon, double point,
                       std::vector<double> fitted, double weight, std::string method) {
  double sse = 0;
  int count = 0;
  for (std::size_t t = 0; t < fitted.size(); ++t) {
    if (std::isnan(fitted[t])) continue;
    sse += std::pow(series.values[t] - fitted[t], 2), ++count;
  }
  const double sigma = count > 0 ? std::sqrt(sse / count) : 0;
  std::vector<double> se(horizon);
  for (int h = 1; h <= horizon; ++h) se[h - 1] = sigma * std::sqrt(1 + (h - 1) * weight * weight);
  Forecast f = internal::MakeForecast(std::vector<double>(horizon, point), se);
  f.fitted = std::move(fitted);
  f.method = std::move(method);
  if (count == 0) AddNote(&f, "too short to estimate the error: zero-width intervals");
  internal::Finalize(series, &f);
  return f;
}

// Checks input; on negative values returns naive with a note in `fallback`.
bool NeedsFallback(const Series& series, int horizon, const MethodOptions& options,
                   Result<Forecast>* fallback) {
  if (internal::AllNonNegative(series.values)) return false;
  *fallback = RunNaive(series, horizon, options);
  if (fallback->ok()) AddNote(&fallback->value(), "negative values: naive used instead");
  return true;
}

Result<Forecast> CrostonFamily(const Series& series, int horizon, const MethodOptions& options,
                               double factor, const char* name) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  Result<Forecast> fallback = Status::Internal("unset");
  if (NeedsFallback(series, horizon, options, &fallback)) return fallback;
  CrostonState s;
  std::vector<double> fitted(series.values.size(), kNaN);
  for (std::size_t t = 0; t < series.values.size(); ++t) {
    if (s.demands > 0) fitted[t] = factor * s.Forecast();
    s.Update(series.values[t], kCrostonAlpha);
  }
  return Build(series, horizon, factor * s.Forecast(), std::move(fitted), kCrostonAlpha, name);
}

struct TsbRun {
  double sse = 0, point = 0;
  std::vector<double> fitted;
};

TsbRun RunTsbOnce(const std::vector<double>& y, double alpha, double beta) {
  double nonzero = 0, total = 0;
  for (double v : y) nonzero += v > 0, total += v > 0 ? v : 0;
  double p = nonzero / static_cast<double>(y.size());
  double z = nonzero > 0 ? total / nonzero : 0;
  TsbRun r;
  r.fitted.resize(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) {
    r.fitted[t] = p * z;
    r.sse += std::pow(y[t] - r.fitted[t], 2);
    p += beta * ((y[t] > 0 ? 1.0 : 0.0) - p);
    if (y[t] > 0) z += alpha * (y[t] - z);
  }
  r.point = p * z;
  return r;
}

}  // namespace

Result<Forecast> RunCroston(const Series& series, int horizon, const MethodOptions& options) {
  return CrostonFamily(series, horizon, options, 1.0, "Croston");
}

Result<Forecast> RunSba(const Series& series, int horizon, const MethodOptions& options) {
  return CrostonFamily(series, horizon, options, 1 - kCrostonAlpha / 2, "SBA");
}

Result<Forecast> RunTsb(const Series& series, int horizon, const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  Result<Forecast> fallback = Status::Internal("unset");
  if (NeedsFallback(series, horizon, options, &fallback)) return fallback;
  TsbRun best;
  double best_alpha = 0.05, best_beta = 0.05;
  best.sse = std::numeric_limits<double>::infinity();
  for (int i = 1; i <= 6; ++i) {
    for (int j = 1; j <= 6; ++j) {
      TsbRun r = RunTsbOnce(series.values, 0.05 * i, 0.05 * j);
      if (r.sse < best.sse) best = std::move(r), best_alpha = 0.05 * i, best_beta = 0.05 * j;
    }
  }
  return Build(series, horizon, best.point, std::move(best.fitted),
               std::max(best_alpha, best_beta), "TSB");
}

}  // namespace salesdesk::forecast
