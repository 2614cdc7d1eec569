#include "forecast/econometric.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>

#include "forecast/judgement.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool AllFinite(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

// Least squares by Householder QR (Golub & Van Loan, "Matrix Computations", 5.2).
struct LeastSquaresFit {
  std::vector<double> beta;
  std::vector<double> r_inverse;  // R^-1, p x p row major (upper triangular)
  double rss = 0;
  int deficient = -1;             // the first column that adds nothing new, or -1
};

// `cols` are the p columns of X (each of length n); consumed.
LeastSquaresFit SolveLeastSquares(std::vector<std::vector<double>> cols, std::vector<double> y) {
  const int p = static_cast<int>(cols.size());
  const int n = static_cast<int>(y.size());
  LeastSquaresFit fit;
  std::vector<double> r(static_cast<std::size_t>(p) * p, 0.0);
  for (int k = 0; k < p; ++k) {
    double original = 0;
    for (double v : cols[k]) original += v * v;
    double norm = 0;
    for (int i = k; i < n; ++i) norm += cols[k][i] * cols[k][i];
    norm = std::sqrt(norm);
    if (!(norm > 1e-10 * std::sqrt(original)) || norm == 0) {
      fit.deficient = k;
      return fit;
    }
    const double alpha = cols[k][k] > 0 ? -norm : norm;
    std::vector<double> v(cols[k].begin() + k, cols[k].end());
    v[0] -= alpha;
    double vv = 0;
    for (double x : v) vv += x * x;
    auto reflect = [&](std::vector<double>& c) {
      double dot = 0;
      for (int i = k; i < n; ++i) dot += v[i - k] * c[i];
      const double f = 2 * dot / vv;
      for (int i = k; i < n; ++i) c[i] -= f * v[i - k];
    };
    for (int j = k; j < p; ++j) reflect(cols[j]);
    reflect(y);
    for (int j = k; j < p; ++j) r[k * p + j] = cols[j][k];
  }
  for (int i = p; i < n; ++i) fit.rss += y[i] * y[i];
  // R^-1 by back substitution, then beta = R^-1 (Q'y)[0..p).
  fit.r_inverse.assign(static_cast<std::size_t>(p) * p, 0.0);
  for (int j = 0; j < p; ++j) {
    fit.r_inverse[j * p + j] = 1 / r[j * p + j];
    for (int i = j - 1; i >= 0; --i) {
      double s = 0;
      for (int k = i + 1; k <= j; ++k) s += r[i * p + k] * fit.r_inverse[k * p + j];
      fit.r_inverse[i * p + j] = -s / r[i * p + i];
    }
  }
  fit.beta.assign(p, 0.0);
  for (int i = 0; i < p; ++i) {
    for (int k = i; k < p; ++k) fit.beta[i] += fit.r_inverse[i * p + k] * y[k];
  }
  return fit;
}

double CenteredSumOfSquares(std::span<const double> y) {
  const double mean = internal::Mean(y);
  double s = 0;
  for (double v : y) s += (v - mean) * (v - mean);
  return s;
}

struct Design {
  std::vector<std::string> terms;
  std::vector<std::vector<double>> cols;  // intercept first
  std::vector<double> y;
  int max_lag = 0;
};

Status CheckIndicators(std::span<const double> sales, std::span<const Indicator> indicators) {
  if (indicators.empty()) return Status::Invalid("at least one indicator is needed", "indicators");
  if (!AllFinite(sales)) return Status::Invalid("a sales value is not a finite number", "sales");
  for (std::size_t j = 0; j < indicators.size(); ++j) {
    const Indicator& x = indicators[j];
    const std::string where = "indicator " + (x.name.empty() ? std::to_string(j + 1) : x.name);
    if (x.name.empty()) return Status::Invalid(where + ": no name", "name");
    if (x.values.size() != sales.size()) {
      return Status::Invalid(where + ": " + std::to_string(x.values.size()) + " values for " +
                                 std::to_string(sales.size()) + " periods of sales",
                             "values");
    }
    for (std::size_t t = 0; t < x.values.size(); ++t) {
      if (!std::isfinite(x.values[t])) {
        return Status::Invalid(where + ", period " + std::to_string(t + 1) + ": not a finite number", "values");
      }
    }
    if (!AllFinite(x.future)) return Status::Invalid(where + ": a future value is not a finite number", "future");
    if (x.lags.empty()) return Status::Invalid(where + ": no lags", "lags");
    std::set<int> seen;
    for (int lag : x.lags) {
      if (lag < 0) return Status::Invalid(where + ": lag " + std::to_string(lag) + " is negative", "lags");
      if (!seen.insert(lag).second) return Status::Invalid(where + ": lag " + std::to_string(lag) + " repeated", "lags");
    }
  }
  return Status::Ok();
}

Result<Design> BuildDesign(std::span<const double> sales, std::span<const Indicator> indicators) {
  SD_RETURN_IF_ERROR(CheckIndicators(sales, indicators));
  Design d;
  for (const Indicator& x : indicators) d.max_lag = std::max(d.max_lag, *std::max_element(x.lags.begin(), x.lags.end()));
  const int n = static_cast<int>(sales.size());
  d.y.assign(sales.begin() + std::min(d.max_lag, n), sales.end());
  const int rows = static_cast<int>(d.y.size());
  d.terms.push_back("(intercept)");
  d.cols.emplace_back(rows, 1.0);
  for (const Indicator& x : indicators) {
    for (int lag : x.lags) {
      d.terms.push_back(lag == 0 ? x.name : x.name + " (lag " + std::to_string(lag) + ")");
      std::vector<double> col(rows);
      for (int i = 0; i < rows; ++i) col[i] = x.values[d.max_lag + i - lag];
      d.cols.push_back(std::move(col));
    }
  }
  const int p = static_cast<int>(d.cols.size());
  if (rows - p < 1) {
    return Status::Invalid(std::to_string(rows) + " usable periods for " + std::to_string(p) +
                               " coefficients: need at least " + std::to_string(p + 1) +
                               " (fewer indicators or lags, or a longer history)",
                           "sales");
  }
  return d;
}

// Variance inflation factor of column j: 1 / (1 - R^2) of column j on the others.
double Vif(const Design& d, int j) {
  std::vector<std::vector<double>> others;
  for (int k = 0; k < static_cast<int>(d.cols.size()); ++k) {
    if (k != j) others.push_back(d.cols[k]);
  }
  const LeastSquaresFit aux = SolveLeastSquares(std::move(others), d.cols[j]);
  const double tss = CenteredSumOfSquares(d.cols[j]);
  if (aux.deficient >= 0 || !(tss > 0)) return kNaN;
  return tss / aux.rss;  // 1 / (1 - R^2) with R^2 = 1 - rss / tss
}

void Diagnose(std::span<const double> residuals, int ljung_box_lag, RegressionDiagnostics* g) {
  const int n = static_cast<int>(residuals.size());
  double ss = 0, dw = 0;
  for (int t = 0; t < n; ++t) {
    ss += residuals[t] * residuals[t];
    if (t > 0) dw += (residuals[t] - residuals[t - 1]) * (residuals[t] - residuals[t - 1]);
  }
  g->durbin_watson = ss > 0 ? dw / ss : kNaN;
  // Ljung-Box on the residuals (acf about their mean, as R's Box.test does).
  const int lags = ljung_box_lag > 0 ? std::min(ljung_box_lag, n - 1) : std::max(1, std::min(10, n / 5));
  const double mean = internal::Mean(residuals);
  double c0 = 0;
  for (double e : residuals) c0 += (e - mean) * (e - mean);
  double q = 0;
  for (int k = 1; k <= lags; ++k) {
    double ck = 0;
    for (int t = k; t < n; ++t) ck += (residuals[t] - mean) * (residuals[t - k] - mean);
    const double rk = c0 > 0 ? ck / c0 : 0;
    q += rk * rk / (n - k);
  }
  g->ljung_box_lag = lags;
  g->ljung_box = n * (n + 2.0) * q;
  g->ljung_box_p_value = ChiSquareUpperTail(g->ljung_box, lags);
}

// Regularised lower incomplete gamma P(a, x) (Press et al., "Numerical Recipes" 6.2:
// series for x < a + 1, Lentz continued fraction otherwise).
double GammaUpper(double a, double x) {
  if (!(x > 0)) return 1;
  const double front = std::exp(-x + a * std::log(x) - std::lgamma(a));
  if (x < a + 1) {
    double ap = a, del = 1 / a, sum = del;
    for (int i = 0; i < 1000 && std::fabs(del) > std::fabs(sum) * 1e-16; ++i) {
      ap += 1, del *= x / ap, sum += del;
    }
    return 1 - sum * front;
  }
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-16) break;
  }
  return front * h;
}

}  // namespace

double ChiSquareUpperTail(double x, double df) { return GammaUpper(0.5 * df, 0.5 * x); }

Result<EconometricModel> FitEconometric(std::span<const double> sales, std::span<const Indicator> indicators,
                                        int ljung_box_lag) {
  SD_ASSIGN_OR_RETURN(Design d, BuildDesign(sales, indicators));
  const LeastSquaresFit fit = SolveLeastSquares(d.cols, d.y);
  if (fit.deficient >= 0) {
    return Status::Invalid(d.terms[fit.deficient] +
                               (fit.deficient == 0 ? " cannot be estimated"
                                                   : " is (nearly) a linear combination of the terms before it "
                                                     "(a constant indicator, or the same information twice)"),
                           "indicators");
  }
  const int n = static_cast<int>(d.y.size()), p = static_cast<int>(d.cols.size());
  EconometricModel m;
  m.max_lag = d.max_lag;
  const double sigma2 = fit.rss / (n - p);
  m.unscaled_covariance.assign(static_cast<std::size_t>(p) * p, 0.0);
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j < p; ++j) {
      double s = 0;
      for (int k = std::max(i, j); k < p; ++k) s += fit.r_inverse[i * p + k] * fit.r_inverse[j * p + k];
      m.unscaled_covariance[i * p + j] = s;
    }
  }
  for (int j = 0; j < p; ++j) {
    Coefficient c;
    c.term = d.terms[j];
    c.estimate = fit.beta[j];
    c.std_error = std::sqrt(sigma2 * m.unscaled_covariance[j * p + j]);
    c.t_value = c.std_error > 0 ? c.estimate / c.std_error : kNaN;
    c.p_value = std::isfinite(c.t_value) ? 2 * (1 - internal::StudentTCdf(std::fabs(c.t_value), n - p)) : kNaN;
    c.vif = j == 0 ? kNaN : Vif(d, j);
    m.coefficients.push_back(c);
  }
  const std::size_t total = sales.size();
  m.fitted.assign(total, kNaN);
  m.residuals.assign(total, kNaN);
  std::vector<double> res(n);
  for (int i = 0; i < n; ++i) {
    double f = 0;
    for (int j = 0; j < p; ++j) f += fit.beta[j] * d.cols[j][i];
    m.fitted[d.max_lag + i] = f;
    res[i] = m.residuals[d.max_lag + i] = d.y[i] - f;
  }
  RegressionDiagnostics& g = m.diagnostics;
  g.observations = n, g.parameters = p;
  const double tss = CenteredSumOfSquares(d.y);
  g.r_squared = tss > 0 ? 1 - fit.rss / tss : kNaN;
  g.adjusted_r_squared = 1 - (1 - g.r_squared) * (n - 1) / (n - p);
  g.residual_se = std::sqrt(sigma2);
  Diagnose(res, ljung_box_lag, &g);
  return m;
}

namespace {

// xoshiro256** (Blackman & Vigna 2018) seeded by splitmix64; normals by Box-Muller.
class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (auto& s : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = Uniform(), u2 = Uniform();
    const double r = std::sqrt(-2 * std::log(u1));
    spare_ = r * std::sin(2 * std::numbers::pi * u2);
    has_spare_ = true;
    return r * std::cos(2 * std::numbers::pi * u2);
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3], s_[2] ^= t, s_[3] = Rotl(s_[3], 45);
    return result;
  }
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
  std::uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

// The future values of one indicator for periods n+1 .. n+steps: user values first, then
// the engine's forecast from the history plus those user values.
Result<IndicatorPath> FutureOf(const Indicator& x, int steps, const EconometricOptions& options) {
  IndicatorPath path;
  path.name = x.name;
  const int given = std::min<int>(steps, static_cast<int>(x.future.size()));
  for (int k = 0; k < given; ++k) {
    path.values.push_back(x.future[k]), path.lo95.push_back(x.future[k]), path.hi95.push_back(x.future[k]);
    path.source.push_back("user");
  }
  if (given >= steps) return path;
  const MethodInfo* method = FindMethod(options.indicator_method);
  if (method == nullptr) {
    return Status::Invalid("unknown method '" + options.indicator_method + "'", "indicator_method");
  }
  Series s{x.values, options.period};
  s.values.insert(s.values.end(), x.future.begin(), x.future.begin() + given);
  MethodOptions mo;
  mo.seed = options.seed;
  auto f = method->run(s, steps - given, mo);
  if (!f.ok()) {
    return Status::Invalid("indicator " + x.name + ": could not forecast it: " + f.status().message(), "indicators");
  }
  for (int k = 0; k < steps - given; ++k) {
    path.values.push_back(f->mean[k]), path.lo95.push_back(f->lo95[k]), path.hi95.push_back(f->hi95[k]);
    path.source.push_back(f->method);
  }
  return path;
}

// The regressor row for future period k (1-based) given each indicator's future values.
std::vector<double> FutureRow(std::span<const Indicator> indicators, const std::vector<std::vector<double>>& future,
                              int k) {
  std::vector<double> row{1.0};
  for (std::size_t j = 0; j < indicators.size(); ++j) {
    const std::vector<double>& hist = indicators[j].values;
    for (int lag : indicators[j].lags) {
      const int at = k - lag;  // > 0: future period; <= 0: history, counted back from the end
      row.push_back(at > 0 ? future[j][at - 1] : hist[hist.size() - 1 + at]);
    }
  }
  return row;
}

}  // namespace

Result<EconometricForecast> ForecastEconometric(std::span<const double> sales, std::span<const Indicator> indicators,
                                                const EconometricOptions& options) {
  if (options.horizon < 1) return Status::Invalid("must be at least 1", "horizon");
  if (options.simulations < 100) return Status::Invalid("must be at least 100", "simulations");
  if (options.period < 1) return Status::Invalid("must be at least 1", "period");
  EconometricForecast out;
  SD_ASSIGN_OR_RETURN(out.model, FitEconometric(sales, indicators, options.ljung_box_lag));
  const int h = options.horizon;
  std::vector<std::vector<double>> mean_future, sd_lo, sd_hi;
  for (const Indicator& x : indicators) {
    SD_ASSIGN_OR_RETURN(IndicatorPath path, FutureOf(x, h, options));
    std::vector<double> lo(h), hi(h);
    for (int k = 0; k < h; ++k) {
      lo[k] = std::max(0.0, path.values[k] - path.lo95[k]) / internal::kZ95;
      hi[k] = std::max(0.0, path.hi95[k] - path.values[k]) / internal::kZ95;
    }
    mean_future.push_back(path.values), sd_lo.push_back(lo), sd_hi.push_back(hi);
    out.indicators.push_back(std::move(path));
  }
  const std::vector<Coefficient>& coef = out.model.coefficients;
  const int p = static_cast<int>(coef.size());
  const int df = out.model.diagnostics.observations - p;
  const double sigma = out.model.diagnostics.residual_se;
  // Cholesky factor of (X'X)^-1 for the coefficient draws.
  std::vector<double> chol = out.model.unscaled_covariance;
  for (int j = 0; j < p; ++j) {
    for (int k = 0; k < j; ++k) chol[j * p + j] -= chol[j * p + k] * chol[j * p + k];
    chol[j * p + j] = std::sqrt(std::max(0.0, chol[j * p + j]));
    for (int i = j + 1; i < p; ++i) {
      for (int k = 0; k < j; ++k) chol[i * p + j] -= chol[i * p + k] * chol[j * p + k];
      chol[i * p + j] = chol[j * p + j] > 0 ? chol[i * p + j] / chol[j * p + j] : 0;
    }
  }
  Forecast& f = out.forecast;
  for (int k = 1; k <= h; ++k) {
    const std::vector<double> row = FutureRow(indicators, mean_future, k);
    double y = 0;
    for (int j = 0; j < p; ++j) y += coef[j].estimate * row[j];
    f.mean.push_back(y);
  }
  Random rng(options.seed);
  std::vector<std::vector<double>> draws(h, std::vector<double>(options.simulations));
  std::vector<double> z(p), beta(p);
  std::vector<std::vector<double>> future = mean_future;
  for (int s = 0; s < options.simulations; ++s) {
    double chi2 = 0;
    for (int i = 0; i < df; ++i) {
      const double u = rng.Normal();
      chi2 += u * u;
    }
    const double sig = sigma * std::sqrt(df / chi2);
    for (double& v : z) v = rng.Normal();
    for (int i = 0; i < p; ++i) {
      beta[i] = coef[i].estimate;
      for (int k = 0; k <= i; ++k) beta[i] += sig * chol[i * p + k] * z[k];
    }
    for (std::size_t j = 0; j < indicators.size(); ++j) {
      const double u = rng.Normal();
      for (int k = 0; k < h; ++k) future[j][k] = mean_future[j][k] + u * (u < 0 ? sd_lo[j][k] : sd_hi[j][k]);
    }
    for (int k = 1; k <= h; ++k) {
      const std::vector<double> row = FutureRow(indicators, future, k);
      double y = sig * rng.Normal();
      for (int j = 0; j < p; ++j) y += beta[j] * row[j];
      draws[k - 1][s] = y;
    }
  }
  for (int k = 0; k < h; ++k) {
    f.lo95.push_back(Quantile7(draws[k], 0.025)), f.lo80.push_back(Quantile7(draws[k], 0.10));
    f.hi80.push_back(Quantile7(draws[k], 0.90)), f.hi95.push_back(Quantile7(draws[k], 0.975));
  }
  f.method = "regression on";
  for (const Indicator& x : indicators) f.method += " " + x.name;
  f.fitted = out.model.fitted;
  f.aicc = kNaN;
  for (const IndicatorPath& path : out.indicators) {
    if (path.source.back() != "user") internal::AddNote(&f, "future " + path.name + " forecast by " + path.source.back());
  }
  return out;
}

}  // namespace salesdesk::forecast
