// Numerical helpers shared by the forecasting methods: quantiles of the normal and
// Student t distributions, small least-squares fits, scalar minimisation, and the
// assembly and final repair of a Forecast. Pure functions; thread-safe.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "forecast/method.h"

namespace salesdesk::forecast::internal {

// Two-sided 80% and 95% standard normal quantiles (z at 0.90 and 0.975).
inline constexpr double kZ80 = 1.2815515655446004;
inline constexpr double kZ95 = 1.9599639845400540;

// Inverse of the standard normal CDF for 0 < p < 1 (Wichura 1988, algorithm AS 241,
// relative accuracy about 1e-16). Returns +-infinity at the end points.
double NormalQuantile(double p);

// CDF of Student's t with `df` > 0 degrees of freedom, through the regularised
// incomplete beta function (continued fraction, Press et al. "Numerical Recipes" 6.4).
double StudentTCdf(double t, double df);

// Inverse of StudentTCdf for 0 < p < 1 (bisection to 1e-12). df >= 1e6 or df <= 0
// falls back to the normal quantile.
double StudentTQuantile(double p, double df);

double Mean(std::span<const double> y);
// True when every value equals the first (within 1e-12 relative).
bool IsConstant(std::span<const double> y);
// True when no value is negative.
bool AllNonNegative(std::span<const double> y);

// Least-squares line y_t = intercept + slope * t with t = 1..n (slope 0 when n < 2).
struct Line {
  double intercept = 0;
  double slope = 0;
};
Line FitLine(std::span<const double> y);

// Minimises `f` over [lo, hi]: a coarse grid of `grid` points (f may be multimodal)
// followed by golden-section search around the best grid point to `tol`.
double MinimiseScalar(const std::function<double(double)>& f, double lo, double hi,
                      int grid = 16, double tol = 1e-7);

// Solves the symmetric positive definite system A x = b in place by Cholesky
// (A is p x p, row major). Returns false when A is not positive definite.
bool SolveSpd(std::vector<double> a, std::vector<double>* b, int p);
// Inverse of a symmetric positive definite p x p matrix; empty when singular.
std::vector<double> InverseSpd(const std::vector<double>& a, int p);

// Builds a forecast whose bounds are mean -+ q * se[h], with q the normal quantile
// (df <= 0) or Student t quantile with df degrees of freedom.
Forecast MakeForecast(std::vector<double> mean, const std::vector<double>& se, double df = 0);

// Appends `text` to the note, separated by "; ".
void AddNote(Forecast* f, const std::string& text);

// The last line of defence behind every method: replaces any non-finite mean by the
// last observation and any non-finite bound by the mean (noting it), floors values at
// zero when the history has no negative value (sales cannot go below zero), and
// restores lo95 <= lo80 <= mean <= hi80 <= hi95. `fitted` is resized to the series
// length (NaN where a method has none).
void Finalize(const Series& series, Forecast* f);

}  // namespace salesdesk::forecast::internal
