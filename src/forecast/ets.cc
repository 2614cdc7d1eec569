// The ETS methods as MethodFns: input checks, the choice of candidate models and the
// documented fallbacks for data that cannot support them.
#include "forecast/ets.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "forecast/ets_model.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using ets_internal::C;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Seasonal models carry m - 1 free initial states; above this R's ets() refuses too.
constexpr int kMaxPeriod = 24;

EtsIntervalOptions IntervalOptions(const MethodOptions& options) {
  EtsIntervalOptions o;
  o.seed = options.seed;
  return o;
}

// The last resort for series too short (or too flat) to estimate anything: ETS(A,N,N)
// started at the first observation, alpha chosen by least squares when n >= 3
// (otherwise 0.5). No likelihood (aicc NaN). One observation gives zero-width
// intervals.
Result<Forecast> SimpleFallback(const Series& series, int horizon, const MethodOptions& options,
                                const std::string& why) {
  const std::vector<double>& y = series.values;
  const EtsSpec spec{C::kAdditive, C::kNone, false, C::kNone};
  EtsState x0{y[0], 0, {}};
  auto sse = [&](double alpha) {
    Result<EtsModel> m = EvaluateEts(y, 1, spec, {alpha, 0, 0, 1}, x0);
    return m.ok() ? m->sigma2 : std::numeric_limits<double>::infinity();
  };
  const double alpha = y.size() >= 3 ? internal::MinimiseScalar(sse, 1e-4, 0.9999) : 0.5;
  Result<EtsModel> model = EvaluateEts(y, 1, spec, {alpha, 0, 0, 1}, x0);
  if (!model.ok()) return model.status();
  const int n = static_cast<int>(y.size());
  // sigma2 divided by n - 2 in EvaluateEts; only alpha was estimated here.
  model->sigma2 = model->sigma2 * std::max(1, n - 2) / std::max(1, n - 1);
  Forecast f = ForecastEts(*model, horizon, IntervalOptions(options));
  f.aicc = kNaN;
  internal::AddNote(&f, why + ": simple exponential smoothing with alpha " +
                            std::to_string(alpha).substr(0, 6) + " from the first value");
  internal::Finalize(series, &f);
  return f;
}

// Why seasonal models cannot be used (empty when they can). Seasonality itself is not
// tested here: the AICc chooses between seasonal and non-seasonal models (HKOS 7.1),
// which on M3 beats gating by the ACF test (MSIS 12.85 against 13.92, sMAPE 12.98
// against 13.07), so MethodOptions::detect_seasonality does not change ETS.
std::string SeasonalObstacle(const Series& series) {
  const int m = series.period, n = static_cast<int>(series.values.size());
  if (m < 2) return "no seasonal period";
  if (m > kMaxPeriod) return "period " + std::to_string(m) + " above 24: seasonality ignored";
  if (n < 2 * m) return "fewer than two seasonal cycles: seasonality ignored";
  return {};
}

Result<Forecast> Finish(const Series& series, int horizon, const MethodOptions& options,
                        const EtsModel& model, const std::string& note) {
  Forecast f = ForecastEts(model, horizon, IntervalOptions(options));
  internal::AddNote(&f, note);
  internal::Finalize(series, &f);
  return f;
}

// Fits the first model of `chain` that the data support; each later entry is the
// fallback of the one before. Notes every fallback taken.
Result<Forecast> RunChain(const Series& series, int horizon, const MethodOptions& options,
                          std::initializer_list<const char*> chain) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const std::vector<double>& y = series.values;
  if (internal::IsConstant(y)) return SimpleFallback(series, horizon, options, "constant series");
  const std::string obstacle = SeasonalObstacle(series);
  std::string note;
  for (const char* code : chain) {
    const EtsSpec spec = EtsSpec::Parse(code).value();
    if (spec.Seasonal() && !obstacle.empty()) {
      note += (note.empty() ? "" : "; ") + spec.Name() + " not used: " + obstacle;
      continue;
    }
    Result<EtsModel> model = FitEts(y, series.period, spec);
    if (model.ok()) return Finish(series, horizon, options, *model, note);
    note += (note.empty() ? "" : "; ") + model.status().message();
  }
  return SimpleFallback(series, horizon, options, note.empty() ? "too short" : note);
}

}  // namespace

Result<Forecast> RunEts(const Series& series, int horizon, const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  const std::vector<double>& y = series.values;
  if (internal::IsConstant(y)) return SimpleFallback(series, horizon, options, "constant series");
  if (y.size() < 6) return SimpleFallback(series, horizon, options, "fewer than 6 observations");
  const std::string obstacle = SeasonalObstacle(series);
  EtsSelectOptions select;
  select.seasonal = obstacle.empty();
  Result<EtsModel> model = SelectEts(y, series.period, select);
  if (!model.ok()) return SimpleFallback(series, horizon, options, model.status().message());
  // A missing period is the common case and needs no note.
  return Finish(series, horizon, options, *model, series.period > 1 ? obstacle : "");
}

Result<Forecast> RunSes(const Series& series, int horizon, const MethodOptions& options) {
  return RunChain(series, horizon, options, {"ANN"});
}

Result<Forecast> RunHolt(const Series& series, int horizon, const MethodOptions& options) {
  return RunChain(series, horizon, options, {"AAN", "ANN"});
}

Result<Forecast> RunHoltDamped(const Series& series, int horizon, const MethodOptions& options) {
  return RunChain(series, horizon, options, {"AAdN", "AAN", "ANN"});
}

Result<Forecast> RunHoltWintersAdditive(const Series& series, int horizon,
                                        const MethodOptions& options) {
  return RunChain(series, horizon, options, {"AAA", "AAN", "ANN"});
}

Result<Forecast> RunHoltWintersMultiplicative(const Series& series, int horizon,
                                              const MethodOptions& options) {
  return RunChain(series, horizon, options, {"MAM", "AAA", "AAN", "ANN"});
}

Result<Forecast> RunHoltWinters(const Series& series, int horizon, const MethodOptions& options) {
  Result<Forecast> additive = RunHoltWintersAdditive(series, horizon, options);
  if (!additive.ok()) return additive;
  Result<Forecast> multiplicative = RunHoltWintersMultiplicative(series, horizon, options);
  if (multiplicative.ok() && std::isfinite(multiplicative->aicc) &&
      !(multiplicative->aicc >= additive->aicc)) {
    return multiplicative;
  }
  return additive;
}

}  // namespace salesdesk::forecast
