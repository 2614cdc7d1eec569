// Maximum-likelihood estimation and AICc selection of ETS models (HKOS ch. 5 and 7).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "forecast/ets_model.h"
#include "forecast/optimizer.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using ets_internal::C;

constexpr double kInf = std::numeric_limits<double>::infinity();
// The "usual" region of HKOS 5.2 (R's ets() defaults).
constexpr double kLower = 1e-4, kUpper = 0.9999, kPhiLower = 0.8, kPhiUpper = 0.98;

// Bounds by transformation: x = lo + (hi - lo) (1 + sin u) / 2 maps the real line onto
// [lo, hi] and, unlike a logistic map, reaches the bounds, where these likelihoods
// often have their optimum.
double Bounded(double u, double lo, double hi) { return lo + (hi - lo) * 0.5 * (1 + std::sin(u)); }
double Unbounded(double x, double lo, double hi) {
  if (!(hi > lo)) return 0;
  return std::asin(std::clamp(2 * (x - lo) / (hi - lo) - 1, -1.0, 1.0));
}

// Centred moving average of order m (2 x m when m is even), NaN where it does not fit.
std::vector<double> CentredMovingAverage(std::span<const double> y, int m) {
  const int n = static_cast<int>(y.size()), half = m / 2;
  std::vector<double> trend(n, std::nan(""));
  for (int t = half; t + half < n; ++t) {
    double s = m % 2 == 1 ? y[t - half] : 0.5 * (y[t - half] + y[t + half]);
    for (int j = -half + 1; j < half + (m % 2); ++j) s += y[t + j];
    trend[t] = s / m;
  }
  return trend;
}

// Seasonal indices idx[k] for 0-based times t with t % m == k, from a classical
// decomposition of the first cycles (at most four): ratios to (or differences from) a
// centred moving average, averaged by season and normalised to mean 1 (or 0).
std::vector<double> StartingSeason(std::span<const double> y, int m, bool multiplicative) {
  const int cycles = std::min(static_cast<int>(y.size()) / m, 4);
  const std::span<const double> head = y.first(static_cast<std::size_t>(cycles) * m);
  const std::vector<double> trend = CentredMovingAverage(head, m);
  std::vector<double> sum(m, 0.0);
  std::vector<int> count(m, 0);
  for (std::size_t t = 0; t < head.size(); ++t) {
    if (std::isnan(trend[t])) continue;
    sum[t % m] += multiplicative ? head[t] / trend[t] : head[t] - trend[t];
    ++count[t % m];
  }
  double mean = 0;
  for (int k = 0; k < m; ++k) {
    sum[k] = count[k] > 0 ? sum[k] / count[k] : (multiplicative ? 1 : 0);
    mean += sum[k] / m;
  }
  for (double& s : sum) s = multiplicative ? s / mean : s - mean;
  return sum;
}

// Starting values for x_0 (HKOS 2.6.1): seasonal indices from StartingSeason, level and
// trend from a least-squares line through the first max(10, 2m) seasonally adjusted
// observations, evaluated at t = 0.
EtsState StartingState(std::span<const double> y, int m, const EtsSpec& spec) {
  EtsState x;
  const int n = static_cast<int>(y.size());
  const int k = std::min(n, std::max(10, 2 * m));
  std::vector<double> adjusted(y.begin(), y.begin() + k);
  if (spec.Seasonal()) {
    const bool mult = spec.season == C::kMultiplicative;
    const std::vector<double> idx = StartingSeason(y, m, mult);
    for (int t = 0; t < k; ++t) adjusted[t] = mult ? y[t] / idx[t % m] : y[t] - idx[t % m];
    x.season.resize(m);
    for (int j = 0; j < m; ++j) x.season[j] = idx[m - 1 - j];
  }
  const internal::Line line = internal::FitLine(adjusted);
  x.level = line.intercept;
  if (spec.trend == C::kAdditive) x.trend = line.slope;
  if (spec.trend == C::kMultiplicative) {
    x.trend = line.intercept > 0 ? std::clamp(1 + line.slope / line.intercept, 0.8, 1.25) : 1;
    if (!(x.level > 0)) x.level = adjusted[0];
  }
  if (spec.trend == C::kNone) x.level = line.intercept + line.slope;
  return x;
}

int CountSmoothing(const EtsSpec& spec) {
  return 1 + (spec.trend != C::kNone) + spec.Seasonal() + spec.damped;
}

// -2 log L as a function of the optimiser's unconstrained vector u: the transformed
// smoothing parameters (alpha; beta within [1e-4, alpha]; gamma within [1e-4, 1 - alpha];
// phi) and, when the initial states are estimated too, l_0, b_0, s_0 .. s_{-(m-2)}
// (s_{-(m-1)} follows from the normalisation).
class Objective {
 public:
  // `fixed` holds the initial states when they are not estimated (nullptr: estimated).
  Objective(std::span<const double> y, int m, const EtsSpec& spec, const EtsState* fixed)
      : y_(y), m_(spec.Seasonal() ? m : 0), spec_(spec), ring_(m_), free_states_(fixed == nullptr) {
    if (fixed) x_ = *fixed;
  }

  int Smoothing() const { return CountSmoothing(spec_); }
  int Size() const {
    if (!free_states_) return Smoothing();
    return Smoothing() + 1 + (spec_.trend != C::kNone) + std::max(0, m_ - 1);
  }

  // Decodes u; false when a derived seasonal state is not positive for a multiplicative
  // season.
  bool Decode(std::span<const double> u, EtsParameters* p, EtsState* x) const {
    int i = 0;
    p->alpha = Bounded(u[i++], kLower, kUpper);
    if (spec_.trend != C::kNone) p->beta = Bounded(u[i++], kLower, p->alpha);
    if (spec_.Seasonal()) p->gamma = Bounded(u[i++], kLower, 1 - p->alpha);
    p->phi = spec_.damped ? Bounded(u[i++], kPhiLower, kPhiUpper) : 1;
    if (!free_states_) {
      if (x != &x_) *x = x_;
      return true;
    }
    x->level = u[i++];
    x->trend = spec_.trend == C::kNone ? 0 : u[i++];
    x->season.resize(m_);
    if (m_ == 0) return true;
    double sum = 0;
    for (int j = 0; j + 1 < m_; ++j) sum += x->season[j] = u[i++];
    x->season[m_ - 1] = spec_.season == C::kMultiplicative ? m_ - sum : -sum;
    return spec_.season != C::kMultiplicative || x->season[m_ - 1] > 0;
  }

  std::vector<double> Encode(const EtsParameters& p, const EtsState& x) const {
    std::vector<double> u;
    u.push_back(Unbounded(p.alpha, kLower, kUpper));
    if (spec_.trend != C::kNone) u.push_back(Unbounded(p.beta, kLower, p.alpha));
    if (spec_.Seasonal()) u.push_back(Unbounded(p.gamma, kLower, 1 - p.alpha));
    if (spec_.damped) u.push_back(Unbounded(p.phi, kPhiLower, kPhiUpper));
    if (!free_states_) return u;
    u.push_back(x.level);
    if (spec_.trend != C::kNone) u.push_back(x.trend);
    for (int j = 0; j + 1 < m_; ++j) u.push_back(x.season[j]);
    return u;
  }

  // The admissibility test can cost as much as the recursion (monthly models), so it
  // is made only for points better than any accepted so far: every point that becomes
  // the simplex's best vertex is tested, and the optimum returned is admissible.
  // (Points that only replace a worse vertex may be inadmissible; they shape the search
  // but are never returned.)
  double operator()(std::span<const double> u) {
    EtsParameters p;
    if (!Decode(u, &p, &x_)) return kInf;
    for (int k = 0; k < m_; ++k) ring_[k] = x_.season[m_ - 1 - k];
    ets_internal::EtsFilter filter{
        .y = y_, .spec = spec_, .params = p, .level = x_.level, .trend = x_.trend, .ring = ring_};
    const double value = ets_internal::RunEtsFilter(&filter);
    if (!(value < best_)) return value;
    if (needs_check_ && !ets_internal::EtsAdmissible(spec_, p, m_)) return kInf;
    best_ = value;
    return value;
  }

 private:
  std::span<const double> y_;
  int m_;
  EtsSpec spec_;
  std::vector<double> ring_;
  bool free_states_;
  EtsState x_;
  bool needs_check_ = spec_.Seasonal() || spec_.damped;
  double best_ = kInf;  // the lowest admissible value returned so far
};

// Initial simplex steps: about a tenth of the plausible range of each coordinate on
// data scaled to mean absolute value 1 (0.3 in the transformed smoothing parameters).
std::vector<double> Steps(const Objective& objective, const EtsSpec& spec, const EtsState& x) {
  std::vector<double> step(objective.Size(), 0.0);
  int i = 0;
  for (; i < objective.Smoothing(); ++i) step[i] = 0.3;
  if (i == objective.Size()) return step;
  step[i++] = 0.05 * std::max(0.1, std::fabs(x.level));
  if (spec.trend == C::kAdditive) step[i++] = 0.01 + 0.1 * std::fabs(x.trend);
  if (spec.trend == C::kMultiplicative) step[i++] = 0.01;
  double spread = 0;
  for (double s : x.season) spread += std::fabs(spec.season == C::kMultiplicative ? s - 1 : s);
  spread = x.season.empty() ? 0 : spread / static_cast<double>(x.season.size());
  for (; i < objective.Size(); ++i) step[i] = 0.02 + 0.1 * spread;
  return step;
}

// Starting smoothing parameters: the best of a few typical settings at the starting
// state (the likelihood is often multimodal in alpha), with small growth and seasonal
// rates (beta = alpha / 10, gamma = (1 - alpha) / 10) and light damping.
std::vector<double> StartingPoint(Objective* objective, const EtsSpec& spec, const EtsState& x) {
  std::vector<double> best;
  double best_f = kInf;
  for (double alpha : {0.1, 0.3, 0.6, 0.9}) {
    EtsParameters p;
    p.alpha = spec.Seasonal() ? alpha * 0.5 : alpha;
    p.beta = std::max(kLower, 0.1 * p.alpha);
    p.gamma = std::max(kLower, 0.1 * (1 - p.alpha));
    p.phi = 0.97;
    std::vector<double> u = objective->Encode(p, x);
    const double f = (*objective)(u);
    if (best.empty() || f < best_f) best = std::move(u), best_f = f;
  }
  return best;
}

Status CheckFitInput(std::span<const double> y, int period, const EtsSpec& spec) {
  const int n = static_cast<int>(y.size());
  if (spec.Seasonal() && (period < 2 || n < 2 * period)) {
    return Status::Invalid(spec.Name() + " needs a period of at least 2 and two full cycles",
                           "values");
  }
  const int k =
      CountSmoothing(spec) + 1 + (spec.trend != C::kNone) + (spec.Seasonal() ? period - 1 : 0);
  if (n < k + 4) {
    return Status::Invalid(
        spec.Name() + " needs at least " + std::to_string(k + 4) + " observations", "values");
  }
  return Status::Ok();
}

// Parameters and x_0 (on the scaled data) from one optimisation.
struct Estimate {
  bool ok = false;
  EtsParameters params;
  EtsState x;
};

Estimate Optimise(std::span<const double> scaled, int period, const EtsSpec& spec, bool free_states,
                  const EtsFitOptions& options) {
  const EtsState start = StartingState(scaled, period, spec);
  Objective objective(scaled, period, spec, free_states ? nullptr : &start);
  std::vector<double> u0 = StartingPoint(&objective, spec, start);
  internal::NelderMeadOptions nm;
  nm.max_evaluations =
      options.max_evaluations > 0 ? options.max_evaluations : 400 + 150 * objective.Size();
  nm.abs_tolerance = 1e-2;  // differences below 0.01 in -2 log L do not matter for AICc
  nm.rel_tolerance = 0;
  const internal::NelderMeadResult best = internal::MinimiseNelderMead(
      std::ref(objective), std::move(u0), Steps(objective, spec, start), nm);
  Estimate e;
  e.ok = std::isfinite(best.value);
  if (e.ok) objective.Decode(best.x, &e.params, &e.x);
  return e;
}

// The candidate models of SelectEts, in a fixed order.
std::vector<EtsSpec> Candidates(const EtsSelectOptions& options, bool positive) {
  std::vector<EtsSpec> candidates;
  for (C error : {C::kAdditive, C::kMultiplicative}) {
    for (C trend : {C::kNone, C::kAdditive, C::kMultiplicative}) {
      for (bool damped : {false, true}) {
        for (C season : {C::kNone, C::kAdditive, C::kMultiplicative}) {
          const bool mult_error = error == C::kMultiplicative;
          if (damped && trend == C::kNone) continue;
          if (season != C::kNone && !options.seasonal) continue;
          if (mult_error && !positive) continue;
          // HKOS 7.1: additive errors with multiplicative components, and a
          // multiplicative trend with an additive season, are numerically unstable.
          if (!mult_error && (trend == C::kMultiplicative || season == C::kMultiplicative)) {
            continue;
          }
          if (trend == C::kMultiplicative &&
              (!options.allow_multiplicative_trend || season == C::kAdditive)) {
            continue;
          }
          candidates.push_back({error, trend, damped, season});
        }
      }
    }
  }
  return candidates;
}

}  // namespace

Result<EtsModel> FitEts(std::span<const double> y, int period, const EtsSpec& spec,
                        const EtsFitOptions& options) {
  SD_RETURN_IF_ERROR(CheckFitInput(y, period, spec));
  const bool mult = spec.error == C::kMultiplicative || spec.trend == C::kMultiplicative ||
                    spec.season == C::kMultiplicative;
  if (mult && !std::all_of(y.begin(), y.end(), [](double v) { return v > 0; })) {
    return Status::Invalid(spec.Name() + " needs strictly positive data", "values");
  }
  // Work on y / scale: the states become O(1) so that one set of optimiser steps fits
  // every series, and -2 log L only shifts by 2 n log(scale) for every model.
  double scale = 0;
  for (double v : y) scale += std::fabs(v);
  scale = scale > 0 ? scale / static_cast<double>(y.size()) : 1;
  std::vector<double> scaled(y.begin(), y.end());
  for (double& v : scaled) v /= scale;

  Estimate e = Optimise(scaled, period, spec, options.optimize_initial_states, options);
  // A heuristic x_0 can put a multiplicative model outside its domain (a level line
  // through zero) for every parameter value; then x_0 is estimated as well.
  if (!e.ok && !options.optimize_initial_states) e = Optimise(scaled, period, spec, true, options);
  if (!e.ok) {
    return Status::Invalid(spec.Name() + " found no admissible parameters for these data",
                           "values");
  }
  e.x.level *= scale;
  if (spec.trend == C::kAdditive) e.x.trend *= scale;
  if (spec.season == C::kAdditive) {
    for (double& s : e.x.season) s *= scale;
  }
  if (spec.trend == C::kNone) e.x.trend = 0;
  return EvaluateEts(y, period, spec, e.params, e.x);
}

Result<EtsModel> SelectEts(std::span<const double> y, int period, const EtsSelectOptions& options) {
  const bool positive = std::all_of(y.begin(), y.end(), [](double v) { return v > 0; });
  Result<EtsModel> best = Status::Invalid("no ETS model can be fitted to these data", "values");
  for (const EtsSpec& spec : Candidates(options, positive)) {
    Result<EtsModel> fit = FitEts(y, period, spec, options.fit);
    if (fit.ok() && (!best.ok() || fit->aicc < best->aicc)) best = std::move(fit);
  }
  return best;
}

}  // namespace salesdesk::forecast
