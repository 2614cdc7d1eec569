// Internals of ETS (see ets.h): the state recursion, the forecast function and the
// admissibility test, shared by fitting, forecasting and simulation. Pure; thread-safe.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "forecast/ets.h"

namespace salesdesk::forecast::ets_internal {

using C = EtsComponent;

// Seasonal states in "ring" order, which lets the recursion run without shifting the
// state vector: ring[k] is the seasonal state used at 0-based time t with t % m == k.
// Converts from and to EtsState::season order (season[j] = s_{t-j}), where `steps` is the
// number of observations processed since the state was s_t (0 for x_0, n for x_n).
std::vector<double> SeasonToRing(const std::vector<double>& season, int steps);
std::vector<double> RingToSeason(const std::vector<double>& ring, int steps);

// The level-and-trend part of the one-step forecast, q = l (+) phi b (HKOS table 2.1):
// l, l + phi b, or l b^phi.
template <C kTrend>
inline double TrendPart(double l, double b, double phi) {
  if constexpr (kTrend == C::kAdditive) return l + phi * b;
  if constexpr (kTrend == C::kMultiplicative) return phi == 1 ? l * b : l * std::pow(b, phi);
  return l;
}

// The one-step forecast mu = q (+) s.
template <C kSeason>
inline double WithSeason(double q, double s) {
  if constexpr (kSeason == C::kAdditive) return q + s;
  if constexpr (kSeason == C::kMultiplicative) return q * s;
  return q;
}

// The state update of HKOS table 2.3 after observing y, written with y rather than the
// innovation so that one formula serves both error types: with P = y (-) s the
// seasonally adjusted observation and q = TrendPart(l, b),
//   l' = q + alpha (P - q),
//   b' = phi b + beta (P - q)            (additive trend),
//   b' = b^phi + beta (P - q) / l        (multiplicative trend),
//   s' = s + gamma (y - q - s)           (additive season),
//   s' = s + gamma (y / q - s)           (multiplicative season).
// Substituting e = y - mu or e = (y - mu) / mu gives the table's equations for either
// error type. Returns false when a multiplicative component leaves its domain.
template <C kTrend, C kSeason>
inline bool UpdateState(const EtsParameters& p, double y, double q, double* l, double* b,
                        double* s) {
  double adjusted = y;
  if constexpr (kSeason == C::kAdditive) adjusted = y - *s;
  if constexpr (kSeason == C::kMultiplicative) adjusted = y / *s;
  const double gap = adjusted - q;
  if constexpr (kTrend == C::kAdditive) *b = p.phi * *b + p.beta * gap;
  if constexpr (kTrend == C::kMultiplicative) {
    *b = (p.phi == 1 ? *b : std::pow(*b, p.phi)) + p.beta * gap / *l;
  }
  if constexpr (kSeason == C::kAdditive) *s += p.gamma * (y - q - *s);
  if constexpr (kSeason == C::kMultiplicative) *s += p.gamma * (y / q - *s);
  *l = q + p.alpha * gap;
  if constexpr (kTrend == C::kMultiplicative) {
    if (!(*l > 0 && *b > 0)) return false;
  }
  if constexpr (kSeason == C::kMultiplicative) {
    if (!(*l > 0 && *s > 0)) return false;
  }
  return true;
}

// Input and output of one pass of the recursion over the data.
struct EtsFilter {
  std::span<const double> y;
  EtsSpec spec;
  EtsParameters params;
  double level = 0, trend = 0;  // in: x_0; out: x_n
  std::span<double> ring;       // m seasonal states in ring order; updated in place
  std::span<double> fitted;     // optional outputs of y.size() values each
  std::span<double> residuals;
  double sum_squared_errors = 0;  // out
};

// Runs the recursion and returns -2 log L up to a constant (HKOS 5.2-5.3):
// n log(sum e_t^2) + [multiplicative error] 2 sum log mu_t. +infinity when the model
// leaves its domain (mu_t <= 0 with a multiplicative error, or a non-positive level,
// growth or seasonal state in a multiplicative component) or a value is not finite.
// The sum of squares is floored at n * 1e-24 (in squared data units) so that a perfect
// fit stays finite.
double RunEtsFilter(EtsFilter* filter);

// Whether (alpha, beta, gamma, phi) make the linear version of the model forecastable:
// every eigenvalue of the discount matrix D = F - g w' inside the unit circle (HKOS ch.
// 10; Hyndman, Akram & Archibald 2008). Tested on D's characteristic polynomial with
// the Schur-Cohn recursion, so no roots are computed.
bool EtsAdmissible(const EtsSpec& spec, const EtsParameters& params, int period);

// The characteristic polynomial of D, coefficients in increasing powers: for seasonal
// models without the unit root of the seasonal normalisation, and for models without a
// trend times z (an extra zero root). Exposed for testing against a determinant.
std::vector<double> EtsDiscountPolynomial(const EtsSpec& spec, const EtsParameters& params,
                                          int period);
// The same into `out` (period + 2 values for seasonal models, else 3).
void EtsDiscountPolynomial(const EtsSpec& spec, const EtsParameters& params, int period,
                           std::span<double> out);

// True when all roots of the polynomial (coefficients in increasing powers, leading
// one non-zero) lie strictly inside the unit circle (Schur-Cohn).
bool RootsInsideUnitCircle(std::vector<double> coefficients);
// The same without allocating: overwrites `coefficients`; `scratch` as long.
bool RootsInsideUnitCircle(std::span<double> coefficients, std::span<double> scratch);

// mu_{n+h|n} for h = 1..horizon from the final state (HKOS table 2.1).
std::vector<double> EtsPointForecasts(const EtsModel& model, int horizon);

// Quantiles of `values` (reordered) at ascending `levels` in (0, 1), interpolated as
// R's default quantile type 7. NaN when `values` is empty.
std::array<double, 4> SampleQuantiles(std::span<double> values,
                                      const std::array<double, 4>& levels);

// Simulated sample paths from the final state (HKOS 6.1): horizon x paths values, step
// by step (value (h - 1) * paths + path), with Gaussian innovations of variance sigma2 drawn from a
// generator seeded with `seed`.
std::vector<double> SimulateEtsPaths(const EtsModel& model, int horizon, int paths,
                                     std::uint64_t seed);

}  // namespace salesdesk::forecast::ets_internal
