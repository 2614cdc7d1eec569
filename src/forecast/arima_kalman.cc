// Polynomials, reparameterisation and the likelihood of a stationary ARMA model.
#include <algorithm>
#include <cmath>

#include "forecast/arima_internal.h"

namespace salesdesk::forecast::arima_internal {
namespace {

// Coefficients of B^1.. of (1 + sign sum a_i B^i)(1 + sign sum s_j B^{m j}), written as
// 1 + sign sum c_k B^k: sign = -1 for AR operators (1 - sum a_i B^i), +1 for MA ones.
void Multiply(std::span<const double> a, std::span<const double> s, int m, double sign,
              std::vector<double>* out) {
  const std::size_t na = a.size(), ns = s.size();
  std::vector<double>& c = *out;
  c.assign(na + ns * static_cast<std::size_t>(m), 0.0);
  for (std::size_t i = 0; i < na; ++i) c[i] += a[i];
  for (std::size_t j = 0; j < ns; ++j) {
    const std::size_t lag = (j + 1) * m;
    c[lag - 1] += s[j];
    for (std::size_t i = 0; i < na; ++i) c[lag + i] += sign * a[i] * s[j];
  }
}

}  // namespace

// Autocovariances gamma_0..gamma_max of the pure AR process phi(B) x_t = e_t with unit
// innovation variance, in O(p^2 + max p): the Levinson step-down gives the partial
// autocorrelations r_k and the order-k predictors phi^(k); then gamma_0 = 1 / prod
// (1 - r_k^2) and gamma_k = sum_j phi^(k)_j gamma_{k-j} (Brockwell & Davis 1991, 5.2 and
// 8.2). False when the polynomial is not stationary.
bool ArAutocovariances(std::span<const double> phi, int max_lag, std::vector<double>* gamma,
                       std::vector<double>* scratch) {
  const int p = static_cast<int>(phi.size());
  std::vector<double> local;
  std::vector<double>& levels = scratch ? *scratch : local;
  levels.assign(static_cast<std::size_t>(p) * (p + 1) / 2 + 1, 0.0);
  // Row k (1..p) of the triangle holds phi^(k)_1..k at offset k (k - 1) / 2.
  auto row = [&levels](int k) { return &levels[static_cast<std::size_t>(k) * (k - 1) / 2]; };
  std::copy(phi.begin(), phi.end(), p > 0 ? row(p) : levels.data());
  double gamma0 = 1;
  for (int k = p; k >= 1; --k) {
    const double* a = row(k);
    const double rk = a[k - 1];
    if (!(std::fabs(rk) < 1)) return false;
    const double denom = 1 - rk * rk;
    gamma0 /= denom;
    if (k == 1) break;
    double* b = row(k - 1);
    for (int j = 0; j < k - 1; ++j) b[j] = (a[j] + rk * a[k - 2 - j]) / denom;
  }
  gamma->assign(max_lag + 1, 0.0);
  std::vector<double>& g = *gamma;
  g[0] = gamma0;
  for (int k = 1; k <= max_lag; ++k) {
    const int order = std::min(k, p);
    const double* a = order > 0 ? row(order) : nullptr;
    double v = 0;
    for (int j = 1; j <= order; ++j) v += a[j - 1] * g[k - j];
    g[k] = v;
  }
  return std::isfinite(gamma0);
}

void ExpandInto(std::span<const double> ar, std::span<const double> ma,
                std::span<const double> seasonal_ar, std::span<const double> seasonal_ma,
                int period, ArmaPolynomials* out) {
  Multiply(ar, seasonal_ar, period, -1.0, &out->phi);
  Multiply(ma, seasonal_ma, period, 1.0, &out->theta);
}

ArmaPolynomials Expand(std::span<const double> ar, std::span<const double> ma,
                       std::span<const double> seasonal_ar, std::span<const double> seasonal_ma,
                       int period) {
  ArmaPolynomials out;
  ExpandInto(ar, ma, seasonal_ar, seasonal_ma, period, &out);
  return out;
}

void PacfToCoefficients(std::span<const double> u, std::span<double> a) {
  const std::size_t k = u.size();
  std::vector<double> prev(k);
  for (std::size_t j = 0; j < k; ++j) {
    const double r = std::tanh(std::clamp(u[j], -10.0, 10.0));
    for (std::size_t i = 0; i < j; ++i) prev[i] = a[i];
    for (std::size_t i = 0; i < j; ++i) a[i] = prev[i] - r * prev[j - 1 - i];
    a[j] = r;
  }
}

bool CoefficientsToPacf(std::span<const double> a, std::span<double> u) {
  std::vector<double> cur(a.begin(), a.end()), next(a.size());
  for (std::size_t j = a.size(); j-- > 0;) {
    const double r = cur[j];
    if (!(std::fabs(r) < 1)) return false;
    u[j] = std::atanh(r);
    const double denom = 1 - r * r;
    for (std::size_t i = 0; i < j; ++i) next[i] = (cur[i] + r * cur[j - 1 - i]) / denom;
    for (std::size_t i = 0; i < j; ++i) cur[i] = next[i];
  }
  return true;
}

bool RootsOutside(std::span<const double> a, double radius) {
  std::vector<double> scaled(a.size()), u(a.size());
  double f = 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    f *= radius;
    scaled[i] = a[i] * f;
  }
  return CoefficientsToPacf(scaled, u);
}

void PsiWeightsInto(std::span<const double> phi, std::span<const double> theta, int count,
                    std::vector<double>* out) {
  std::vector<double>& psi = *out;
  psi.assign(std::max(count, 0), 0.0);
  for (int j = 0; j < count; ++j) {
    double v = j == 0 ? 1.0 : (j <= static_cast<int>(theta.size()) ? theta[j - 1] : 0.0);
    const int top = std::min<int>(j, static_cast<int>(phi.size()));
    for (int i = 1; i <= top; ++i) v += phi[i - 1] * psi[j - i];
    psi[j] = v;
  }
}

std::vector<double> PsiWeights(std::span<const double> phi, std::span<const double> theta,
                               int count) {
  std::vector<double> psi;
  PsiWeightsInto(phi, theta, count, &psi);
  return psi;
}

// The first column of the stationary state covariance (unit innovation variance): with
// the Harvey-form state alpha_{t,i} = sum_{j>=i} phi_j w_{t+i-1-j} + sum_{j>=i-1}
// theta_j e_{t+i-1-j}, Cov(alpha_{t,i}, w_t) needs gamma_0..gamma_r and psi_0..psi_r.
bool ExactFilter::InitialColumn(const ArmaPolynomials& poly) {
  const int p = static_cast<int>(poly.phi.size()), q = static_cast<int>(poly.theta.size());
  const int r = r_;
  phi_.assign(r + 1, 0.0);
  theta_.assign(r + 1, 0.0);
  for (int i = 0; i < p; ++i) phi_[i + 1] = poly.phi[i];
  theta_[0] = 1;
  for (int j = 0; j < q; ++j) theta_[j + 1] = poly.theta[j];
  PsiWeightsInto(poly.phi, poly.theta, r + 1, &psi_);
  if (!ArAutocovariances(poly.phi, r + q, &ar_gamma_, &levels_)) return false;
  // w = theta(B) x with x the pure AR process: gamma_k = sum_d c_d gamma^x_{|k+d|} with
  // c_d = sum_i theta_i theta_{i+d} the MA part's autocovariances (McLeod 1975, Applied
  // Statistics 24:255-256).
  ma_cov_.assign(q + 1, 0.0);
  for (int i = 0; i <= q; ++i) {
    if (theta_[i] == 0) continue;
    for (int j = i; j <= q; ++j) ma_cov_[j - i] += theta_[i] * theta_[j];
  }
  gamma_.assign(r + 1, 0.0);
  for (int d = 0; d <= q; ++d) {
    const double c = ma_cov_[d];
    if (c == 0) continue;
    for (int k = 0; k <= r; ++k) {
      gamma_[k] += c * (d == 0 ? ar_gamma_[k] : ar_gamma_[k + d] + ar_gamma_[std::abs(k - d)]);
    }
  }
  if (!(gamma_[0] > 0) || !std::isfinite(gamma_[0])) return false;
  column_.assign(r + 1, 0.0);
  column_[0] = gamma_[0];
  for (int j = 1; j <= r; ++j) {  // sum_{j>i} phi_j gamma_{j-i}, non-zero phi_j only
    if (phi_[j] == 0) continue;
    for (int i = 1; i < j && i < r; ++i) column_[i] += phi_[j] * gamma_[j - i];
  }
  for (int j = 1; j < r; ++j) {  // sum_{j>=i} theta_j psi_{j-i}
    if (theta_[j] == 0) continue;
    for (int i = 1; i <= j; ++i) column_[i] += theta_[j] * psi_[j - i];
  }
  return true;
}

bool ExactFilter::Run(std::span<const double> w, double mu, const ArmaPolynomials& poly,
                      bool record, FilterOutput* out) {
  const int n = static_cast<int>(w.size());
  r_ = std::max<int>(static_cast<int>(poly.phi.size()), static_cast<int>(poly.theta.size()) + 1);
  const int r = r_;
  if (!InitialColumn(poly)) return false;
  // phi_[1..r] is the first column of T; T x = phi * x_1 + (x shifted up by one). The
  // vectors carry a trailing zero (index r) so that the shift needs no branch.
  kbar_.assign(r + 1, 0.0);
  for (int i = 0; i < r; ++i) kbar_[i] = phi_[i + 1] * column_[0] + column_[i + 1];
  double f = column_[0], m = -1.0 / f;
  gain_w_ = kbar_;
  a_.assign(r + 1, 0.0);
  const double* phi = phi_.data() + 1;
  double* a = a_.data();
  double* kbar = kbar_.data();
  double* gw = gain_w_.data();
  bool steady = false;
  double product = 1;
  out->ssq = out->sumlog = 0;
  if (record) out->v.resize(n), out->f.resize(n);
  for (int t = 0; t < n; ++t) {
    if (!(f > 0)) return false;
    const double v = w[t] - mu - a[0];
    out->ssq += v * v / f;
    // log F_t summed as the log of running products (F_t >= 1): one log per many steps.
    product *= f;
    if (product > 1e100) out->sumlog += std::log(product), product = 1;
    if (record) out->v[t] = v, out->f[t] = f;
    const double g = v / f, a0 = a[0];
    if (steady) {
      for (int i = 0; i < r; ++i) a[i] = phi[i] * a0 + a[i + 1] + kbar[i] * g;
      continue;
    }
    // State update and Chandrasekhar step (Delta P_t = W M W', W = gain_w_, M = m) in one
    // pass; entry i + 1 is read before entry i is written, as each recursion needs.
    const double z = gw[0], zf = z / f, mz = m * z;
    for (int i = 0; i < r; ++i) {
      const double k = kbar[i], twi = phi[i] * z + gw[i + 1];
      a[i] = phi[i] * a0 + a[i + 1] + k * g;
      gw[i] = twi - zf * k;
      kbar[i] = k + mz * twi;
    }
    const double f_next = f + mz * z;
    m *= f / f_next;
    f = f_next;
    if ((t & 7) == 7) {  // the filter has converged once the increments vanish
      double norm = 0;
      for (int i = 0; i < r; ++i) norm = std::max(norm, std::fabs(gw[i]));
      steady = std::fabs(m) * norm * norm < 1e-16 * f;
    }
  }
  out->sumlog += std::log(product);
  out->state.assign(a_.begin(), a_.begin() + r);
  return std::isfinite(out->ssq) && std::isfinite(out->sumlog);
}

bool ExactFilter::PredictedCovariance(const ArmaPolynomials& poly, int n, std::vector<double>* p) {
  r_ = std::max<int>(static_cast<int>(poly.phi.size()), static_cast<int>(poly.theta.size()) + 1);
  const int r = r_;
  if (!InitialColumn(poly)) return false;
  std::vector<double>& cov = *p;
  cov.assign(static_cast<std::size_t>(r) * r, 0.0);
  auto at = [&cov, r](int i, int j) -> double { return i < r && j < r ? cov[i * r + j] : 0.0; };
  for (int i = 0; i < r; ++i) cov[i * r] = cov[i] = column_[i];
  // P_ij = phi_i phi_j P_11 + phi_i P_1,j+1 + phi_j P_i+1,1 + P_i+1,j+1 + R_i R_j (1-based).
  for (int i = r - 1; i >= 1; --i) {
    for (int j = r - 1; j >= i; --j) {
      const double v = phi_[i + 1] * phi_[j + 1] * column_[0] + phi_[i + 1] * at(0, j + 1) +
                       phi_[j + 1] * at(i + 1, 0) + at(i + 1, j + 1) + theta_[i] * theta_[j];
      cov[i * r + j] = cov[j * r + i] = v;
    }
  }
  kbar_.assign(r, 0.0);
  for (int i = 0; i < r; ++i)
    kbar_[i] = phi_[i + 1] * column_[0] + (i + 1 < r ? column_[i + 1] : 0);
  double f = column_[0], m = -1.0 / f;
  gain_w_ = kbar_;
  tw_.assign(r, 0.0);
  for (int t = 0; t < n; ++t) {
    for (int i = 0; i < r; ++i) {
      for (int j = 0; j < r; ++j) cov[i * r + j] += m * gain_w_[i] * gain_w_[j];
    }
    const double z = gain_w_[0];
    for (int i = 0; i < r; ++i) tw_[i] = phi_[i + 1] * z + (i + 1 < r ? gain_w_[i + 1] : 0);
    const double f_next = f + m * z * z;
    for (int i = 0; i < r; ++i) {
      gain_w_[i] = tw_[i] - (z / f) * kbar_[i];
      kbar_[i] += m * z * tw_[i];
    }
    m *= f / f_next;
    f = f_next;
  }
  return true;
}

double CssResiduals(std::span<const double> w, double mu, const ArmaPolynomials& poly,
                    std::span<double> e) {
  const int n = static_cast<int>(w.size());
  const int p = static_cast<int>(poly.phi.size()), q = static_cast<int>(poly.theta.size());
  // Seasonal operators are sparse: loop over the non-zero lags only.
  std::vector<int> ar_lag, ma_lag;
  std::vector<double> ar, ma;
  for (int i = 0; i < p; ++i) {
    if (poly.phi[i] != 0) ar_lag.push_back(i + 1), ar.push_back(poly.phi[i]);
  }
  for (int j = 0; j < q; ++j) {
    if (poly.theta[j] != 0) ma_lag.push_back(j + 1), ma.push_back(poly.theta[j]);
  }
  const int nar = static_cast<int>(ar.size()), nma = static_cast<int>(ma.size());
  double ssq = 0;
  for (int t = p; t < n; ++t) {
    double v = w[t] - mu;
    for (int i = 0; i < nar; ++i) v -= ar[i] * (w[t - ar_lag[i]] - mu);
    for (int j = 0; j < nma && t - ma_lag[j] >= p; ++j) v -= ma[j] * e[t - ma_lag[j] - p];
    e[t - p] = v;
    ssq += v * v;
  }
  return ssq;
}

}  // namespace salesdesk::forecast::arima_internal
