// The table of every forecasting method, by name (the CLI's --method and the API's).
#include <algorithm>
#include <array>

#include "forecast/arima.h"
#include "forecast/auto.h"
#include "forecast/combination.h"
#include "forecast/ets.h"
#include "forecast/intermittent.h"
#include "forecast/method.h"
#include "forecast/regression.h"
#include "forecast/simple.h"
#include "forecast/theta.h"


namespace salesdesk::forecast {
namespace {

constexpr MethodInfo kMethods[] = {
    {"naive", &RunNaive, "last value carried forward"},
    {"snaive", &RunSeasonalNaive, "value of the same season one cycle back"},
    {"naive2", &RunNaive2, "naive on the seasonally adjusted series (M4 benchmark)"},
    {"drift", &RunDrift, "random walk with drift"},
    {"mean", &RunMean, "historical mean"},
    {"ma", &RunMovingAverage, "moving average of the last k observations"},
    {"ses", &RunSes, "simple exponential smoothing"},
    {"holt", &RunHolt, "Holt's linear trend"},
    {"holt_damped", &RunHoltDamped, "Holt's damped trend"},
    {"hw_add", &RunHoltWintersAdditive, "Holt-Winters, additive seasonality"},
    {"hw_mult", &RunHoltWintersMultiplicative, "Holt-Winters, multiplicative seasonality"},
    {"hw", &RunHoltWinters, "Holt-Winters, additive or multiplicative seasonality by AICc"},
    {"ets", &RunEts, "automatic exponential smoothing state-space model (AICc)"},
    {"arima", &RunAutoArima, "automatic seasonal ARIMA (Hyndman-Khandakar)"},
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
