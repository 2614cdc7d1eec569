// Econometric models (计量经济): multiple regression of sales on imported economic
// indicators (income, prices, housing starts ...), each at chosen lags, with the
// diagnostics a reviewer asks for and forecasts whose intervals carry the indicators' own
// uncertainty. Pure computation: no I/O, no global state, deterministic for a given seed,
// thread-safe.
//
// The model:  sales[t] = b0 + sum_j sum_{L in lags_j} b_jL x_j[t - L] + e[t],
// fitted by ordinary least squares (Householder QR) on the periods t >= max lag.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "forecast/method.h"

namespace salesdesk::forecast {

// One explanatory series.
struct Indicator {
  std::string name;             // shown in coefficient names: "income", "income (lag 1)"
  std::vector<double> values;   // values[t] for the same periods as the sales history
  std::vector<int> lags{0};     // each lag L >= 0 adds the regressor x[t - L]; distinct
  // Values assumed for the periods after the history (future[0] is the first period to
  // forecast). Taken as known, without uncertainty. When they do not reach far enough,
  // the engine forecasts the rest (see EconometricOptions::indicator_method).
  std::vector<double> future;
};

struct Coefficient {
  std::string term;      // "(intercept)", "income", "income (lag 1)"
  double estimate = 0;
  double std_error = 0;
  double t_value = 0;
  double p_value = 0;    // two-sided, Student t with n - p degrees of freedom
  double vif = 0;        // variance inflation factor 1 / (1 - R^2_j); NaN for the intercept
};

struct RegressionDiagnostics {
  int observations = 0;       // periods used (history length minus the largest lag)
  int parameters = 0;         // p, including the intercept
  double r_squared = 0;
  double adjusted_r_squared = 0;
  double residual_se = 0;     // sqrt(RSS / (n - p))
  double durbin_watson = 0;   // sum (e_t - e_{t-1})^2 / sum e_t^2; near 2 = no autocorrelation
  int ljung_box_lag = 0;      // lags tested
  double ljung_box = 0;       // Q = n (n + 2) sum_k r_k^2 / (n - k) (Ljung & Box 1978)
  double ljung_box_p_value = 0;  // chi-square with ljung_box_lag degrees of freedom
};

struct EconometricModel {
  std::vector<Coefficient> coefficients;  // intercept first, then indicators and lags in input order
  RegressionDiagnostics diagnostics;
  int max_lag = 0;                        // the first max_lag periods are not fitted
  std::vector<double> fitted;             // same length as the sales history; NaN before max_lag
  std::vector<double> residuals;          // sales - fitted; NaN before max_lag
  std::vector<double> unscaled_covariance;  // (X'X)^-1, p x p row major (coefficient covariance / sigma^2)
};

// Fits the model. `ljung_box_lag` <= 0 means min(10, n / 5) (Hyndman & Athanasopoulos,
// FPP3 section 5.4, for non-seasonal data). kInvalidArgument for: no indicators, an
// indicator whose length differs from the history, a non-finite value, a negative or
// repeated lag, a lag that leaves too few periods (need n - p >= 1), or a regressor that
// is (nearly) a linear combination of the others (named).
Result<EconometricModel> FitEconometric(std::span<const double> sales, std::span<const Indicator> indicators,
                                        int ljung_box_lag = 0);

struct EconometricOptions {
  int horizon = 1;                       // periods to forecast, >= 1
  // Registered method (method.h) that forecasts indicator values not given in
  // Indicator::future: "ets", "auto", "arima", ...
  std::string indicator_method = "ets";
  int period = 1;                        // seasonal period of the indicators (12 monthly, 4 quarterly)
  int simulations = 5000;                // draws for the intervals, >= 100
  std::uint64_t seed = 42;
  int ljung_box_lag = 0;                 // as in FitEconometric
};

// The indicator values a forecast used, per future period 1..horizon (the value at the
// period itself; lagged regressors read earlier entries or the history).
struct IndicatorPath {
  std::string name;
  std::vector<double> values, lo95, hi95;  // lo95 == hi95 == value when given by the user
  std::vector<std::string> source;         // per period: "user" or the indicator method's fit, e.g. "ETS(A,N,N)"
};

struct EconometricForecast {
  Forecast forecast;                       // mean = fitted model at the expected indicator values
  EconometricModel model;
  std::vector<IndicatorPath> indicators;   // input order
};

// Fits the model and forecasts `options.horizon` periods. The intervals are simulated
// (options.simulations draws, fixed seed) from:
//   - the residual variance, drawn as sigma^2 (n-p) / chi^2_{n-p}, and the coefficients,
//     drawn from N(b, sigma^2 (X'X)^-1): with known indicators this reproduces the exact
//     Student t prediction interval of a regression (R's predict.lm) up to Monte Carlo error;
//   - every engine-forecast indicator value, drawn from a split normal whose two standard
//     deviations come from the indicator forecast's 95% bounds; one standard normal draw
//     per indicator and path, so that an indicator that runs high stays high over the
//     horizon (forecast errors of trending series are strongly correlated across steps;
//     this errs on the wide side).
// kInvalidArgument for what FitEconometric rejects, horizon < 1, simulations < 100, or
// an unknown indicator method; an indicator forecast that fails is reported by name.
Result<EconometricForecast> ForecastEconometric(std::span<const double> sales,
                                                std::span<const Indicator> indicators,
                                                const EconometricOptions& options);

// Upper tail probability of the chi-square distribution, P(X > x), df > 0.
double ChiSquareUpperTail(double x, double df);

}  // namespace salesdesk::forecast
