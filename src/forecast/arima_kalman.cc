// Polynomials, reparameterisation and the likelihood of a stationary ARMA model.
#include <algorithm>
#include <cmath>

#include "forecast/arima_internal.h"

namespace salesdesk::forecast::arima_internal {
namespace {

// Product of 1 + sum a_i B^i and 1 + sum s_j B^{m j}, as the coefficients of B^1.. .
// `sign` = -1 for AR operators written 1 - sum a_i B^i.
std::vector<double> Multiply(std::span<const double> a, std::span<const double> s, int m,
                             double sign) {
  const std::size_t len = a.size() + s.size() * static_cast<std::size_t>(m);
  std::vector<double> c(len + 1, 0.0), x(a.size() + 1, 0.0), y(s.size() * m + 1, 0.0);
  x[0] = y[0] = 1;
  for (std::size_t i = 0; i < a.size(); ++i) x[i + 1] = sign * a[i];
  for (std::size_t j = 0; j < s.size(); ++j) y[(j + 1) * m] = sign * s[j];
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == 0) continue;
    for (std::size_t j = 0; j < y.size(); ++j) c[i + j] += x[i] * y[j];
  }
  std::vector<double> out(len);
  for (std::size_t i = 0; i < len; ++i) out[i] = sign * c[i + 1];
  return out;
}

// Solves the dense n x n system a x = b in place (Gaussian elimination with partial
// pivoting). False when singular.
bool SolveDense(std::vector<double>& a, std::vector<double>& b, int n) {
  for (int c = 0; c < n; ++c) {
    int piv = c;
    for (int r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[piv * n + c])) piv = r;
    }
    if (!(std::fabs(a[piv * n + c]) > 1e-300)) return false;
    if (piv != c) {
      for (int k = 0; k < n; ++k) std::swap(a[c * n + k], a[piv * n + k]);
      std::swap(b[c], b[piv]);
    }
    const double inv = 1.0 / a[c * n + c];
    for (int r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] * inv;
      if (f == 0) continue;
      for (int k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (int r = n - 1; r >= 0; --r) {
    double s = b[r];
    for (int k = r + 1; k < n; ++k) s -= a[r * n + k] * b[k];
    b[r] = s / a[r * n + r];
  }
  return true;
}

}  // namespace

ArmaPolynomials Expand(std::span<const double> ar, std::span<const double> ma,
                       std::span<const double> seasonal_ar, std::span<const double> seasonal_ma,
                       int period) {
  return {Multiply(ar, seasonal_ar, period, -1.0), Multiply(ma, seasonal_ma, period, 1.0)};
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
    f /= radius;
    scaled[i] = a[i] * f;
  }
  return CoefficientsToPacf(scaled, u);
}

std::vector<double> PsiWeights(std::span<const double> phi, std::span<const double> theta,
                               int count) {
  std::vector<double> psi(std::max(count, 0), 0.0);
  for (int j = 0; j < count; ++j) {
    double v = j == 0 ? 1.0 : (j <= static_cast<int>(theta.size()) ? theta[j - 1] : 0.0);
    const int top = std::min<int>(j, static_cast<int>(phi.size()));
    for (int i = 1; i <= top; ++i) v += phi[i - 1] * psi[j - i];
    psi[j] = v;
  }
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
  psi_ = PsiWeights(poly.phi, poly.theta, r + 1);
  // gamma_k - sum_i phi_i gamma_{|k-i|} = sum_{j>=k} theta_j psi_{j-k}, k = 0..p.
  gamma_.assign(r + 1, 0.0);
  for (int k = 0; k <= std::min(q, r); ++k) {
    for (int j = k; j <= q; ++j) gamma_[k] += theta_[j] * psi_[j - k];
  }
  if (p > 0) {
    const int n = p + 1;
    system_.assign(static_cast<std::size_t>(n) * n, 0.0);
    std::vector<double> rhs(gamma_.begin(), gamma_.begin() + n);
    for (int k = 0; k < n; ++k) {
      system_[k * n + k] += 1;
      for (int i = 1; i <= p; ++i) system_[k * n + std::abs(k - i)] -= phi_[i];
    }
    if (!SolveDense(system_, rhs, n)) return false;
    // Beyond lag p: gamma_k = sum_i phi_i gamma_{k-i} + (the MA term still in gamma_k).
    for (int k = 0; k <= p; ++k) gamma_[k] = rhs[k];
    for (int k = p + 1; k <= r; ++k) {
      for (int i = 1; i <= p; ++i) gamma_[k] += phi_[i] * gamma_[k - i];
    }
  }
  if (!(gamma_[0] > 0) || !std::isfinite(gamma_[0])) return false;
  column_.assign(r, 0.0);
  column_[0] = gamma_[0];
  for (int i = 1; i < r; ++i) {
    double c = 0;
    for (int j = i + 1; j <= r; ++j) c += phi_[j] * gamma_[j - i];
    for (int j = i; j < r; ++j) c += theta_[j] * psi_[j - i];
    column_[i] = c;
  }
  return true;
}

bool ExactFilter::Run(std::span<const double> w, double mu, const ArmaPolynomials& poly,
                      bool record, FilterOutput* out) {
  const int n = static_cast<int>(w.size());
  r_ = std::max<int>(static_cast<int>(poly.phi.size()), static_cast<int>(poly.theta.size()) + 1);
  const int r = r_;
  if (!InitialColumn(poly)) return false;
  // phi_[1..r] is the first column of T; T x = phi * x_1 + (x shifted up by one).
  kbar_.assign(r, 0.0);
  for (int i = 0; i < r; ++i) kbar_[i] = phi_[i + 1] * column_[0] + (i + 1 < r ? column_[i + 1] : 0);
  double f = column_[0], m = -1.0 / f;
  gain_w_ = kbar_;
  tw_.assign(r, 0.0);
  a_.assign(r, 0.0);
  bool steady = false;
  out->ssq = out->sumlog = 0;
  if (record) out->v.resize(n), out->f.resize(n);
  for (int t = 0; t < n; ++t) {
    if (!(f > 0)) return false;
    const double v = w[t] - mu - a_[0];
    out->ssq += v * v / f;
    out->sumlog += std::log(f);
    if (record) out->v[t] = v, out->f[t] = f;
    const double g = v / f, a0 = a_[0];
    for (int i = 0; i + 1 < r; ++i) a_[i] = phi_[i + 1] * a0 + a_[i + 1] + kbar_[i] * g;
    a_[r - 1] = phi_[r] * a0 + kbar_[r - 1] * g;
    if (steady) continue;
    // Chandrasekhar step: Delta P_t = W M W' with W = gain_w_, M = m (rank one).
    const double z = gain_w_[0];
    for (int i = 0; i < r; ++i) tw_[i] = phi_[i + 1] * z + (i + 1 < r ? gain_w_[i + 1] : 0);
    const double f_next = f + m * z * z;
    double norm = 0;
    for (int i = 0; i < r; ++i) {
      gain_w_[i] = tw_[i] - (z / f) * kbar_[i];
      kbar_[i] += m * z * tw_[i];
      norm += gain_w_[i] * gain_w_[i];
    }
    m *= f / f_next;
    f = f_next;
    steady = std::fabs(m) * norm < 1e-16 * f;
  }
  out->state = a_;
  return std::isfinite(out->ssq) && std::isfinite(out->sumlog);
}

double CssResiduals(std::span<const double> w, double mu, const ArmaPolynomials& poly,
                    std::span<double> e) {
  const int n = static_cast<int>(w.size());
  const int p = static_cast<int>(poly.phi.size()), q = static_cast<int>(poly.theta.size());
  double ssq = 0;
  for (int t = p; t < n; ++t) {
    double v = w[t] - mu;
    for (int i = 0; i < p; ++i) v -= poly.phi[i] * (w[t - 1 - i] - mu);
    for (int j = 0; j < q && t - 1 - j >= p; ++j) v -= poly.theta[j] * e[t - 1 - j - p];
    e[t - p] = v;
    ssq += v * v;
  }
  return ssq;
}

}  // namespace salesdesk::forecast::arima_internal
