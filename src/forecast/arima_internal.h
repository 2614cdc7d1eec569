// Building blocks of the ARIMA unit (arima*.cc), not part of the engine's interface:
// polynomial expansion and reparameterisation, the exact likelihood by a fast Kalman
// filter, conditional sums of squares, and a Levenberg-Marquardt least-squares solver.
// All functions are pure; the workspace classes are not shared between threads.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "forecast/arima.h"

namespace salesdesk::forecast::arima_internal {

// The ARMA operators of w_t multiplied out: phi(B) Phi(B^m) = 1 - sum_i phi[i-1] B^i and
// theta(B) Theta(B^m) = 1 + sum_i theta[i-1] B^i.
struct ArmaPolynomials {
  std::vector<double> phi, theta;
};
ArmaPolynomials Expand(std::span<const double> ar, std::span<const double> ma,
                       std::span<const double> seasonal_ar, std::span<const double> seasonal_ma,
                       int period);
// The same into `out`, reusing its storage.
void ExpandInto(std::span<const double> ar, std::span<const double> ma,
                std::span<const double> seasonal_ar, std::span<const double> seasonal_ma,
                int period, ArmaPolynomials* out);

// Jones (1980): maps unconstrained u_1..u_k to the coefficients a_1..a_k of a stationary
// AR polynomial 1 - sum a_i z^i through partial autocorrelations r_k = tanh(u_k) and the
// Durbin-Levinson recursion. |u| is capped at 10 so that r stays inside (-1, 1).
void PacfToCoefficients(std::span<const double> u, std::span<double> a);
// The inverse (Levinson step-down); false when 1 - sum a_i z^i is not stationary.
bool CoefficientsToPacf(std::span<const double> a, std::span<double> u);
// True when every root of 1 - sum a_i z^i has modulus > radius (step-down on the
// polynomial in z * radius; Schur-Cohn criterion).
bool RootsOutside(std::span<const double> a, double radius);

// psi_0..psi_{count-1} of theta(B) / phi(B) for phi(B) = 1 - sum phi_i B^i and
// theta(B) = 1 + sum theta_i B^i.
std::vector<double> PsiWeights(std::span<const double> phi, std::span<const double> theta,
                               int count);
void PsiWeightsInto(std::span<const double> phi, std::span<const double> theta, int count,
                    std::vector<double>* psi);

// Autocovariances gamma_0..gamma_max_lag of phi(B) x_t = e_t (unit variance); false
// when phi is not stationary. `scratch` (optional) is reused workspace.
bool ArAutocovariances(std::span<const double> phi, int max_lag, std::vector<double>* gamma,
                       std::vector<double>* scratch = nullptr);

// The outcome of filtering w - mu through the ARMA model with unit innovation variance.
struct FilterOutput {
  double ssq = 0;             // sum_t v_t^2 / F_t
  double sumlog = 0;          // sum_t log F_t
  std::vector<double> v, f;   // innovations and their variances (when recorded)
  std::vector<double> state;  // predicted state a_{N+1|N} of the Harvey form
};

// Exact Gaussian likelihood of a stationary ARMA model for w (Gardner, Harvey & Phillips
// 1980, Applied Statistics 29:311-322: the state-space form with the observation as the
// first state and the stationary initial covariance). The covariance recursion is
// replaced by the Chandrasekhar recursions (Morf, Sidhu & Kailath 1974, IEEE TAC
// 19:315-323; for ARMA models Melard 1984, Applied Statistics 33:104-114), O(r) per
// observation instead of O(r^2), r = max(p, q + 1): from the stationary start the
// covariance increments have rank one. Only the first column of the stationary covariance
// is needed; it comes from the autocovariances (Brockwell & Davis 1991, section 3.3).
// Once the increments vanish (relative size 1e-16) the gain is frozen: the steady state.
class ExactFilter {
 public:
  // False when the model is not (numerically) stationary or a variance is not positive.
  bool Run(std::span<const double> w, double mu, const ArmaPolynomials& poly, bool record,
           FilterOutput* out);

  // The predicted state covariance P_{n+1|n} (unit innovation variance; r x r, row-major)
  // after n observations. It depends on the model and n only: the stationary covariance
  // (first column from the autocovariances, the rest from P = T P T' + R R' solved
  // backwards along the diagonals, O(r^2)) plus the n rank-one increments. False when
  // the model is not stationary.
  bool PredictedCovariance(const ArmaPolynomials& poly, int n, std::vector<double>* p);

 private:
  bool InitialColumn(const ArmaPolynomials& poly);

  int r_ = 0;
  std::vector<double> phi_, theta_, psi_, gamma_, ar_gamma_, ma_cov_, levels_, column_;
  std::vector<double> a_, kbar_, gain_w_, tw_;
};

// Conditional residuals e_t, t = p..N-1 (p = phi.size()), of w - mu given e_t = 0 before
// p (Box, Jenkins & Reinsel section 7.1.2); writes N - p values, returns their sum of
// squares.
double CssResiduals(std::span<const double> w, double mu, const ArmaPolynomials& poly,
                    std::span<double> e);

// Fills r (size fixed by the caller) for parameters x; false when x is infeasible.
using ResidualFn = std::function<bool(std::span<const double> x, std::span<double> r)>;

struct LeastSquaresOptions {
  int max_iterations = 100;
  double ftol = 1e-6;  // relative reduction of the sum of squares (actual and predicted)
  double xtol = 1e-9;  // relative length of an undamped step
  double gtol = 1e-9;  // cosine between the residual and the Jacobian's columns
  // Box constraints (empty: none): trial points are projected onto [lower, upper].
  std::vector<double> lower, upper;
};

struct LeastSquaresResult {
  std::vector<double> x;
  double value = 0;  // sum of squares at x; +infinity when the start was infeasible
  int evaluations = 0;
  bool converged = false;
};

// Levenberg-Marquardt (Marquardt 1963, with Nielsen's 1999 damping update and Moré's
// 1978 convergence tests) minimising ||r(x)||^2 over `num_residuals` residuals. The
// Jacobian is taken by forward differences (backward at an upper bound or when the
// forward point is infeasible); steps are projected onto the box. Deterministic.
LeastSquaresResult MinimiseSumOfSquares(const ResidualFn& residuals, int num_residuals,
                                        std::vector<double> start,
                                        const LeastSquaresOptions& options = {});

// FitArima by exact likelihood, started from the estimates of `near` (a fitted
// neighbour of `order` on the same differenced series) instead of from CSS: the stepwise
// search's warm start. Falls back to FitArima's start when the differences differ.
Result<ArimaModel> FitArimaNear(std::span<const double> y, const ArimaOrder& order,
                                const ArimaModel& near);

// True when the conditional-sum-of-squares estimate of `order` puts an AR factor on the
// edge of stationarity (a partial autocorrelation at the bound): the data ask for
// another unit root rather than this AR part. The forecast package's CSS-ML fits fail
// ("non-stationary AR part from CSS") in this case and the search skips such models; so
// does ours (on M3 yearly data it keeps short trending series from explosive AR fits).
bool CssSuggestsUnitRoot(std::span<const double> y, const ArimaOrder& order);

// Coefficients of a model given rather than estimated (mu in the data's units).
struct FixedCoefficients {
  std::vector<double> ar, ma, seasonal_ar, seasonal_ma;
  double mu = 0;
};

// The model `order` with fixed coefficients: filter, likelihood (exact), sigma2 (0 when
// the fit is perfect or no degree of freedom is left), fitted values and the state for
// forecasting. kInvalidArgument when the counts do not match the orders, nothing is left
// after differencing, or the AR part is not stationary.
Result<ArimaModel> EvaluateArima(std::span<const double> y, const ArimaOrder& order,
                                 const FixedCoefficients& fixed);

}  // namespace salesdesk::forecast::arima_internal
