#include "forecast/ets_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace salesdesk::forecast {
namespace {

using ets_internal::C;

constexpr double kInf = std::numeric_limits<double>::infinity();

char Letter(C c) { return c == C::kNone ? 'N' : c == C::kAdditive ? 'A' : 'M'; }

bool FromLetter(char ch, C* c) {
  switch (ch) {
    case 'N':
      *c = C::kNone;
      return true;
    case 'A':
      *c = C::kAdditive;
      return true;
    case 'M':
      *c = C::kMultiplicative;
      return true;
    default:
      return false;
  }
}

// The recursion for one model structure. Products of mu are accumulated in a running
// product and logged only when it nears the limits of a double: one log per many
// steps instead of one per step.
template <C kTrend, C kSeason, bool kMultError, bool kRecord>
double Filter(ets_internal::EtsFilter* f) {
  const int n = static_cast<int>(f->y.size());
  const int m = static_cast<int>(f->ring.size());
  const EtsParameters& p = f->params;
  double l = f->level, b = f->trend, sse = 0, sum_log = 0, product = 1;
  int k = 0;
  for (int t = 0; t < n; ++t) {
    const double y = f->y[t];
    double s = 0;
    if constexpr (kSeason != C::kNone) s = f->ring[k];
    const double q = ets_internal::TrendPart<kTrend>(l, b, p.phi);
    const double mu = ets_internal::WithSeason<kSeason>(q, s);
    double e = y - mu;
    if constexpr (kMultError) {
      if (!(mu > 0)) return kInf;
      e /= mu;
      product *= mu;
      if (product > 1e150 || product < 1e-150) sum_log += std::log(product), product = 1;
    }
    sse += e * e;
    if constexpr (kRecord) f->fitted[t] = mu, f->residuals[t] = e;
    if (!ets_internal::UpdateState<kTrend, kSeason>(p, y, q, &l, &b, &s)) return kInf;
    if constexpr (kSeason != C::kNone) {
      f->ring[k] = s;
      if (++k == m) k = 0;
    }
  }
  f->level = l, f->trend = b, f->sum_squared_errors = sse;
  // A perfect fit would give log(0); the floor keeps the criterion finite.
  double lik = n * std::log(std::max(sse, n * 1e-24));
  if constexpr (kMultError) lik += 2 * (sum_log + std::log(product));
  return std::isfinite(lik) ? lik : kInf;
}

template <C kTrend, C kSeason>
double DispatchError(ets_internal::EtsFilter* f) {
  const bool mult = f->spec.error == C::kMultiplicative;
  if (!f->fitted.empty()) {
    return mult ? Filter<kTrend, kSeason, true, true>(f) : Filter<kTrend, kSeason, false, true>(f);
  }
  return mult ? Filter<kTrend, kSeason, true, false>(f) : Filter<kTrend, kSeason, false, false>(f);
}

template <C kTrend>
double DispatchSeason(ets_internal::EtsFilter* f) {
  switch (f->spec.season) {
    case C::kAdditive:
      return DispatchError<kTrend, C::kAdditive>(f);
    case C::kMultiplicative:
      return DispatchError<kTrend, C::kMultiplicative>(f);
    default:
      return DispatchError<kTrend, C::kNone>(f);
  }
}

int CountParameters(const EtsSpec& spec, int period) {
  int k = 2;  // alpha, l_0
  if (spec.trend != C::kNone) k += 2 + (spec.damped ? 1 : 0);
  if (spec.Seasonal()) k += 1 + (period - 1);
  return k;
}

Status CheckEvaluationInput(std::span<const double> y, int period, const EtsSpec& spec,
                            const EtsState& initial) {
  if (y.empty()) return Status::Invalid("the series has no observations", "values");
  if (spec.error == C::kNone) return Status::Invalid("the error must be A or M", "model");
  if (spec.Seasonal() && period < 2) {
    return Status::Invalid("a seasonal model needs a period of at least 2", "period");
  }
  const std::size_t m = spec.Seasonal() ? period : 0;
  if (initial.season.size() != m) {
    return Status::Invalid("the initial state needs " + std::to_string(m) + " seasonal values",
                           "initial");
  }
  const bool multiplicative = spec.error == C::kMultiplicative ||
                              spec.trend == C::kMultiplicative || spec.season == C::kMultiplicative;
  if (multiplicative && !std::all_of(y.begin(), y.end(), [](double v) { return v > 0; })) {
    return Status::Invalid(spec.Name() + " needs strictly positive data", "values");
  }
  return Status::Ok();
}

}  // namespace

std::string EtsSpec::Name() const {
  std::string s = "ETS(";
  s += Letter(error);
  s += ',';
  s += Letter(trend);
  if (damped && trend != C::kNone) s += 'd';
  s += ',';
  s += Letter(season);
  return s + ')';
}

Result<EtsSpec> EtsSpec::Parse(std::string_view code) {
  EtsSpec spec;
  const bool damped = code.size() == 4 && code[2] == 'd';
  const bool ok = (code.size() == 3 || damped) && FromLetter(code[0], &spec.error) &&
                  spec.error != C::kNone && FromLetter(code[1], &spec.trend) &&
                  FromLetter(code.back(), &spec.season) && !(damped && spec.trend == C::kNone);
  if (!ok) return Status::Invalid("not an ETS model code: '" + std::string(code) + "'", "model");
  spec.damped = damped;
  return spec;
}

bool EtsSpec::Linear() const { return trend != C::kMultiplicative && season != C::kMultiplicative; }

Result<EtsModel> EvaluateEts(std::span<const double> y, int period, const EtsSpec& spec,
                             const EtsParameters& params, const EtsState& initial) {
  SD_RETURN_IF_ERROR(CheckEvaluationInput(y, period, spec, initial));
  const int n = static_cast<int>(y.size());
  EtsModel model;
  model.spec = spec;
  model.period = spec.Seasonal() ? period : 1;
  model.params = params;
  if (spec.trend == C::kNone) model.params.beta = 0;
  if (!spec.damped) model.params.phi = 1;
  if (!spec.Seasonal()) model.params.gamma = 0;
  model.initial = initial;
  model.num_observations = n;
  model.fitted.resize(n);
  model.residuals.resize(n);
  std::vector<double> ring = ets_internal::SeasonToRing(initial.season, 0);
  ets_internal::EtsFilter filter{.y = y,
                                 .spec = spec,
                                 .params = model.params,
                                 .level = initial.level,
                                 .trend = initial.trend,
                                 .ring = ring,
                                 .fitted = model.fitted,
                                 .residuals = model.residuals};
  const double lik = ets_internal::RunEtsFilter(&filter);
  if (!std::isfinite(lik)) {
    return Status::Invalid(spec.Name() + " cannot run on these data with these parameters",
                           "values");
  }
  model.final = {filter.level, filter.trend, ets_internal::RingToSeason(ring, n)};
  const int k = CountParameters(spec, model.period);
  const double np = k + 1;
  model.num_parameters = k;
  model.neg2_log_likelihood = lik;
  model.log_likelihood = -0.5 * lik;
  model.aic = lik + 2 * np;
  model.aicc = n - np - 1 > 0 ? model.aic + 2 * np * (np + 1) / (n - np - 1) : kInf;
  model.bic = model.aic + np * (std::log(static_cast<double>(n)) - 2);
  model.sigma2 = filter.sum_squared_errors / std::max(1, n - k);
  return model;
}

namespace ets_internal {

std::vector<double> SeasonToRing(const std::vector<double>& season, int steps) {
  const int m = static_cast<int>(season.size());
  std::vector<double> ring(m);
  for (int i = 0; i < m; ++i) ring[(steps + i) % m] = season[m - 1 - i];
  return ring;
}

std::vector<double> RingToSeason(const std::vector<double>& ring, int steps) {
  const int m = static_cast<int>(ring.size());
  std::vector<double> season(m);
  for (int j = 0; j < m; ++j) season[j] = ring[(steps + m - 1 - j) % m];
  return season;
}

double RunEtsFilter(EtsFilter* f) {
  switch (f->spec.trend) {
    case C::kAdditive:
      return DispatchSeason<C::kAdditive>(f);
    case C::kMultiplicative:
      return DispatchSeason<C::kMultiplicative>(f);
    default:
      return DispatchSeason<C::kNone>(f);
  }
}

void EtsDiscountPolynomial(const EtsSpec& spec, const EtsParameters& p, int period,
                           std::span<double> c) {
  const bool trend = spec.trend != C::kNone;
  const double a = p.alpha, b = trend ? p.beta : 0, phi = trend ? p.phi : 0;
  if (!spec.Seasonal()) {
    c[0] = phi * (1 - a), c[1] = -(1 + phi - a - phi * b), c[2] = 1;
    return;
  }
  // det(zI - D) = (z - 1) p(z) for ETS(A,Ad,A) (the unit root belongs to the seasonal
  // normalisation), derived symbolically from HKOS (3.1) and checked against the
  // determinant in ets_test.cc; it is the form of Hyndman, Akram & Archibald (2008)
  // with beta phi where damping multiplies the growth. The other linear seasonal
  // models are its special cases: phi = 1 undamped; beta = phi = 0 without trend
  // (which adds a zero root).
  const int m = period;
  const double g = p.gamma, bp = b * phi;
  std::fill(c.begin(), c.begin() + m + 2, a + bp - a * phi);
  c[0] = phi * (1 - a - g);
  c[1] = a + bp - a * phi + g - 1;
  c[m] = a + bp - phi;
  c[m + 1] = 1;
}

std::vector<double> EtsDiscountPolynomial(const EtsSpec& spec, const EtsParameters& p, int period) {
  std::vector<double> c(spec.Seasonal() ? period + 2 : 3);
  EtsDiscountPolynomial(spec, p, period, c);
  return c;
}

bool RootsInsideUnitCircle(std::span<double> c, std::span<double> scratch) {
  // Schur-Cohn: p of degree k has all roots inside the unit circle iff |c_0| < |c_k|
  // and so does (c_k p(z) - c_0 z^k p(1/z)) / z, of degree k - 1.
  for (std::size_t k = c.size() - 1; k >= 1; --k) {
    const double lead = c[k], constant = c[0];
    if (!(std::fabs(constant) < std::fabs(lead))) return false;
    for (std::size_t i = 0; i < k; ++i) scratch[i] = lead * c[i + 1] - constant * c[k - 1 - i];
    const double scale = scratch[k - 1];
    for (std::size_t i = 0; i < k; ++i) c[i] = scratch[i] / scale;
  }
  return true;
}

bool RootsInsideUnitCircle(std::vector<double> c) {
  std::vector<double> scratch(c.size());
  return RootsInsideUnitCircle(std::span<double>(c), scratch);
}

bool EtsAdmissible(const EtsSpec& spec, const EtsParameters& params, int period) {
  // Without a trend or season the usual region alone is admissible (0 < alpha < 2).
  if (spec.trend == C::kNone && !spec.Seasonal()) return params.alpha > 0 && params.alpha < 2;
  const std::size_t size = spec.Seasonal() ? period + 2 : 3;
  constexpr std::size_t kStack = 64;
  if (size > kStack) {
    return RootsInsideUnitCircle(EtsDiscountPolynomial(spec, params, period));
  }
  double c[kStack], scratch[kStack];  // no allocation in the optimiser's inner loop
  EtsDiscountPolynomial(spec, params, period, std::span<double>(c, size));
  return RootsInsideUnitCircle(std::span<double>(c, size), std::span<double>(scratch, size));
}

std::vector<double> EtsPointForecasts(const EtsModel& model, int horizon) {
  const EtsState& x = model.final;
  const int m = static_cast<int>(x.season.size());
  const double phi = model.params.phi;
  std::vector<double> mean(horizon);
  double phi_h = 0, phi_power = 1;
  for (int h = 1; h <= horizon; ++h) {
    phi_power *= phi;
    phi_h += phi_power;
    double q = x.level;
    if (model.spec.trend == C::kAdditive) q += phi_h * x.trend;
    if (model.spec.trend == C::kMultiplicative) q *= std::pow(x.trend, phi_h);
    double f = q;
    if (m > 0) {
      const double s = x.season[(m - h % m) % m];
      f = model.spec.season == C::kAdditive ? q + s : q * s;
    }
    mean[h - 1] = f;
  }
  return mean;
}

}  // namespace ets_internal
}  // namespace salesdesk::forecast
