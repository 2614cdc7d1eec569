// How many differences a series needs before an ARMA model fits it: the KPSS test for
// the ordinary difference d and a seasonal-strength test, on an STL decomposition, for
// the seasonal difference D. These are the defaults of the automatic ARIMA procedure of
// Hyndman & Khandakar (2008, "Automatic time series forecasting: the forecast package
// for R", Journal of Statistical Software 27(3)) in the form the R forecast package
// (version 8.x) applies them. Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

namespace salesdesk::forecast {

// True when every value equals the first to a relative tolerance of 1.5e-8 (the mean
// absolute deviation from y[0], divided by |y[0]| when |y[0]| > 1.5e-8). Empty: true.
bool IsNearlyConstant(std::span<const double> y);

// The KPSS statistic for level stationarity (Kwiatkowski, Phillips, Schmidt & Shin 1992,
// Journal of Econometrics 54:159-178, eq. 14 with the Bartlett-weighted long-run variance
// of eq. 10): eta = sum_t S_t^2 / (n^2 s^2(l)), S_t the partial sums of y - mean(y).
// `lags` >= 0 is l. Large values reject stationarity. 0 when y is constant or n < 2.
double KpssStatistic(std::span<const double> y, int lags);

// The truncation lag the forecast package uses for its KPSS test: trunc(3 sqrt(n) / 13).
int KpssLags(int n);

// The asymptotic 5% critical value of the level KPSS test (Kwiatkowski et al. 1992,
// table 1).
inline constexpr double kKpssCritical5 = 0.463;

// The number of ordinary differences d (0..max_d) after which the KPSS test at 5% no
// longer rejects level stationarity: difference while KpssStatistic > 0.463, stopping
// early when a difference makes the series constant.
int NonSeasonalDifferences(std::span<const double> y, int max_d = 2);

// An additive decomposition y = trend + seasonal + remainder.
struct Decomposition {
  std::vector<double> trend, seasonal, remainder;
};

// Parameters of STL (Cleveland, Cleveland, McRae & Terpenning 1990, "STL: a
// seasonal-trend decomposition procedure based on loess", Journal of Official Statistics
// 6(1):3-73). Windows are odd numbers of points; a jump j evaluates a loess smoother at
// every j-th point and interpolates linearly in between (section 3.5 of the paper).
// Zero for a window or jump means the paper's / R's default for that period.
struct StlOptions {
  int seasonal_window = 11;  // n_s; the forecast package's mstl() uses 11
  int seasonal_degree = 0;
  int trend_window = 0;    // default: nextodd(ceil(1.5 m / (1 - 1.5 / n_s)))
  int lowpass_window = 0;  // default: nextodd(m)
  int inner_passes = 2;    // n_i; no robustness passes (n_o = 0)
};

// STL decomposition of `y` with seasonal period `period` >= 2. Needs n > 2 * period;
// otherwise returns an empty decomposition.
Decomposition Stl(std::span<const double> y, int period, const StlOptions& options = {});

// Strength of seasonality (Wang, Smith & Hyndman 2006, Data Mining and Knowledge
// Discovery 13:335-364): max(0, min(1, 1 - Var(R) / Var(S + R))) on the STL
// decomposition above. 0 when period < 2, n <= 2 * period or y is constant.
double SeasonalStrength(std::span<const double> y, int period);

// The strength above which a seasonal difference is taken (forecast package's "seas"
// test, the default of auto.arima since version 8.5).
inline constexpr double kSeasonalStrengthThreshold = 0.64;

// The number of seasonal differences D (0..max_D): difference at lag `period` while
// SeasonalStrength > 0.64 and at least two full periods remain. 0 when period < 2,
// n <= 2 * period or the series is constant.
int SeasonalDifferences(std::span<const double> y, int period, int max_d = 1);

// y_t - y_{t-lag}, applied `times` times (empty when the series runs out).
std::vector<double> Difference(std::span<const double> y, int lag, int times = 1);

}  // namespace salesdesk::forecast
