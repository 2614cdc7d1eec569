// Forecast accuracy measures (Hyndman & Koehler 2006; M4 competition definitions,
// Makridakis, Spiliotis & Assimakopoulos 2020). `actual` and `forecast` are aligned
// (same length, h >= 1); mismatched or empty spans give NaN. Pure; thread-safe.
//
// Zero-denominator guards: an undefined measure is NaN, never infinity, and
// aggregators (AccuracyTotals) skip NaN values and count them:
//   MAPE   skips points whose actual is 0; NaN when every actual is 0.
//   sMAPE  a point with |y| + |f| = 0 (zero forecast of a zero actual) contributes 0.
//   MASE / MSIS  scale = in-sample MAE of the seasonal naive (lag m); lag 1 when the
//          training series has no more than m points; if that scale is 0 (constant
//          history) the lag-1 scale is tried; if it is 0 too, NaN.
#pragma once

#include <span>
#include <vector>

#include "forecast/method.h"

namespace salesdesk::forecast {

// Mean absolute error.
double Mae(std::span<const double> actual, std::span<const double> forecast);
// Root mean squared error.
double Rmse(std::span<const double> actual, std::span<const double> forecast);
// Mean absolute percentage error, percent.
double Mape(std::span<const double> actual, std::span<const double> forecast);
// Symmetric MAPE, percent, M4 definition: (200/h) sum |y - f| / (|y| + |f|).
double Smape(std::span<const double> actual, std::span<const double> forecast);
// Mean error, actual minus forecast: positive means the forecast was too low.
double Bias(std::span<const double> actual, std::span<const double> forecast);
// Share (0..1) of actuals inside [lo, hi], bounds included.
double Coverage(std::span<const double> actual, std::span<const double> lo,
                std::span<const double> hi);

// The MASE / MSIS scale of a training series (see the guards above).
double MaseScale(std::span<const double> train, int period);
// Mean absolute scaled error: MAE / scale.
double Mase(std::span<const double> actual, std::span<const double> forecast, double scale);
// Mean scaled interval score of [lo, hi] at level 1 - alpha (M4: alpha = 0.05).
double Msis(std::span<const double> actual, std::span<const double> lo,
            std::span<const double> hi, double scale, double alpha = 0.05);

// Every measure for one series' forecast.
struct Accuracy {
  double mae = 0, rmse = 0, mape = 0, smape = 0, mase = 0, bias = 0;
  double coverage80 = 0, coverage95 = 0, msis = 0;
};
Accuracy Evaluate(std::span<const double> train, int period, std::span<const double> actual,
                  const Forecast& forecast);

// Running means over many series ("series" weighting: each series counts once) and
// over forecast points ("points" weighting: each series weighted by its horizon, the
// M3 paper's convention). NaN measures are skipped and counted in `undefined`.
class AccuracyTotals {
 public:
  void Add(const Accuracy& a, int horizon);
  int series() const { return series_; }
  int undefined() const { return undefined_; }
  // Series-weighted and point-weighted means.
  Accuracy SeriesMean() const;
  Accuracy PointMean() const;

 private:
  struct Sums {
    std::vector<double> sum = std::vector<double>(9, 0.0);
    std::vector<double> weight = std::vector<double>(9, 0.0);
  };
  Sums by_series_, by_point_;
  int series_ = 0;
  int undefined_ = 0;
};

}  // namespace salesdesk::forecast
