// Automatic ARIMA: Hyndman & Khandakar (2008), section 3.2 ("Algorithm"), with the
// choices the forecast package (8.x) makes where the paper leaves them open.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

#include "forecast/arima.h"
#include "forecast/arima_internal.h"
#include "forecast/unit_root.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLog2Pi = 1.8378770664093453;
// Models with an AR or MA root closer to the unit circle than this are rejected (near
// non-stationary or non-invertible; the forecast package's threshold).
constexpr double kMinRoot = 1.01;

bool RootsClear(const ArimaModel& m) {
  const double seasonal = std::pow(kMinRoot, std::max(1, m.order.period));
  std::vector<double> ma(m.ma), sma(m.seasonal_ma);
  for (double& v : ma) v = -v;
  for (double& v : sma) v = -v;
  return arima_internal::RootsOutside(m.ar, kMinRoot) &&
         arima_internal::RootsOutside(ma, kMinRoot) &&
         arima_internal::RootsOutside(m.seasonal_ar, seasonal) &&
         arima_internal::RootsOutside(sma, seasonal);
}

struct Tried {
  int p, q, sp, sq;
  bool constant;
  double ic;
};

// The fitted candidates of one search and the best so far.
class Candidates {
 public:
  Candidates(std::span<const double> y, const ArimaOrder& base, bool approximate, double offset,
             bool use_aic)
      : y_(y), base_(base), approximate_(approximate), offset_(offset), use_aic_(use_aic) {}

  bool Seen(int p, int q, int sp, int sq, bool constant) const {
    return std::any_of(tried_.begin(), tried_.end(), [&](const Tried& t) {
      return t.p == p && t.q == q && t.sp == sp && t.sq == sq && t.constant == constant;
    });
  }

  // Fits the candidate, records it and returns its criterion (+inf when rejected).
  double Fit(int p, int q, int sp, int sq, bool constant) {
    ArimaOrder o = Order(p, q, sp, sq, constant);
    const ArimaEstimation how = approximate_ ? ArimaEstimation::kConditionalSumOfSquares
                                             : ArimaEstimation::kExactLikelihood;
    double ic = kInf;
    std::optional<ArimaModel> model = Evaluate(o, how, &ic);
    tried_.push_back({p, q, sp, sq, constant, ic});
    if (model && ic < best_ic_) best_ic_ = ic, best_ = std::move(model);
    return ic;
  }

  // With the approximation: refits candidates by exact likelihood, best criterion first,
  // and keeps the first that passes (the paper's final step).
  void RefitExactly() {
    if (!approximate_) return;
    std::vector<Tried> order = tried_;
    std::stable_sort(order.begin(), order.end(),
                     [](const Tried& a, const Tried& b) { return a.ic < b.ic; });
    best_.reset(), best_ic_ = kInf;
    for (const Tried& t : order) {
      double ic = kInf;
      std::optional<ArimaModel> m =
          Evaluate(Order(t.p, t.q, t.sp, t.sq, t.constant), ArimaEstimation::kExactLikelihood, &ic);
      if (m && ic < kInf) {
        best_ = std::move(m), best_ic_ = ic;
        return;
      }
    }
  }

  double best_ic() const { return best_ic_; }
  const std::optional<ArimaModel>& best() const { return best_; }
  int count() const { return static_cast<int>(tried_.size()); }

 private:
  ArimaOrder Order(int p, int q, int sp, int sq, bool constant) const {
    ArimaOrder o = base_;
    o.p = p, o.q = q, o.seasonal_p = sp, o.seasonal_q = sq, o.constant = constant;
    return o;
  }

  std::optional<ArimaModel> Evaluate(const ArimaOrder& o, ArimaEstimation how, double* ic) {
    const bool exact = how == ArimaEstimation::kExactLikelihood;
    if (exact && arima_internal::CssSuggestsUnitRoot(y_, o)) return std::nullopt;
    const bool warm = best_ && exact && !approximate_;
    Result<ArimaModel> fit =
        warm ? arima_internal::FitArimaNear(y_, o, *best_) : FitArima(y_, o, how);
    if (!fit.ok()) return std::nullopt;
    ArimaModel& m = fit.value();
    const double npar = m.num_coefficients + 1.0, n = m.num_used;
    double aic = m.aic;
    if (how == ArimaEstimation::kConditionalSumOfSquares) {
      // AIC with the CSS variance and the offset that makes it comparable with ML fits.
      aic = offset_ - 2 * m.loglik - n * (kLog2Pi + 1) + 2 * npar;
    }
    double value = aic;
    if (!use_aic_) value = n - npar - 1 > 0 ? aic + 2 * npar * (npar + 1) / (n - npar - 1) : kInf;
    if (std::isnan(value) || !RootsClear(m)) value = kInf;
    *ic = value;
    return std::move(m);
  }

  std::span<const double> y_;
  ArimaOrder base_;
  bool approximate_;
  double offset_;
  bool use_aic_;
  std::vector<Tried> tried_;
  std::optional<ArimaModel> best_;
  double best_ic_ = kInf;
};

struct Limits {
  int max_p, max_q, max_sp, max_sq, max_models;
};

struct Move {
  int dp, dq, dsp, dsq;
};

// The paper's neighbourhood, in the order the forecast package tries it: seasonal orders
// first, then non-seasonal ones; single steps, then joint steps.
constexpr Move kMoves[] = {
    {0, 0, -1, 0},  {0, 0, 0, -1}, {0, 0, 1, 0},  {0, 0, 0, 1},  {0, 0, -1, -1}, {0, 0, -1, 1},
    {0, 0, 1, -1},  {0, 0, 1, 1},  {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0},   {0, 1, 0, 0},
    {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0},
};

struct Position {
  int p, q, sp, sq;
  bool constant;
};

// Step 2 of the algorithm: repeatedly move to the best-improving neighbour (first
// improvement in kMoves order), then try toggling the constant, until nothing improves
// or the model budget is spent.
void Stepwise(Candidates& c, Position pos, const Limits& lim, bool may_toggle_constant) {
  int k = c.count();
  int start_k = 0;
  auto inside = [&](int p, int q, int sp, int sq) {
    return p >= 0 && q >= 0 && sp >= 0 && sq >= 0 && p <= lim.max_p && q <= lim.max_q &&
           sp <= lim.max_sp && sq <= lim.max_sq;
  };
  while (start_k < k && k < lim.max_models) {
    start_k = k;
    bool moved = false;
    for (const Move& mv : kMoves) {
      const int p = pos.p + mv.dp, q = pos.q + mv.dq, sp = pos.sp + mv.dsp, sq = pos.sq + mv.dsq;
      if (!inside(p, q, sp, sq) || c.Seen(p, q, sp, sq, pos.constant)) continue;
      if (++k > lim.max_models) break;
      const double best = c.best_ic();
      if (c.Fit(p, q, sp, sq, pos.constant) < best) {
        pos.p = p, pos.q = q, pos.sp = sp, pos.sq = sq;
        moved = true;
        break;
      }
    }
    if (moved || k > lim.max_models || !may_toggle_constant) continue;
    if (c.Seen(pos.p, pos.q, pos.sp, pos.sq, !pos.constant)) continue;
    if (++k > lim.max_models) continue;
    const double best = c.best_ic();
    if (c.Fit(pos.p, pos.q, pos.sp, pos.sq, !pos.constant) < best) pos.constant = !pos.constant;
  }
}

// Step 1: the four (or five) starting models; returns where the search continues.
Position StartingModels(Candidates& c, Position start, const Limits& lim, int period) {
  Position pos = start;
  c.Fit(start.p, start.q, start.sp, start.sq, start.constant);
  double best = c.best_ic();
  if (c.Fit(0, 0, 0, 0, start.constant) < best) pos = {0, 0, 0, 0, start.constant};
  best = c.best_ic();
  if (lim.max_p > 0 || lim.max_sp > 0) {
    const int p = lim.max_p > 0, sp = period > 1 && lim.max_sp > 0;
    if (c.Fit(p, 0, sp, 0, start.constant) < best) pos = {p, 0, sp, 0, start.constant};
    best = c.best_ic();
  }
  if (lim.max_q > 0 || lim.max_sq > 0) {
    const int q = lim.max_q > 0, sq = period > 1 && lim.max_sq > 0;
    if (c.Fit(0, q, 0, sq, start.constant) < best) pos = {0, q, 0, sq, start.constant};
    best = c.best_ic();
  }
  // The null model without its constant. When it wins, the forecast package moves to
  // (0, 0, 0, 0) but keeps the constant for the neighbours it tries next; we do the same.
  if (start.constant && c.Fit(0, 0, 0, 0, false) < best) pos = {0, 0, 0, 0, start.constant};
  return pos;
}

Result<ArimaModel> Fixed(std::span<const double> y, ArimaOrder o, double mu) {
  arima_internal::FixedCoefficients fixed;
  fixed.mu = mu;
  return arima_internal::EvaluateArima(y, o, fixed);
}

double MeanOf(std::span<const double> v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// The differenced series is constant: the data follow a polynomial (plus seasonality),
// and the forecast package fits the matching model with its constant fixed.
Result<ArimaModel> DeterministicModel(std::span<const double> y, ArimaOrder o,
                                      std::span<const double> dx) {
  o.constant = (o.seasonal_d > 0 && o.d == 0) || (o.seasonal_d == 0 && o.d < 2);
  return Fixed(y, o, o.constant ? MeanOf(dx) : 0.0);
}

// When no candidate could be fitted: the simplest model that can be, in this order.
Result<ArimaModel> FallbackModel(std::span<const double> y, const ArimaOrder& base, bool constant) {
  ArimaOrder o = base;
  for (bool c : {constant, false}) {
    o.constant = c;
    Result<ArimaModel> m = FitArima(y, o);
    if (m.ok()) return m;
  }
  ArimaOrder naive;
  naive.d = 1;
  return y.size() >= 2 ? FitArima(y, naive) : Fixed(y, ArimaOrder{.constant = true}, y[0]);
}

struct Differencing {
  int d = 0, D = 0;
};

Differencing ChooseDifferences(std::span<const double> y, int m, const AutoArimaOptions& opt) {
  Differencing diff;
  const int n = static_cast<int>(y.size());
  if (m > 1 && n > 2 * m) diff.D = SeasonalDifferences(y, m, opt.max_seasonal_d);
  const std::vector<double> dx = Difference(y, m, diff.D);
  diff.d = NonSeasonalDifferences(dx, opt.max_d);
  while (diff.d > 0 && Difference(dx, 1, diff.d).empty()) --diff.d;
  return diff;
}

Status CheckSeries(std::span<const double> y, int period) {
  if (y.empty()) return Status::Invalid("the series has no observations", "values");
  for (double v : y) {
    if (!std::isfinite(v)) return Status::Invalid("the series has a non-finite value", "values");
  }
  if (period < 1) return Status::Invalid("the seasonal period must be at least 1", "period");
  return Status::Ok();
}

// -2 log L - n log sigma2 of ARIMA(0,d,0)(0,D,0): converts CSS variances into AICs.
double CssOffset(std::span<const double> y, const ArimaOrder& base) {
  ArimaOrder o = base;
  o.constant = false;
  Result<ArimaModel> m = FitArima(y, o);
  if (!m.ok()) return 0;
  return -2 * m->loglik - static_cast<double>(y.size()) * std::log(m->sigma2);
}

// The forecast package's bounds: the defaults, at most n/3 (n/3m for seasonal terms),
// and p, q < m when seasonal terms may enter.
Limits SearchLimits(int n, int m, const AutoArimaOptions& opt) {
  Limits lim{std::min(opt.max_p, n / 3), std::min(opt.max_q, n / 3),
             m > 1 ? std::min(opt.max_seasonal_p, n / 3 / m) : 0,
             m > 1 ? std::min(opt.max_seasonal_q, n / 3 / m) : 0, opt.max_models};
  if (m > 1 && lim.max_sp > 0) lim.max_p = std::min(lim.max_p, m - 1);
  if (m > 1 && lim.max_sq > 0) lim.max_q = std::min(lim.max_q, m - 1);
  return lim;
}

// Steps 1 and 2 of the algorithm on a series whose differences are chosen.
Result<AutoArimaResult> Search(std::span<const double> y, const ArimaOrder& base,
                               const AutoArimaOptions& opt) {
  const int n = static_cast<int>(y.size()), m = base.period;
  const Limits lim = SearchLimits(n, m, opt);
  const int diffs = base.d + base.seasonal_d;
  const bool approximate = opt.approximation < 0 ? (n > 150 || m > 12) : opt.approximation > 0;
  const bool constant = (opt.allow_drift && diffs == 1) || (opt.allow_mean && diffs == 0);
  Candidates c(y, base, approximate, approximate ? CssOffset(y, base) : 0.0, n <= 3);
  const bool small = n < 10;
  const Position start{std::min(small ? 1 : opt.start_p, lim.max_p),
                       std::min(small ? 1 : opt.start_q, lim.max_q),
                       std::min(small ? 0 : opt.start_seasonal_p, lim.max_sp),
                       std::min(small ? 0 : opt.start_seasonal_q, lim.max_sq), constant};
  Stepwise(c, StartingModels(c, start, lim, m), lim, constant);
  c.RefitExactly();
  AutoArimaResult out;
  out.models_fitted = c.count();
  if (c.best() && c.best_ic() < kInf) {
    out.model = *c.best();
    return out;
  }
  SD_ASSIGN_OR_RETURN(out.model, FallbackModel(y, base, constant));
  out.note =
      "no ARIMA model could be fitted by AICc (too few observations): " + out.model.Describe() +
      " used";
  return out;
}

}  // namespace

Result<AutoArimaResult> AutoArima(std::span<const double> y, int period,
                                  const AutoArimaOptions& opt) {
  SD_RETURN_IF_ERROR(CheckSeries(y, period));
  AutoArimaResult out;
  if (IsNearlyConstant(y)) {
    SD_ASSIGN_OR_RETURN(out.model, Fixed(y, ArimaOrder{.constant = true}, MeanOf(y)));
    out.note = "constant series: its mean is forecast with zero-width intervals";
    return out;
  }
  const int m = opt.seasonal ? period : 1;
  const Differencing diff = ChooseDifferences(y, m, opt);
  const ArimaOrder base{.d = diff.d, .seasonal_d = diff.D, .period = m};
  const std::vector<double> dx = Difference(Difference(y, m, diff.D), 1, diff.d);
  if (!dx.empty() && !IsNearlyConstant(dx)) return Search(y, base, opt);
  Result<ArimaModel> det = DeterministicModel(y, base, dx);
  if (!det.ok()) det = FallbackModel(y, base, false);
  SD_ASSIGN_OR_RETURN(out.model, std::move(det));
  out.note = "the differenced series is constant: " + out.model.Describe() + " without search";
  if (out.model.sigma2 == 0) out.note += " (exact extrapolation, zero-width intervals)";
  return out;
}

Result<Forecast> RunAutoArima(const Series& series, int horizon, const MethodOptions&) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  SD_ASSIGN_OR_RETURN(AutoArimaResult r, AutoArima(series.values, series.period));
  Forecast f = ForecastArima(r.model, horizon);
  internal::AddNote(&f, r.note);
  internal::Finalize(series, &f);
  return f;
}

Result<Forecast> RunArima(const Series& series, const ArimaOrder& order, int horizon) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  SD_ASSIGN_OR_RETURN(ArimaModel model, FitArima(series.values, order));
  Forecast f = ForecastArima(model, horizon);
  internal::Finalize(series, &f);
  return f;
}

}  // namespace salesdesk::forecast
