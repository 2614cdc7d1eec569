// The benchmark methods: naive, seasonal naive, drift, mean, moving average and the
// M4 competition's Naive2. Prediction intervals follow Hyndman & Athanasopoulos,
// "Forecasting: Principles and Practice" (3rd ed., 2021), section 5.5, with the
// residual variance conventions of R's forecast package (rwf, snaive, meanf) so that
// reference values can be compared. Each function is a MethodFn (see method.h).
#pragma once

#include "forecast/method.h"

namespace salesdesk::forecast {

// Last value carried forward. sd_h = sigma * sqrt(h), sigma^2 the mean squared
// one-step change. One observation: zero-width intervals (noted).
Result<Forecast> RunNaive(const Series& series, int horizon, const MethodOptions& options);

// Value of the same season one cycle back. sd_h = sigma * sqrt(floor((h-1)/m) + 1),
// sigma^2 the mean squared seasonal difference. Falls back to naive when period is 1
// or the series is shorter than one cycle plus one observation.
Result<Forecast> RunSeasonalNaive(const Series& series, int horizon,
                                  const MethodOptions& options);

// Random walk with drift b = (y_n - y_1) / (n - 1). sd_h = s * sqrt(h (1 + h / (n - 1)))
// with s the standard deviation of the one-step changes (this includes the drift's
// estimation error). Falls back to naive when n < 3.
Result<Forecast> RunDrift(const Series& series, int horizon, const MethodOptions& options);

// Historical mean with Student t intervals: s * sqrt(1 + 1/n), n - 1 degrees of
// freedom. One observation: zero-width intervals (noted).
Result<Forecast> RunMean(const Series& series, int horizon, const MethodOptions& options);

// Mean of the last k observations, k = period when period > 1 (which averages out the
// season), otherwise the k in 2..min(12, n/2) with the least in-sample one-step squared
// error. Intervals from the in-sample h-step errors of the same rule (empirical RMSE
// per step, made non-decreasing in h); sigma_1 * sqrt(h) where fewer than 5 errors
// exist. Falls back to mean when n < 2 * k.
Result<Forecast> RunMovingAverage(const Series& series, int horizon,
                                  const MethodOptions& options);

// Naive2 (Makridakis & Hibon 2000; M4): naive on the seasonally adjusted series
// (classical multiplicative decomposition when the 90% ACF test at lag m passes, see
// seasonality.h), re-seasonalised. Interval half-widths scale with the seasonal index.
Result<Forecast> RunNaive2(const Series& series, int horizon, const MethodOptions& options);

}  // namespace salesdesk::forecast
