// Fixed-order ARIMA: estimation and forecasting.
//
// Estimation works on w = (1-B)^d (1-B^m)^D y divided by its root mean square s (so that
// huge and tiny series look alike to the optimiser; the likelihood is rescaled at the
// end). Parameters are the unconstrained partial-autocorrelation coordinates of each AR
// and MA factor (Jones 1980) and the constant. Both criteria are sums of squares:
//   CSS: the conditional residuals e_t;
//   exact ML: with innovations v_t and variances F_t sigma^2 from the Kalman filter, the
//     concentrated -2 log L is N log(S G / N) + const with S = sum v_t^2 / F_t and G the
//     geometric mean of F_t, so the residuals v_t / sqrt(F_t) * sqrt(G) have the squared
//     norm to minimise (the device of Box, Jenkins & Reinsel section 7.1.5 for the
//     determinant term).
// Levenberg-Marquardt minimises CSS from zero coefficients, then ML from the CSS optimum
// (or, in the stepwise search, from the estimates of the neighbouring model).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "forecast/arima.h"
#include "forecast/arima_internal.h"
#include "forecast/unit_root.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using arima_internal::ArmaPolynomials;
using arima_internal::FilterOutput;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLog2Pi = 1.8378770664093453;
constexpr double kZ80 = 1.2815515655446004, kZ95 = 1.9599639845400540;
constexpr double kMaxPacfCoordinate = 4.95;  // atanh(0.9999)
constexpr double kMlStartCoordinate = 2.0;   // atanh(0.964)
// CSS only gives starting values (and the unit-root signal): a loose tolerance will do.
constexpr double kCssTolerance = 1e-4;

int NumCoefficients(const ArimaOrder& o) {
  return o.p + o.q + o.seasonal_p + o.seasonal_q + (o.constant ? 1 : 0);
}

struct Coefficients {
  std::vector<double> ar, ma, sar, sma;
  double mu = 0;
};

// Maps the optimiser's coordinates to coefficients (MA factors as 1 + sum theta B^i =
// 1 - sum c_i B^i with c from the same stationary map, hence invertible).
void Unpack(const ArimaOrder& o, std::span<const double> x, Coefficients* c) {
  std::size_t at = 0;
  auto part = [&](int len, std::vector<double>* out, double sign) {
    out->resize(len);
    arima_internal::PacfToCoefficients(x.subspan(at, len), *out);
    for (double& v : *out) v *= sign;
    at += len;
  };
  part(o.p, &c->ar, 1), part(o.q, &c->ma, -1);
  part(o.seasonal_p, &c->sar, 1), part(o.seasonal_q, &c->sma, -1);
  c->mu = o.constant ? x[at] : 0;
}

ArmaPolynomials Polynomials(const ArimaOrder& o, const Coefficients& c) {
  return arima_internal::Expand(c.ar, c.ma, c.sar, c.sma, std::max(1, o.period));
}

void PolynomialsInto(const ArimaOrder& o, const Coefficients& c, ArmaPolynomials* out) {
  arima_internal::ExpandInto(c.ar, c.ma, c.sar, c.sma, std::max(1, o.period), out);
}

// The two criteria as residual vectors for the least-squares solver.
class Objective {
 public:
  Objective(const ArimaOrder& order, std::span<const double> w) : order_(order), w_(w) {}

  int CssCount() const { return static_cast<int>(w_.size()) - MaxLag(); }
  int MaxLag() const { return order_.p + order_.seasonal_p * std::max(1, order_.period); }

  bool Css(std::span<const double> x, std::span<double> r) {
    Unpack(order_, x, &c_);
    PolynomialsInto(order_, c_, &poly_);
    arima_internal::CssResiduals(w_, c_.mu, poly_, r);
    return true;
  }

  bool Exact(std::span<const double> x, std::span<double> r) {
    Unpack(order_, x, &c_);
    PolynomialsInto(order_, c_, &poly_);
    if (!filter_.Run(w_, c_.mu, poly_, true, &out_)) return false;
    const double n = static_cast<double>(w_.size());
    const double scale = std::exp(0.5 * out_.sumlog / n);
    for (std::size_t t = 0; t < w_.size(); ++t) r[t] = out_.v[t] / std::sqrt(out_.f[t]) * scale;
    return true;
  }

 private:
  ArimaOrder order_;
  std::span<const double> w_;
  Coefficients c_;
  ArmaPolynomials poly_;
  arima_internal::ExactFilter filter_;
  FilterOutput out_;
};

Status Validate(const ArimaOrder& o) {
  if (o.p < 0 || o.d < 0 || o.q < 0 || o.seasonal_p < 0 || o.seasonal_d < 0 || o.seasonal_q < 0) {
    return Status::Invalid("ARIMA orders must not be negative", "order");
  }
  if (o.period < 1) return Status::Invalid("the seasonal period must be at least 1", "period");
  if (o.period == 1 && o.seasonal_p + o.seasonal_d + o.seasonal_q > 0) {
    return Status::Invalid("seasonal ARIMA orders need a seasonal period above 1", "order");
  }
  if (o.constant && o.d + o.seasonal_d >= 2) {
    return Status::Invalid("a constant with two or more differences is not supported", "order");
  }
  return Status::Ok();
}

// sqrt(mean(w^2)), computed on w / max|w| so that it cannot overflow; 1 for w == 0.
double RootMeanSquare(std::span<const double> w) {
  double top = 0, s = 0;
  for (double v : w) top = std::max(top, std::fabs(v));
  if (!(top > 0) || !std::isfinite(top)) return 1.0;
  for (double v : w) s += (v / top) * (v / top);
  return top * std::sqrt(s / static_cast<double>(w.size()));
}

// Partial autocorrelations stay within tanh(+-kMaxPacfCoordinate) = +-0.9999: models
// closer to a unit root are rejected by the search anyway, and the box keeps the
// optimiser away from the flat, ill-conditioned edge of the parameter space.
arima_internal::LeastSquaresOptions Box(const ArimaOrder& order) {
  const int k = NumCoefficients(order);
  arima_internal::LeastSquaresOptions lm;
  lm.lower.assign(k, -kMaxPacfCoordinate), lm.upper.assign(k, kMaxPacfCoordinate);
  if (order.constant) lm.lower[k - 1] = -kInf, lm.upper[k - 1] = kInf;
  return lm;
}

// Starting coordinates: zero coefficients and the mean, refined by CSS.
std::vector<double> CssStart(const ArimaOrder& order, std::span<const double> ws, Objective& obj) {
  const int k = NumCoefficients(order);
  std::vector<double> x(k, 0.0);
  if (order.constant) {
    double mean = 0;
    for (double v : ws) mean += v;
    x[k - 1] = mean / static_cast<double>(ws.size());
  }
  if (obj.CssCount() <= k) return x;
  auto css = [&obj](std::span<const double> p, std::span<double> r) { return obj.Css(p, r); };
  arima_internal::LeastSquaresOptions box = Box(order);
  box.ftol = kCssTolerance;
  return arima_internal::MinimiseSumOfSquares(css, obj.CssCount(), x, box).x;
}

// Estimates the coordinates x (in units of the scaled w): CSS, then (unless CSS is asked
// for) exact ML from the CSS optimum or from `warm` when given.
std::vector<double> Estimate(const ArimaOrder& order, std::span<const double> ws,
                             ArimaEstimation estimation, const std::vector<double>* warm) {
  const int k = NumCoefficients(order), k_arma = k - (order.constant ? 1 : 0);
  Objective obj(order, ws);
  const bool css_only = estimation == ArimaEstimation::kConditionalSumOfSquares;
  const bool use_warm = warm && !css_only;
  std::vector<double> x = use_warm ? *warm : CssStart(order, ws, obj);
  if (css_only || k == 0) return x;
  // CSS often puts an MA factor on its unit root, where the exact likelihood is steep;
  // like R's arima() (which inverts such roots), start ML from a tamer point.
  for (int j = 0; j < k_arma && !use_warm; ++j) {
    x[j] = std::clamp(x[j], -kMlStartCoordinate, kMlStartCoordinate);
  }
  auto exact = [&obj](std::span<const double> p, std::span<double> r) { return obj.Exact(p, r); };
  const int n = static_cast<int>(ws.size());
  const arima_internal::LeastSquaresOptions box = Box(order);
  arima_internal::LeastSquaresResult ml = arima_internal::MinimiseSumOfSquares(exact, n, x, box);
  if (!std::isfinite(ml.value) && k_arma > 0) {
    std::fill(x.begin(), x.begin() + k_arma, 0.0);  // the start was unusable
    ml = arima_internal::MinimiseSumOfSquares(exact, n, x, box);
  }
  return std::isfinite(ml.value) ? ml.x : x;
}

// The coordinates of `near` mapped onto `order`: each factor keeps its leading partial
// autocorrelations (a factor grown by one starts with the same polynomial), the constant
// its value or the mean.
std::vector<double> WarmStart(const ArimaOrder& order, const ArimaModel& near,
                              std::span<const double> ws, double s) {
  std::vector<double> x;
  auto factor = [&x](const std::vector<double>& coef, int len, double sign) {
    std::vector<double> a(coef), u(coef.size(), 0.0);
    for (double& v : a) v *= sign;
    if (!arima_internal::CoefficientsToPacf(a, u)) std::fill(u.begin(), u.end(), 0.0);
    u.resize(len, 0.0);
    x.insert(x.end(), u.begin(), u.end());
  };
  factor(near.ar, order.p, 1), factor(near.ma, order.q, -1);
  factor(near.seasonal_ar, order.seasonal_p, 1), factor(near.seasonal_ma, order.seasonal_q, -1);
  if (order.constant) {
    double mean = 0;
    for (double v : ws) mean += v;
    x.push_back(near.order.constant ? near.mu / s : mean / static_cast<double>(ws.size()));
  }
  return x;
}

void SetCriteria(ArimaModel* m) {
  const double npar = m->num_coefficients + 1.0, n = m->num_used;
  m->aic = -2 * m->loglik + 2 * npar;
  m->aicc = n - npar - 1 > 0 ? m->aic + 2 * npar * (npar + 1) / (n - npar - 1) : kInf;
  m->bic = m->aic + npar * (std::log(n) - 2);
}

// The model with coefficients `c` (mu in units of the scaled ws) on the scaled
// differenced series ws = w / s: filter, likelihood, criteria and fitted values.
Result<ArimaModel> Build(std::span<const double> y, const ArimaOrder& order,
                         std::span<const double> ws, double s, const Coefficients& c,
                         ArimaEstimation estimation) {
  const ArmaPolynomials poly = Polynomials(order, c);
  arima_internal::ExactFilter filter;
  FilterOutput out;
  if (!filter.Run(ws, c.mu, poly, true, &out)) {
    return Status::Invalid("the ARIMA model could not be estimated (non-stationary fit)", "values");
  }
  ArimaModel m;
  m.order = order;
  m.ar = c.ar, m.ma = c.ma, m.seasonal_ar = c.sar, m.seasonal_ma = c.sma;
  m.mu = c.mu * s;
  if (order.constant && order.d + order.seasonal_d == 1) {
    m.drift = m.mu / (order.seasonal_d == 1 ? order.period : 1);
  }
  m.num_coefficients = NumCoefficients(order);
  m.num_used = static_cast<int>(ws.size());
  m.estimation = estimation;
  const double n = m.num_used;
  m.sigma2 = n > m.num_coefficients ? s * s * out.ssq / (n - m.num_coefficients) : 0;
  if (!(out.ssq > 0)) {
    m.loglik = kNaN;  // a perfect fit (deterministic data): no likelihood
  } else if (estimation == ArimaEstimation::kExactLikelihood) {
    m.loglik = -0.5 * (n * (kLog2Pi + std::log(out.ssq / n)) + out.sumlog + n) - n * std::log(s);
  } else {
    std::vector<double> e(std::max(0, m.num_used - static_cast<int>(poly.phi.size())));
    const double ssq = arima_internal::CssResiduals(ws, c.mu, poly, e);
    const double var = e.empty() ? kNaN : ssq / static_cast<double>(e.size());
    m.loglik = -0.5 * n * (kLog2Pi + std::log(var) + 1) - n * std::log(s);
  }
  SetCriteria(&m);
  const std::size_t lost = y.size() - ws.size();
  m.fitted.assign(y.size(), kNaN), m.residuals.assign(y.size(), kNaN);
  for (std::size_t t = lost; t < y.size(); ++t) {
    m.residuals[t] = out.v[t - lost] * s;
    m.fitted[t] = y[t] - m.residuals[t];
  }
  m.history.assign(y.begin(), y.end());
  m.state = out.state;
  for (double& v : m.state) v *= s;
  return m;
}

// Coefficients of (1-B)^d (1-B^m)^D, constant term first.
std::vector<double> DifferenceOperator(const ArimaOrder& o) {
  std::vector<double> c{1.0};
  auto times = [&c](int lag) {
    std::vector<double> next(c.size() + lag, 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) next[i] += c[i], next[i + lag] -= c[i];
    c = std::move(next);
  };
  for (int i = 0; i < o.d; ++i) times(1);
  for (int i = 0; i < o.seasonal_d; ++i) times(o.period);
  return c;
}

// Smallest root modulus of 1 - sum a_i z^i (bisection on RootsOutside), +inf if a == 0.
double MinRoot(std::vector<double> a) {
  while (!a.empty() && std::fabs(a.back()) <= 1e-8) a.pop_back();
  if (a.empty()) return kInf;
  // The product of the root moduli is 1 / |a_n|, so the smallest is at most |a_n|^{-1/n}.
  double lo = 0,
         hi = std::pow(std::fabs(a.back()), -1.0 / static_cast<double>(a.size())) * 1.000001;
  for (int it = 0; it < 100 && hi - lo > 1e-12 * hi; ++it) {
    const double mid = 0.5 * (lo + hi);
    (arima_internal::RootsOutside(a, mid) ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Forecast error variances of y for h = 1..horizon in units of sigma2. With Psi the psi
// weights of the whole ARIMA operator (Box, Jenkins & Reinsel 5.2), kappa those of the
// differences alone and z_i = Z T^(i-1), the error of y_{N+h} is
//   sum_i kappa_{h-i} z_i (alpha_{N+1} - a_{N+1}) + sum_{j<h-1} Psi_j e_{N+h-j},
// so Var = b' P_{N+1} b + sum_{j<h-1} Psi_j^2 with b = sum_i kappa_{h-i} z_i'. Once the
// filter has converged (P = R R') this is the textbook sum_{j<h} Psi_j^2; before, it adds
// the uncertainty of the state, as the exact state-space forecast does.
std::vector<double> ForecastVariances(const ArimaModel& model, const ArmaPolynomials& poly,
                                      const std::vector<double>& c, int horizon) {
  std::vector<double> full(poly.phi.size() + c.size() - 1, 0.0), diff(c.size() - 1);
  for (std::size_t j = 1; j < c.size(); ++j) full[j - 1] -= c[j], diff[j - 1] = -c[j];
  for (std::size_t i = 0; i < poly.phi.size(); ++i) {
    full[i] += poly.phi[i];
    for (std::size_t j = 1; j < c.size(); ++j) full[i + j] += poly.phi[i] * c[j];
  }
  const std::vector<double> psi = arima_internal::PsiWeights(full, poly.theta, horizon);
  const std::vector<double> kappa = arima_internal::PsiWeights(diff, {}, horizon);
  std::vector<double> p;
  arima_internal::ExactFilter filter;
  const bool exact = filter.PredictedCovariance(poly, model.num_used, &p);
  const int r = exact ? static_cast<int>(std::lround(std::sqrt(p.size()))) : 0;
  std::vector<std::vector<double>> z(horizon, std::vector<double>(r, 0.0));
  for (int i = 0; i < horizon && r > 0; ++i) {
    if (i == 0) {
      z[0][0] = 1;
      continue;
    }
    for (int j = 0; j < r; ++j) {  // z T: first entry sum_l z_l phi_l, then a shift.
      z[i][0] += z[i - 1][j] * (j < static_cast<int>(poly.phi.size()) ? poly.phi[j] : 0);
      if (j > 0) z[i][j] = z[i - 1][j - 1];
    }
  }
  std::vector<double> var(horizon), b(r);
  double tail = 0;
  for (int h = 1; h <= horizon; ++h) {
    if (!exact) {
      tail += psi[h - 1] * psi[h - 1];
      var[h - 1] = tail;
      continue;
    }
    std::fill(b.begin(), b.end(), 0.0);
    for (int i = 1; i <= h; ++i) {
      for (int j = 0; j < r; ++j) b[j] += kappa[h - i] * z[i - 1][j];
    }
    double quad = 0;
    for (int i = 0; i < r; ++i) {
      for (int j = 0; j < r; ++j) quad += b[i] * p[i * r + j] * b[j];
    }
    var[h - 1] = quad + tail;
    tail += psi[h - 1] * psi[h - 1];
  }
  return var;
}

}  // namespace

std::string ArimaModel::Describe() const {
  const ArimaOrder& o = order;
  std::string s =
      "ARIMA(" + std::to_string(o.p) + "," + std::to_string(o.d) + "," + std::to_string(o.q) + ")";
  if (o.period > 1 && o.seasonal_p + o.seasonal_d + o.seasonal_q > 0) {
    s += "(" + std::to_string(o.seasonal_p) + "," + std::to_string(o.seasonal_d) + "," +
         std::to_string(o.seasonal_q) + ")[" + std::to_string(o.period) + "]";
  }
  if (o.constant) return s + (o.d + o.seasonal_d == 0 ? " with non-zero mean" : " with drift");
  return o.d + o.seasonal_d == 0 ? s + " with zero mean" : s;
}

double ArimaModel::MinRootModulus() const {
  const ArmaPolynomials poly =
      arima_internal::Expand(ar, ma, seasonal_ar, seasonal_ma, std::max(1, order.period));
  std::vector<double> neg_theta(poly.theta.size());
  for (std::size_t i = 0; i < neg_theta.size(); ++i) neg_theta[i] = -poly.theta[i];
  return std::min(MinRoot(poly.phi), MinRoot(neg_theta));
}

namespace {

Result<ArimaModel> Fit(std::span<const double> y, const ArimaOrder& order,
                       ArimaEstimation estimation, const ArimaModel* near) {
  SD_RETURN_IF_ERROR(Validate(order));
  for (double v : y) {
    if (!std::isfinite(v)) return Status::Invalid("the series has a non-finite value", "values");
  }
  std::vector<double> w = Difference(y, order.period, order.seasonal_d);
  w = Difference(w, 1, order.d);
  const int k = NumCoefficients(order);
  if (static_cast<int>(w.size()) < k + 1) {
    return Status::Invalid("too few observations for ARIMA" + std::string("(") + std::to_string(k) +
                               " coefficients, " + std::to_string(w.size()) +
                               " differenced observations)",
                           "values");
  }
  const double s = RootMeanSquare(w);
  for (double& v : w) v /= s;
  std::vector<double> warm;
  if (near) warm = WarmStart(order, *near, w, s);
  Coefficients c;
  Unpack(order, Estimate(order, w, estimation, near ? &warm : nullptr), &c);
  return Build(y, order, w, s, c, estimation);
}

}  // namespace

Result<ArimaModel> FitArima(std::span<const double> y, const ArimaOrder& order,
                            ArimaEstimation estimation) {
  return Fit(y, order, estimation, nullptr);
}

namespace arima_internal {

bool CssSuggestsUnitRoot(std::span<const double> y, const ArimaOrder& order) {
  if (order.p + order.seasonal_p == 0 || !Validate(order).ok()) return false;
  std::vector<double> w = Difference(Difference(y, order.period, order.seasonal_d), 1, order.d);
  if (static_cast<int>(w.size()) < NumCoefficients(order) + 1) return false;
  const double s = RootMeanSquare(w);
  for (double& v : w) v /= s;
  Objective obj(order, w);
  const std::vector<double> x = CssStart(order, w, obj);
  auto at_bound = [](double u) { return std::fabs(u) >= kMaxPacfCoordinate - 1e-3; };
  const int sar = order.p + order.q;  // where the seasonal AR coordinates start
  for (int j = 0; j < order.p; ++j) {
    if (at_bound(x[j])) return true;
  }
  for (int j = 0; j < order.seasonal_p; ++j) {
    if (at_bound(x[sar + j])) return true;
  }
  return false;
}

Result<ArimaModel> FitArimaNear(std::span<const double> y, const ArimaOrder& order,
                                const ArimaModel& near) {
  const bool same_data = near.order.d == order.d && near.order.seasonal_d == order.seasonal_d &&
                         near.order.period == order.period;
  return Fit(y, order, ArimaEstimation::kExactLikelihood, same_data ? &near : nullptr);
}

Result<ArimaModel> EvaluateArima(std::span<const double> y, const ArimaOrder& order,
                                 const FixedCoefficients& fixed) {
  SD_RETURN_IF_ERROR(Validate(order));
  std::vector<double> w = Difference(y, order.period, order.seasonal_d);
  w = Difference(w, 1, order.d);
  if (w.empty()) return Status::Invalid("no observations left after differencing", "values");
  const double s = RootMeanSquare(w);
  for (double& v : w) v /= s;
  Coefficients c{fixed.ar, fixed.ma, fixed.seasonal_ar, fixed.seasonal_ma, fixed.mu / s};
  if (static_cast<int>(c.ar.size()) != order.p || static_cast<int>(c.ma.size()) != order.q ||
      static_cast<int>(c.sar.size()) != order.seasonal_p ||
      static_cast<int>(c.sma.size()) != order.seasonal_q) {
    return Status::Invalid("coefficient counts do not match the orders", "order");
  }
  return Build(y, order, w, s, c, ArimaEstimation::kExactLikelihood);
}

}  // namespace arima_internal

Forecast ForecastArima(const ArimaModel& model, int horizon, ArimaIntervals intervals) {
  const ArimaOrder& o = model.order;
  const ArmaPolynomials poly = arima_internal::Expand(model.ar, model.ma, model.seasonal_ar,
                                                      model.seasonal_ma, std::max(1, o.period));
  // Forecasts of w: the state propagated without innovations (T a: phi * a_1 + shift).
  std::vector<double> a = model.state, wf(horizon);
  const int r = static_cast<int>(a.size());
  for (int h = 0; h < horizon; ++h) {
    wf[h] = model.mu + (r > 0 ? a[0] : 0);
    const double a0 = r > 0 ? a[0] : 0;
    for (int i = 0; i < r; ++i) {
      a[i] = (i < static_cast<int>(poly.phi.size()) ? poly.phi[i] * a0 : 0) +
             (i + 1 < r ? a[i + 1] : 0);
    }
  }
  // Undo the differences: y_t = w_t - sum_{j>=1} c_j y_{t-j}.
  const std::vector<double> c = DifferenceOperator(o);
  std::vector<double> ext = model.history;
  const std::size_t n = ext.size();
  Forecast f;
  f.mean.resize(horizon);
  for (int h = 0; h < horizon; ++h) {
    double v = wf[h];
    for (std::size_t j = 1; j < c.size(); ++j) v -= c[j] * ext[n + h - j];
    ext.push_back(v);
    f.mean[h] = v;
  }
  const std::vector<double> var = ForecastVariances(model, poly, c, horizon);
  const double df = model.num_used - model.num_coefficients;
  const bool t = intervals == ArimaIntervals::kStudentT && df > 0;
  const double q80 = t ? internal::StudentTQuantile(0.9, df) : kZ80;
  const double q95 = t ? internal::StudentTQuantile(0.975, df) : kZ95;
  f.lo80.resize(horizon), f.hi80.resize(horizon), f.lo95.resize(horizon), f.hi95.resize(horizon);
  for (int h = 0; h < horizon; ++h) {
    const double se = std::sqrt(std::max(0.0, model.sigma2 * var[h]));
    f.lo80[h] = f.mean[h] - q80 * se, f.hi80[h] = f.mean[h] + q80 * se;
    f.lo95[h] = f.mean[h] - q95 * se, f.hi95[h] = f.mean[h] + q95 * se;
  }
  f.method = model.Describe();
  f.fitted = model.fitted;
  f.aicc = model.aicc;
  return f;
}

}  // namespace salesdesk::forecast
