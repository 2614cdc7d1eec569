// Methods for intermittent demand (many zero periods). Each function is a MethodFn.
// The series must not be negative; one that is falls back to naive (noted).
//
// Intervals: Croston-type methods have no consistent stochastic model (Shenstone &
// Hyndman 2005), so the intervals here are approximate: mean -+ z * sigma *
// sqrt(1 + (h - 1) a^2), with sigma the RMS of the in-sample one-step errors and a
// the smoothing weight, floored at zero. They are a guide, not a calibrated model.
#pragma once

#include "forecast/method.h"

namespace salesdesk::forecast {

// Croston (1972): simple exponential smoothing (alpha = 0.1, initial value = first
// observation, as R's forecast::croston) of the non-zero demand sizes and of the
// intervals between them; forecast = size / interval. No demand at all: zero.
Result<Forecast> RunCroston(const Series& series, int horizon, const MethodOptions& options);

// Syntetos-Boylan approximation (Syntetos & Boylan 2005): Croston times (1 - alpha/2),
// which removes Croston's positive bias.
Result<Forecast> RunSba(const Series& series, int horizon, const MethodOptions& options);

// Teunter, Syntetos & Babai (2011): the probability of demand is smoothed every period
// (weight beta) and the size whenever demand occurs (weight alpha); forecast = p * z.
// p_0 = share of non-zero periods, z_0 = mean non-zero size; alpha and beta from
// {0.05, 0.1, ..., 0.3} by least in-sample squared one-step error.
Result<Forecast> RunTsb(const Series& series, int horizon, const MethodOptions& options);

}  // namespace salesdesk::forecast
