// Linear regression on a time trend and seasonal dummies (the model of R's
// forecast::tslm(y ~ trend + season)). A MethodFn.
#pragma once

#include "forecast/method.h"

namespace salesdesk::forecast {

// Ordinary least squares y_t = b0 + b1 t + sum_k s_k d_{k,t} + e_t, with one dummy per
// season except the first when the series is seasonal (period > 1 and, when
// options.detect_seasonality, the M4 90% ACF test passes) and long enough (n >= period
// + 3); trend only otherwise (noted when a period had to be dropped). Prediction
// intervals are exact under Gaussian errors: yhat -+ t_{n-p} s sqrt(1 + x0' (X'X)^-1 x0)
// (e.g. Hyndman & Athanasopoulos FPP3 section 7.6). Fewer than 3 observations: mean.
Result<Forecast> RunLinearRegression(const Series& series, int horizon,
                                     const MethodOptions& options);

}  // namespace salesdesk::forecast
