// The Theta method and its optimised dynamic variant. Each function is a MethodFn.
#pragma once

#include "forecast/method.h"

namespace salesdesk::forecast {

// Standard Theta (Assimakopoulos & Nikolopoulos 2000), in the equivalent form shown
// by Hyndman & Billah (2003): simple exponential smoothing with drift equal to half
// the slope b of a least-squares line,
//   yhat_{n+h} = l_n + (b/2) * (h - 1 + (1 - (1 - alpha)^n) / alpha),
// with alpha and l_0 chosen by least squares (the Gaussian likelihood of ETS(A,N,N)).
// When the M4 90% ACF test finds seasonality (seasonality.h; skipped when
// options.detect_seasonality is false and period > 1) the series is first adjusted by
// classical multiplicative decomposition and the forecasts are re-seasonalised.
// Intervals: the SES state-space variance sigma^2 (1 + (h - 1) alpha^2), sigma^2 =
// SSE / (n - 2), scaled by the seasonal index (R's thetaf leaves it unscaled).
// Fewer than 3 observations: naive (noted).
Result<Forecast> RunTheta(const Series& series, int horizon, const MethodOptions& options);

// Dynamic optimised Theta model, DOTM (Fiorucci, Pellegrini, Louzada, Petropoulos &
// Koehler 2016, "Models for optimising the theta method and their relationship to
// state space models", IJF 32(4), section 3.2): theta >= 1, alpha and l_0 minimise the
// in-sample one-step squared error, and the trend line's coefficients A_t, B_t are
// updated by recursive least squares as the series unfolds:
//   mu_t = l_{t-1} + (1 - 1/theta) [(1-alpha)^{t-1} A_{t-1} + ((1-(1-alpha)^t)/alpha) B_{t-1}]
//   l_t  = alpha y_t + (1 - alpha) l_{t-1}.
// Same seasonal adjustment as RunTheta. Intervals: the SES variance sigma^2 (1 + (h-1)
// alpha^2) with sigma^2 = SSE / (n - 3), plus the variance of the extrapolated trend,
// (w (h - 1 + (1 - (1-alpha)^{n+1}) / alpha) se(B_n))^2 with w = 1 - 1/theta and
// se(B_n) the least-squares standard error of the slope: the trend is estimated, not
// known, and ignoring that makes long-horizon intervals too narrow.
// Fewer than 5 observations: standard Theta (noted).
Result<Forecast> RunOptimisedTheta(const Series& series, int horizon,
                                   const MethodOptions& options);

}  // namespace salesdesk::forecast
