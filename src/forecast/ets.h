// Exponential smoothing in its innovations state-space form (ETS): the 30 models of
// Hyndman, Koehler, Snyder & Grose (2002, "A state space framework for automatic
// forecasting using exponential smoothing methods", International Journal of
// Forecasting 18:439-454) and Hyndman, Koehler, Ord & Snyder (2008, "Forecasting with
// Exponential Smoothing: the State Space Approach", Springer; "HKOS" below).
//
// A model ETS(E,T,S) has error E in {A, M}, trend T in {N, A, Ad, M, Md} and season
// S in {N, A, M}. Parameters (smoothing alpha, beta, gamma, damping phi) and the initial
// state x_0 are estimated by maximum likelihood (HKOS ch. 5) with our own Nelder-Mead
// optimiser; the automatic method picks the model with the smallest AICc (HKOS 7.1).
// Point forecasts are the model's forecast function; prediction intervals are analytic
// for the linear classes 1 and 2 (HKOS 6.2-6.3) and simulated otherwise (HKOS 6.1).
//
// All functions are pure and thread-safe; simulations draw from a generator seeded by
// the caller, so results are deterministic.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "forecast/method.h"

namespace salesdesk::forecast {

// ---- Methods (each a MethodFn, see method.h) ------------------------------------------

// Automatic ETS. Candidates (the restrictions of HKOS 7.1 and Hyndman & Khandakar 2008,
// which exclude numerically unstable combinations): error A with trend N/A/Ad and season
// N/A; error M with trend N/A/Ad and season N/A/M (15 models). Multiplicative-error
// models need strictly positive data; multiplicative trends are not considered (they
// forecast poorly, HKOS 7.2, and R's ets() also leaves them out by default). Seasonal
// models are candidates when the period m is in 2..24 and the series has at least 2m
// observations (otherwise noted); the AICc then decides whether the series is seasonal,
// so options.detect_seasonality has no effect here. Each candidate needs
// n >= parameters + 4; a series too short for every candidate (n < 6), or constant,
// gets simple exponential smoothing from the first value (said in Forecast::note, no
// AICc). Intervals are simulated with options.seed where no closed form exists.
Result<Forecast> RunEts(const Series& series, int horizon, const MethodOptions& options);

// Simple exponential smoothing, ETS(A,N,N).
Result<Forecast> RunSes(const Series& series, int horizon, const MethodOptions& options);
// Holt's linear trend, ETS(A,A,N). Falls back to SES when too short.
Result<Forecast> RunHolt(const Series& series, int horizon, const MethodOptions& options);
// Holt's damped trend (Gardner & McKenzie 1985), ETS(A,Ad,N).
Result<Forecast> RunHoltDamped(const Series& series, int horizon, const MethodOptions& options);
// Additive Holt-Winters, ETS(A,A,A). Falls back to Holt (noted) when the period is 1 or
// above 24 or the series has fewer than two cycles. Seasonality is not tested: choosing
// Holt-Winters says the series is seasonal.
Result<Forecast> RunHoltWintersAdditive(const Series& series, int horizon,
                                        const MethodOptions& options);
// Multiplicative Holt-Winters in its state-space form ETS(M,A,M) (HKOS 2.5.2): the
// classic recursions with a multiplicative error, so that the likelihood, the AICc and
// simulated intervals exist. Point forecasts equal the classic method's for the same
// parameters. Falls back to ETS(A,A,A) for data that are not strictly positive, and to
// Holt like the additive version.
Result<Forecast> RunHoltWintersMultiplicative(const Series& series, int horizon,
                                              const MethodOptions& options);

// Holt-Winters with the kind of seasonality chosen by the data: the additive and (for
// strictly positive data) the multiplicative form are both fitted and the lower AICc
// wins. The CLI's `--method hw`.
Result<Forecast> RunHoltWinters(const Series& series, int horizon, const MethodOptions& options);

// ---- Models ---------------------------------------------------------------------------

enum class EtsComponent { kNone, kAdditive, kMultiplicative };

// The structure of one ETS model.
struct EtsSpec {
  EtsComponent error = EtsComponent::kAdditive;  // never kNone
  EtsComponent trend = EtsComponent::kNone;
  bool damped = false;  // only with a trend
  EtsComponent season = EtsComponent::kNone;

  // "ETS(M,Ad,M)".
  std::string Name() const;
  // Parses the short code "MAdM", "ANN", ... (as R's ets(model=, damped=) spells it).
  static Result<EtsSpec> Parse(std::string_view code);
  bool Seasonal() const { return season != EtsComponent::kNone; }
  // Classes 1-2 of HKOS ch. 6: additive trend and season (any error), where the
  // forecast variance has a closed form.
  bool Linear() const;
};

// Smoothing parameters in the error-correction form of HKOS table 2.3: beta is 0
// without a trend, gamma 0 without a season, phi 1 without damping.
struct EtsParameters {
  double alpha = 0;
  double beta = 0;
  double gamma = 0;
  double phi = 1;
};

// A state x_t = (l_t, b_t, s_t, s_{t-1}, ..., s_{t-m+1}): `season[j]` is s_{t-j}, the
// order of HKOS and of R's ets()$states. `trend` is 0 when the model has none (and a
// growth rate near 1 for a multiplicative trend); `season` is empty for a non-seasonal
// model.
struct EtsState {
  double level = 0;
  double trend = 0;
  std::vector<double> season;
};

// A fitted (or evaluated) model.
struct EtsModel {
  EtsSpec spec;
  int period = 1;  // m; 1 for non-seasonal models
  EtsParameters params;
  EtsState initial;  // x_0
  EtsState final;    // x_n, where forecasting starts
  int num_observations = 0;
  int num_parameters = 0;  // estimated smoothing parameters + free initial states
  // -2 log L up to a constant, as in HKOS (5.2)/(5.3) and R's ets: n log(sum e_t^2)
  // plus 2 sum log|mu_t| for multiplicative errors.
  double neg2_log_likelihood = 0;
  double log_likelihood = 0;          // -neg2_log_likelihood / 2 (R's "loglik")
  double aic = 0, aicc = 0, bic = 0;  // with num_parameters + 1 (for sigma) parameters
  // Innovation variance: sum e_t^2 / (n - num_parameters); e_t are relative errors for
  // multiplicative-error models.
  double sigma2 = 0;
  std::vector<double> fitted;     // one-step forecasts mu_t
  std::vector<double> residuals;  // innovations e_t (y - mu, or (y - mu) / mu)
  std::string note;               // anything the caller should know (fallbacks)
};

// Runs model `spec` with given parameters and initial state through `y` and computes
// its likelihood and fitted values; num_parameters counts every smoothing parameter
// of the model and m - 1 (not m) seasonal states. kInvalidArgument when the sizes do not
// fit the spec or the model cannot run on the data (a multiplicative component meets a
// non-positive value).
Result<EtsModel> EvaluateEts(std::span<const double> y, int period, const EtsSpec& spec,
                             const EtsParameters& params, const EtsState& initial);

struct EtsFitOptions {
  // false (the default): the initial state x_0 is set by the heuristic of HKOS 2.6.1
  // and only the smoothing parameters are estimated. true: x_0 is estimated jointly by
  // maximum likelihood (HKOS 5.1). Either way AICc counts x_0's free values, as R does.
  //
  // Why the default: on the 3003 M3 series, joint estimation reaches a higher
  // likelihood on nearly every model but forecasts worse (series means: sMAPE 13.30
  // against 12.98, MASE 1.430 against 1.410, MSIS 13.07 against 12.85) and takes five
  // times as long: freeing x_0 opens corner solutions such as beta = alpha = 1 (a trend
  // equal to the last change) that the AICc rewards and the future does not. R's ets()
  // estimates x_0 too, but its simplex stops far short of such optima: it moves x_0
  // only part of the way from a similar heuristic start.
  bool optimize_initial_states = false;
  int max_evaluations = 0;  // optimiser budget; 0 chooses from the number of parameters
};

// Maximum-likelihood fit of model `spec` (HKOS ch. 5): the smoothing parameters, and
// x_0 too when options.optimize_initial_states is set. Parameters stay in the "usual"
// region of HKOS 5.2 (1e-4 <= alpha <= 0.9999, 1e-4 <= beta <= alpha,
// 1e-4 <= gamma <= 1 - alpha, 0.8 <= phi <= 0.98) and, for models with a linear
// structure, in the admissible (forecastable) region of Hyndman, Akram & Archibald
// (2008, Annals of the Institute of Statistical Mathematics 60:407-426); R applies the
// same check to every model, as do we. Seasonal initial states are normalised to sum 0
// (additive) or m (multiplicative). x_0 (or the optimiser's start for it) follows HKOS
// 2.6.1: a classical decomposition of the first (up to four) cycles for the seasonal
// states, a least-squares line through the first max(10, 2m) seasonally adjusted values
// for level and growth.
// kInvalidArgument when the data cannot support the model: a multiplicative component
// with non-positive data, a seasonal model with period < 2 or fewer than 2m
// observations, or n < num_parameters + 4 (too few for AICc; R requires the same).
Result<EtsModel> FitEts(std::span<const double> y, int period, const EtsSpec& spec,
                        const EtsFitOptions& options = {});

struct EtsSelectOptions {
  bool seasonal = true;                     // consider seasonal models (period >= 2)
  bool allow_multiplicative_trend = false;  // add M and Md trends (error M, season N/M)
  EtsFitOptions fit;
};

// The candidate models of RunEts (see there) for `y`, each fitted, and the one with the
// smallest AICc returned. kInvalidArgument when no candidate can be fitted.
Result<EtsModel> SelectEts(std::span<const double> y, int period,
                           const EtsSelectOptions& options = {});

struct EtsIntervalOptions {
  std::uint64_t seed = 42;  // simulation seed
  int paths = 5000;         // sample paths when intervals are simulated
  bool simulate = false;    // simulate even for the linear classes
};

// Point forecasts (the forecast function of HKOS 2.5) with 80% and 95% prediction
// intervals for steps 1..horizon after the data, and the in-sample fitted values.
// Intervals: HKOS 6.2 class 1 (additive error) Gaussian with
// v_h = sigma^2 (1 + sum_{j<h} c_j^2); class 2 (multiplicative error, linear states)
// Gaussian with v_h = (1 + sigma^2) theta_h - mu_h^2 (HKOS 6.3); other models: quantiles
// of `paths` simulated sample paths (HKOS 6.1). Forecast::method is spec.Name().
Forecast ForecastEts(const EtsModel& model, int horizon, const EtsIntervalOptions& options = {});

}  // namespace salesdesk::forecast
