// The table of every forecasting method, by name. ETS and ARIMA live in their own
// units (ets.h, arima.h); their entries are compiled in only when those headers exist,
// so the engine builds while they are being written (define SALESDESK_NO_ETS or
// SALESDESK_NO_ARIMA to leave one out while its header exists but its code does not link).
#include <algorithm>
#include <array>

#include "forecast/auto.h"
#include "forecast/combination.h"
#include "forecast/intermittent.h"
#include "forecast/method.h"
#include "forecast/regression.h"
#include "forecast/simple.h"
#include "forecast/theta.h"

#if __has_include("forecast/ets.h") && !defined(SALESDESK_NO_ETS)
#include "forecast/ets.h"
#define SALESDESK_HAVE_ETS 1
#endif
#if __has_include("forecast/arima.h") && !defined(SALESDESK_NO_ARIMA)
#include "forecast/arima.h"
#define SALESDESK_HAVE_ARIMA 1
#endif

namespace salesdesk::forecast {
namespace {

constexpr MethodInfo kMethods[] = {
    {"naive", &RunNaive, "last value carried forward"},
    {"snaive", &RunSeasonalNaive, "value of the same season one cycle back"},
    {"naive2", &RunNaive2, "naive on the seasonally adjusted series (M4 benchmark)"},
    {"drift", &RunDrift, "random walk with drift"},
    {"mean", &RunMean, "historical mean"},
    {"ma", &RunMovingAverage, "moving average of the last k observations"},
#ifdef SALESDESK_HAVE_ETS
    {"ses", &RunSes, "simple exponential smoothing"},
    {"holt", &RunHolt, "Holt's linear trend"},
    {"holt_damped", &RunHoltDamped, "Holt's damped trend"},
    {"hw_add", &RunHoltWintersAdditive, "Holt-Winters, additive seasonality"},
    {"hw_mult", &RunHoltWintersMultiplicative, "Holt-Winters, multiplicative seasonality"},
    {"ets", &RunEts, "automatic exponential smoothing state-space model (AICc)"},
#endif
#ifdef SALESDESK_HAVE_ARIMA
    {"arima", &RunAutoArima, "automatic seasonal ARIMA (Hyndman-Khandakar)"},
#endif
    {"theta", &RunTheta, "Theta method (SES with drift)"},
    {"otheta", &RunOptimisedTheta, "dynamic optimised Theta (Fiorucci et al. 2016)"},
    {"croston", &RunCroston, "Croston's method for intermittent demand"},
    {"sba", &RunSba, "Syntetos-Boylan approximation"},
    {"tsb", &RunTsb, "Teunter-Syntetos-Babai intermittent demand method"},
    {"lm", &RunLinearRegression, "linear regression on trend and seasonal dummies"},
    {"comb", &RunComb, "equal-weight combination of ETS, ARIMA and Theta"},
    {"comb_median", &RunCombMedian, "median combination of ETS, ARIMA and Theta"},
    {"comb_cv", &RunCombCv, "combination weighted by cross-validated error"},
    {"auto", &RunAuto, "chooses or combines methods per series from cross-validation"},
};

}  // namespace

std::span<const MethodInfo> Methods() { return kMethods; }

const MethodInfo* FindMethod(std::string_view name) {
  const auto it = std::find_if(std::begin(kMethods), std::end(kMethods),
                               [&](const MethodInfo& m) { return m.name == name; });
  return it == std::end(kMethods) ? nullptr : &*it;
}

}  // namespace salesdesk::forecast
