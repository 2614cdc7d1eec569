// Rolling-origin cross-validation (Tashman 2000, "Out-of-sample tests of forecasting
// accuracy", IJF 16(4)): a method is refitted on y_1..y_o for several origins o and
// its forecasts compared with y_{o+1}..y_{o+h}. Pure; thread-safe.
#pragma once

#include <vector>

#include "forecast/method.h"

namespace salesdesk::forecast {

struct CrossValidationOptions {
  int horizon = 1;    // steps forecast from each origin (>= 1)
  int origins = 3;    // how many origins, at most
  int step = 1;       // distance between consecutive origins (>= 1)
  int min_train = 0;  // shortest training part; 0 means max(4, 2 * period)
};

// One origin: the training length, the held-out actuals (up to `horizon` of them; fewer
// when the origin is near the end) and the method's forecast for them.
struct Fold {
  int origin = 0;
  std::vector<double> actual;
  Forecast forecast;
};

struct CrossValidation {
  std::vector<Fold> folds;  // latest origin first
  double scale = 0;         // MaseScale of the whole series (NaN when undefined)
};

// Origins are o_k = max(min_train, n - horizon) - k * step for k = 0..origins-1, while
// o_k >= min_train. kInvalidArgument when the series is too short for a single origin
// or the options are out of range; the method's own failure is returned as is.
Result<CrossValidation> CrossValidate(const Series& series, MethodFn method,
                                      const MethodOptions& method_options,
                                      const CrossValidationOptions& options);

// Mean per-fold accuracy (each fold counts once; measures as in accuracy.h, scaled by
// CrossValidation::scale, falling back to sMAPE/200 when the scale is undefined).
struct CvScore {
  double mase = 0, smape = 0, msis = 0, coverage95 = 0;
  int folds = 0;
};
CvScore Score(const CrossValidation& cv);

}  // namespace salesdesk::forecast
