// Seasonality detection and classical multiplicative decomposition, as used by the
// Theta method and by the M4 competition's Naive2 benchmark. Pure; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace salesdesk::forecast {

// Sample autocorrelations r_1..r_max_lag (the usual biased estimator: autocovariance
// divided by n, Box & Jenkins 1976). r_k = 0 when the series is constant or k >= n.
std::vector<double> Autocorrelations(std::span<const double> y, int max_lag);

// The M4 competition's seasonality test (Makridakis, Spiliotis & Assimakopoulos 2020,
// also Assimakopoulos & Nikolopoulos 2000): seasonal at 90% when
//   |r_m| > 1.645 * sqrt((1 + 2 * sum_{i<m} r_i^2) / n).
// False when period <= 1, n < 3 * period, or the series is constant.
bool IsSeasonal(std::span<const double> y, int period);

// Result of a classical multiplicative decomposition: `index[k]` is the seasonal index
// of observations at positions t with t % period == k (t 0-based from the series
// start); indices average 1. `adjusted[t] = y[t] / index[t % period]`.
struct SeasonalAdjustment {
  int period = 1;
  std::vector<double> index;
  std::vector<double> adjusted;
  // The index applying to the observation `steps` after the last one (steps >= 1) of a
  // series of `n` observations.
  double IndexAfter(int n, int steps) const { return index[(n - 1 + steps) % period]; }
};

// Classical multiplicative decomposition (Kendall & Stuart; Makridakis, Wheelwright &
// Hyndman 1998, ch. 3): centred moving average of order m (2 x m when m is even) as
// trend, ratios to it averaged by season and normalised to mean 1. Needs period >= 2,
// n >= 2 * period and strictly positive values; otherwise (or when an index would be
// below 1e-4) returns an identity adjustment and sets `why` to the reason.
SeasonalAdjustment MultiplicativeAdjustment(std::span<const double> y, int period,
                                            std::string* why = nullptr);

// The adjustment used by Theta and Naive2: MultiplicativeAdjustment when IsSeasonal
// (and `detect` is true, else whenever period > 1 and the data allow), identity
// otherwise. `why` receives a note when a seasonal period could not be used.
SeasonalAdjustment AdjustIfSeasonal(std::span<const double> y, int period, bool detect,
                                    std::string* why = nullptr);

}  // namespace salesdesk::forecast
