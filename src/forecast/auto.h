// The `auto` method: chooses or combines methods per series from rolling-origin
// cross-validation evidence. A MethodFn.
#pragma once

#include "forecast/method.h"

namespace salesdesk::forecast {

// See auto.cc for the rules; in short:
//  - a constant series: naive (noted);
//  - an intermittent series (non-negative, at least 30% zeros): whichever of SBA, TSB
//    and naive has the least cross-validated MASE;
//  - otherwise: a combination of the pool {ets, arima, theta, otheta} (those
//    registered) weighted by inverse cross-validated MASE, with intervals from the
//    linear pool of the members' predictive distributions.
// Cost: each pool member is fitted 1 + 3 times (the whole series and 3 origins).
Result<Forecast> RunAuto(const Series& series, int horizon, const MethodOptions& options);

}  // namespace salesdesk::forecast
