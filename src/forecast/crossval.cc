#include "forecast/crossval.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "forecast/accuracy.h"

namespace salesdesk::forecast {

Result<CrossValidation> CrossValidate(const Series& series, MethodFn method,
                                      const MethodOptions& method_options,
                                      const CrossValidationOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, options.horizon));
  if (options.origins < 1 || options.step < 1) {
    return Status::Invalid("origins and step must be at least 1", "origins");
  }
  const int n = static_cast<int>(series.values.size());
  const int min_train = options.min_train > 0 ? options.min_train
                                              : std::max(4, 2 * series.period);
  const int last = std::max(min_train, n - options.horizon);
  if (last >= n) return Status::Invalid("the series is too short for cross-validation", "values");
  CrossValidation cv;
  cv.scale = MaseScale(series.values, series.period);
  for (int k = 0; k < options.origins; ++k) {
    const int origin = last - k * options.step;
    if (origin < min_train) break;
    const int h = std::min(options.horizon, n - origin);
    Series train{{series.values.begin(), series.values.begin() + origin}, series.period};
    Result<Forecast> f = method(train, h, method_options);
    if (!f.ok()) return f.status();
    Fold fold;
    fold.origin = origin;
    fold.actual.assign(series.values.begin() + origin, series.values.begin() + origin + h);
    fold.forecast = std::move(f).value();
    cv.folds.push_back(std::move(fold));
  }
  return cv;
}

CvScore Score(const CrossValidation& cv) {
  CvScore s;
  for (const Fold& fold : cv.folds) {
    const Forecast& f = fold.forecast;
    const double smape = Smape(fold.actual, f.mean);
    const bool scaled = std::isfinite(cv.scale);
    s.smape += smape;
    s.mase += scaled ? Mase(fold.actual, f.mean, cv.scale) : smape / 200;
    s.msis += scaled ? Msis(fold.actual, f.lo95, f.hi95, cv.scale) : 0;
    s.coverage95 += Coverage(fold.actual, f.lo95, f.hi95);
    ++s.folds;
  }
  if (s.folds > 0) {
    for (double* v : {&s.mase, &s.smape, &s.msis, &s.coverage95}) *v /= s.folds;
  }
  return s;
}

}  // namespace salesdesk::forecast
