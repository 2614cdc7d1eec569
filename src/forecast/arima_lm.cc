// Levenberg-Marquardt least squares for the ARIMA likelihoods.
#include <algorithm>
#include <cmath>
#include <limits>

#include "forecast/arima_internal.h"
#include "forecast/util.h"

namespace salesdesk::forecast::arima_internal {
namespace {

double SumOfSquares(std::span<const double> r) {
  double s = 0;
  for (double v : r) s += v * v;
  return s;
}

struct Problem {
  const ResidualFn& fn;
  int m = 0;
  const LeastSquaresOptions& options;
  int evaluations = 0;

  bool Eval(std::span<const double> x, std::vector<double>& r) {
    ++evaluations;
    return fn(x, r) && std::isfinite(SumOfSquares(r));
  }
  double Clamp(double v, std::size_t j) const {
    if (!options.lower.empty()) v = std::max(v, options.lower[j]);
    if (!options.upper.empty()) v = std::min(v, options.upper[j]);
    return v;
  }
};

// Forward-difference Jacobian (row-major m x k) at x with residuals r.
void Jacobian(Problem& pr, const std::vector<double>& x, const std::vector<double>& r,
              std::vector<double>& jac, std::vector<double>& scratch) {
  const int k = static_cast<int>(x.size()), m = pr.m;
  std::vector<double> xs = x;
  for (int j = 0; j < k; ++j) {
    double h = 1e-7 * std::max(1.0, std::fabs(x[j]));
    if (pr.Clamp(x[j] + h, j) != x[j] + h) h = -h;
    xs[j] = x[j] + h;
    if (!pr.Eval(xs, scratch)) {
      h = -h;
      xs[j] = x[j] + h;
      if (!pr.Eval(xs, scratch)) std::fill(scratch.begin(), scratch.end(), 0.0), h = 0;
    }
    for (int i = 0; i < m; ++i) jac[i * k + j] = h == 0 ? 0 : (scratch[i] - r[i]) / h;
    xs[j] = x[j];
  }
}

// The Gauss-Newton system: a = J'J (k x k), g = J'r. Returns the largest diagonal.
double NormalEquations(const std::vector<double>& jac, const std::vector<double>& r, int k,
                       std::vector<double>& a, std::vector<double>& g) {
  const int m = static_cast<int>(r.size());
  std::fill(a.begin(), a.end(), 0.0);
  std::fill(g.begin(), g.end(), 0.0);
  for (int i = 0; i < m; ++i) {
    const double* row = &jac[static_cast<std::size_t>(i) * k];
    for (int j = 0; j < k; ++j) {
      g[j] += row[j] * r[i];
      for (int l = 0; l <= j; ++l) a[j * k + l] += row[j] * row[l];
    }
  }
  double max_diag = 0;
  for (int j = 0; j < k; ++j) {
    for (int l = 0; l < j; ++l) a[l * k + j] = a[j * k + l];
    max_diag = std::max(max_diag, a[j * k + j]);
  }
  return max_diag;
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// x' M y for a k x k matrix M.
double Quadratic(const std::vector<double>& m, const std::vector<double>& x,
                 const std::vector<double>& y) {
  const std::size_t k = x.size();
  double s = 0;
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t l = 0; l < k; ++l) s += x[j] * m[j * k + l] * y[l];
  }
  return s;
}

// Levenberg-Marquardt with the structured secant term of Dennis, Gay & Welsch (1981,
// "An adaptive nonlinear least-squares algorithm", ACM TOMS 7:348-368; NL2SOL): the
// Hessian of ||r||^2 / 2 is J'J + S with S = sum r_i Hess(r_i). Gauss-Newton ignores S,
// which makes it converge only linearly on large-residual problems such as likelihoods;
// S is estimated by their secant update and used whenever it predicted the last
// reduction better than Gauss-Newton alone.
class Solver {
 public:
  Solver(const ResidualFn& fn, int m, const LeastSquaresOptions& options)
      : pr_{fn, m, options}, options_(options) {}

  LeastSquaresResult Run(std::vector<double> start);

 private:
  void Linearise();
  void SecantUpdate();
  void FixActiveBounds();
  // One damped step; true when accepted (or when damping is exhausted: converged_).
  bool Step();

  Problem pr_;
  const LeastSquaresOptions& options_;
  int k_ = 0;
  std::vector<double> x_, r_, trial_r_, scratch_, jac_, prev_jac_;
  std::vector<double> a_, g_, gstep_, prev_g_, s_mat_, last_step_, step_, trial_, model_;
  double value_ = 0, lambda_ = 1e-3, nu_ = 2, max_diag_ = 0;
  bool augmented_ = false, have_step_ = false, converged_ = false;
};

void Solver::Linearise() {
  prev_jac_.swap(jac_), prev_g_ = g_;
  jac_.assign(static_cast<std::size_t>(pr_.m) * k_, 0.0);
  Jacobian(pr_, x_, r_, jac_, scratch_);
  max_diag_ = NormalEquations(jac_, r_, k_, a_, g_);
  if (have_step_) SecantUpdate();
}

// S+ = tS + (z y' + y z') / y's - (z's) y y' / (y's)^2, z = y# - tS s, with y the change
// of the gradient, y# = (J+ - J)' r+ and the sizing t = min(1, |s'y#| / |s'Ss|).
void Solver::SecantUpdate() {
  const std::vector<double>& s = last_step_;
  std::vector<double> y(k_), yh(k_, 0.0), ss(k_, 0.0);
  for (int j = 0; j < k_; ++j) y[j] = g_[j] - prev_g_[j];
  for (int i = 0; i < pr_.m; ++i) {
    for (int j = 0; j < k_; ++j) yh[j] += (jac_[i * k_ + j] - prev_jac_[i * k_ + j]) * r_[i];
  }
  const double ys = Dot(y, s);
  if (!(ys > 1e-12 * std::sqrt(Dot(y, y) * Dot(s, s)))) return;
  const double sss = Quadratic(s_mat_, s, s);
  const double t = sss != 0 ? std::min(1.0, std::fabs(Dot(s, yh)) / std::fabs(sss)) : 1.0;
  for (double& v : s_mat_) v *= t;
  for (int j = 0; j < k_; ++j) {
    for (int l = 0; l < k_; ++l) ss[j] += s_mat_[j * k_ + l] * s[l];
  }
  std::vector<double> z(k_);
  for (int j = 0; j < k_; ++j) z[j] = yh[j] - ss[j];
  const double zs = Dot(z, s);
  for (int j = 0; j < k_; ++j) {
    for (int l = 0; l < k_; ++l) {
      s_mat_[j * k_ + l] += (z[j] * y[l] + y[j] * z[l]) / ys - zs * y[j] * y[l] / (ys * ys);
    }
  }
}

// Coordinates held at a bound by the gradient are fixed for this iteration (an active
// set), so that projected steps stay descent directions.
void Solver::FixActiveBounds() {
  model_ = a_, gstep_ = g_;
  if (augmented_) {
    for (std::size_t i = 0; i < model_.size(); ++i) model_[i] += s_mat_[i];
  }
  for (int j = 0; j < k_; ++j) {
    const bool at_upper = !options_.upper.empty() && x_[j] >= options_.upper[j] && g_[j] < 0;
    const bool at_lower = !options_.lower.empty() && x_[j] <= options_.lower[j] && g_[j] > 0;
    if (!at_upper && !at_lower) continue;
    for (int l = 0; l < k_; ++l) model_[j * k_ + l] = model_[l * k_ + j] = 0;
    model_[j * k_ + j] = max_diag_, gstep_[j] = 0;
  }
}

bool Solver::Step() {
  std::vector<double> b = model_;
  for (int j = 0; j < k_; ++j)
    b[j * k_ + j] += lambda_ * std::max(a_[j * k_ + j], 1e-12 * max_diag_);
  for (int j = 0; j < k_; ++j) step_[j] = -gstep_[j];
  const bool solved = internal::SolveSpd(std::move(b), &step_, k_);
  double step_norm = 0, x_norm = 0;
  if (solved) {
    for (int j = 0; j < k_; ++j) {
      trial_[j] = pr_.Clamp(x_[j] + step_[j], j), step_[j] = trial_[j] - x_[j];
      step_norm += step_[j] * step_[j], x_norm += x_[j] * x_[j];
    }
  }
  const double pred_gn = -(2 * Dot(step_, gstep_) + Quadratic(a_, step_, step_));
  const double pred_aug = pred_gn - Quadratic(s_mat_, step_, step_);
  const double predicted = augmented_ ? pred_aug : pred_gn;
  const bool ok = solved && step_norm > 0 && predicted > 0 && pr_.Eval(trial_, trial_r_);
  const double trial_value = ok ? SumOfSquares(trial_r_) : std::numeric_limits<double>::infinity();
  const double rho = ok ? (value_ - trial_value) / predicted : -1;
  if (rho <= 0) {
    lambda_ *= nu_, nu_ *= 2;
    converged_ = lambda_ > 1e10;  // no step of any length helps: a (numerical) minimum
    return converged_;
  }
  const double reduction = value_ - trial_value;
  augmented_ = std::fabs(reduction - pred_aug) < std::fabs(reduction - pred_gn);
  x_.swap(trial_), r_.swap(trial_r_);
  value_ = trial_value;
  last_step_ = step_, have_step_ = true;
  const bool small =
      lambda_ < 1 && std::sqrt(step_norm) <= options_.xtol * (std::sqrt(x_norm) + options_.xtol);
  lambda_ *= std::max(1.0 / 3, 1 - std::pow(2 * rho - 1, 3));
  nu_ = 2;
  converged_ =
      (reduction <= options_.ftol * value_ && predicted <= options_.ftol * value_) || small;
  return true;
}

LeastSquaresResult Solver::Run(std::vector<double> start) {
  k_ = static_cast<int>(start.size());
  const int m = pr_.m;
  x_ = std::move(start);
  for (int j = 0; j < k_; ++j) x_[j] = pr_.Clamp(x_[j], j);
  r_.assign(m, 0.0), trial_r_.assign(m, 0.0), scratch_.assign(m, 0.0);
  a_.assign(k_ * k_, 0.0), s_mat_.assign(k_ * k_, 0.0);
  g_.assign(k_, 0.0), step_.assign(k_, 0.0), trial_.assign(k_, 0.0);
  LeastSquaresResult out;
  if (!pr_.Eval(x_, r_)) {
    out.x = x_, out.value = std::numeric_limits<double>::infinity(), out.evaluations = 1;
    return out;
  }
  value_ = SumOfSquares(r_);
  for (int iter = 0; iter < options_.max_iterations && k_ > 0 && !converged_; ++iter) {
    Linearise();
    if (!(max_diag_ > 0)) break;  // the residuals do not depend on x
    FixActiveBounds();
    double gnorm = 0;
    for (int j = 0; j < k_; ++j) {
      if (a_[j * k_ + j] > 0)
        gnorm = std::max(gnorm, std::fabs(gstep_[j]) / std::sqrt(a_[j * k_ + j] * value_));
    }
    if (value_ == 0 || gnorm <= options_.gtol) {
      converged_ = true;
      break;
    }
    while (!Step()) {
    }
  }
  out.x = x_, out.value = value_, out.evaluations = pr_.evaluations, out.converged = converged_;
  return out;
}

}  // namespace

LeastSquaresResult MinimiseSumOfSquares(const ResidualFn& residuals, int num_residuals,
                                        std::vector<double> start,
                                        const LeastSquaresOptions& options) {
  Solver solver(residuals, num_residuals, options);
  return solver.Run(std::move(start));
}

}  // namespace salesdesk::forecast::arima_internal
