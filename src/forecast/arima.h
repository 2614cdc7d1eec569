// Seasonal ARIMA models (Box, Jenkins & Reinsel, "Time Series Analysis", 4th ed. 2008)
// fitted by exact Gaussian maximum likelihood, and the automatic order selection of
// Hyndman & Khandakar (2008, "Automatic time series forecasting: the forecast package for
// R", Journal of Statistical Software 27(3)): KPSS and seasonal-strength tests choose d
// and D, a stepwise search over (p, q)(P, Q) and the constant minimises AICc.
//
// The model for a series y_t with seasonal period m is
//   phi(B) Phi(B^m) (w_t - mu) = theta(B) Theta(B^m) e_t,  w_t = (1-B)^d (1-B^m)^D y_t,
//   phi(B) = 1 - sum phi_i B^i,  theta(B) = 1 + sum theta_i B^i  (same for Phi, Theta),
// e_t independent N(0, sigma2). mu is the constant: the mean when d + D = 0, and
// m^D times the drift per observation when d + D = 1 (y_t then has a linear trend; this
// is R's "drift" regressor after differencing). Estimation works on w directly, which is
// the likelihood R's arima() computes with a diffuse prior on the differenced part.
//
// Everything here is pure computation, deterministic and safe to call from many threads.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "forecast/method.h"

namespace salesdesk::forecast {

// Orders of ARIMA(p,d,q)(P,D,Q)[m]. The seasonal orders must be 0 when period <= 1.
struct ArimaOrder {
  int p = 0, d = 0, q = 0;
  int seasonal_p = 0, seasonal_d = 0, seasonal_q = 0;
  int period = 1;
  // A mean (d + D = 0) or drift (d + D = 1). Not allowed with two or more differences.
  bool constant = false;
};

enum class ArimaEstimation {
  // Conditional sum of squares for starting values, then exact maximum likelihood by a
  // Kalman filter on the state-space form (R's default "CSS-ML").
  kExactLikelihood,
  // Conditional sum of squares only (R's "CSS"); used by the automatic search on long
  // series, as Hyndman & Khandakar's approximation.
  kConditionalSumOfSquares,
};

// A fitted model. Coefficients use the sign convention of the header comment (R's).
struct ArimaModel {
  ArimaOrder order;
  std::vector<double> ar, ma, seasonal_ar, seasonal_ma;
  double mu = 0;     // the constant of w_t (0 without one)
  double drift = 0;  // per observation: mu / m^D when d + D = 1, else 0
  // Innovation variance: sum of squared standardised one-step errors / (N - coefficients),
  // the unbiased version the forecast package uses for intervals.
  double sigma2 = 0;
  // Exact Gaussian (or, for CSS, conditional) log-likelihood of w; NaN (and so the
  // criteria) when the model fits exactly (sigma2 = 0). AICc is +infinity when
  // N <= coefficients + 2.
  double loglik = 0;
  double aic = 0, aicc = 0, bic = 0;
  int num_coefficients = 0;  // ARMA coefficients plus the constant (AIC adds sigma2)
  int num_used = 0;          // N = n - d - m D, observations of w
  ArimaEstimation estimation = ArimaEstimation::kExactLikelihood;
  // One-step in-sample forecasts of y and y minus them, same length as the series; NaN
  // for the first d + m D observations, which differencing consumes.
  std::vector<double> fitted, residuals;
  // What forecasting needs: the series and the filter's predicted state a_{N+1|N}.
  std::vector<double> history;
  std::vector<double> state;

  // "ARIMA(0,1,1)(0,1,1)[12]", with " with drift" / " with non-zero mean" as R prints.
  std::string Describe() const;
  // Smallest modulus over the roots of the AR and MA polynomials (phi(z) Phi(z^m) and
  // theta(z) Theta(z^m)); +infinity for a model without either.
  double MinRootModulus() const;
};

// Fits `order` to `y` (oldest first, finite values). kInvalidArgument when the orders are
// negative, seasonal orders are given with period <= 1, a constant is asked for with
// d + D >= 2, or fewer than 1 + (number of coefficients) observations remain after
// differencing. The AR and MA parts are kept stationary and invertible by the
// partial-autocorrelation reparameterisation of Jones (1980, Technometrics 22:389-395;
// also Monahan 1984). Optimisation: Levenberg-Marquardt on the residual vector whose
// squared norm is the concentrated likelihood (see arima_model.cc).
Result<ArimaModel> FitArima(std::span<const double> y, const ArimaOrder& order,
                            ArimaEstimation estimation = ArimaEstimation::kExactLikelihood);

// How interval bounds are scaled from the forecast standard errors.
enum class ArimaIntervals {
  // Student t quantiles with N - (coefficients) degrees of freedom: the predictive
  // distribution when sigma2 is estimated (a small-sample correction; on the M3 data it
  // lifts 95% coverage from 86.6% to 87.5% and lowers MSIS by 3%).
  kStudentT,
  // Normal quantiles, as the forecast package (for comparisons with it).
  kNormal,
};

// Point forecasts for steps 1..horizon (>= 1) from the filter's final state, with 80%
// and 95% intervals. The error variance is sigma2 * sum_{j<h} psi_j^2 with the psi
// weights of the full ARIMA operator including the differences (Box, Jenkins & Reinsel
// section 5.2), plus the uncertainty of the filter's final state while the filter has not
// converged (the exact state-space forecast variance). Bounds are not clipped; `fitted`
// is the model's; method = Describe().
Forecast ForecastArima(const ArimaModel& model, int horizon,
                       ArimaIntervals intervals = ArimaIntervals::kStudentT);

// Limits and switches of the automatic search; the defaults are the paper's (and the
// forecast package's auto.arima defaults).
struct AutoArimaOptions {
  int max_p = 5, max_q = 5, max_seasonal_p = 2, max_seasonal_q = 2;
  int max_d = 2, max_seasonal_d = 1;
  int start_p = 2, start_q = 2, start_seasonal_p = 1, start_seasonal_q = 1;
  int max_models = 94;   // stepwise search budget
  bool seasonal = true;  // false: m = 1 whatever the period
  bool allow_drift = true, allow_mean = true;
  // CSS instead of the exact likelihood while searching: -1 automatic (series longer than
  // 150 or period above 12, as the paper), 0 never, 1 always. The chosen model is refitted
  // by exact likelihood either way.
  int approximation = -1;
};

struct AutoArimaResult {
  ArimaModel model;
  int models_fitted = 0;  // likelihood fits made by the search
  std::string note;       // a fallback taken, or empty
};

// Hyndman & Khandakar's Algorithm: D by seasonal strength > 0.64 of an STL decomposition
// (the forecast package's default since 8.5; OCSB is not used), d by KPSS at 5% on the
// seasonally differenced series, then the stepwise search by AICc with the paper's moves
// (each of p, q, P, Q by +-1; p and q together; P and Q together; the constant on or off)
// from ARIMA(2,d,2)(1,D,1), the null model, (1,d,0)(1,D,0), (0,d,1)(0,D,1) and the null
// model without constant, with the forecast package's bounds (p, q <= 5, P, Q <= 2, at
// most n/3 (n/3m), p, q < m when seasonal terms may enter; 94 models). The constant is a
// mean when d + D = 0, a drift when d + D = 1, absent otherwise. Rejected: models with
// an AR or MA root of modulus below 1.01, and models whose CSS estimate puts an AR part
// on the stationarity edge (see arima_internal.h). Each candidate's exact-likelihood fit
// starts from the current best model's estimates. A constant series, a constant
// differenced series, or a series where no model can be fitted falls back to a simple
// model named in `note`. kInvalidArgument for an empty or non-finite series or period < 1.
Result<AutoArimaResult> AutoArima(std::span<const double> y, int period,
                                  const AutoArimaOptions& options = {});

// The "arima" method of the registry: AutoArima, then ForecastArima (Student t
// intervals), then the shared final repair (non-negative history gives non-negative
// bounds). Fallbacks in note. MethodOptions are not used: the seasonal-strength test and
// the search decide the seasonal part whatever detect_seasonality says.
Result<Forecast> RunAutoArima(const Series& series, int horizon, const MethodOptions& options);

// A fixed-order fit and forecast with the same final repair, for callers (and tests) that
// know the model they want. The period is taken from `order`.
Result<Forecast> RunArima(const Series& series, const ArimaOrder& order, int horizon);

}  // namespace salesdesk::forecast
