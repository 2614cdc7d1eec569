// Forecast combination (Bates & Granger 1969; Clemen 1989): several methods' forecasts
// merged into one. Pure; thread-safe.
//
// Intervals are combined bound by bound, i.e. each quantile is averaged (or its median
// taken) across members. Averaging quantiles rather than probabilities keeps the
// members' calibration and gives sharper intervals than a mixture (Lichtendahl,
// Grushka-Cockayne & Winkler 2013, "Is it better to average probabilities or
// quantiles?", Management Science 59(7)).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "forecast/method.h"

namespace salesdesk::forecast {

enum class CombineRule {
  kMean,      // equal weights
  kMedian,    // per step and per bound, the median across members
  kWeighted,  // weights as given (normalised to sum 1)
};

// The linear opinion pool of the members' predictive distributions ("averaging
// probabilities", Stone 1961): each member is read as a split normal whose two
// standard deviations come from its 95% bounds, the weighted mixture's 2.5%, 10%, 90%
// and 97.5% quantiles replace f's bounds (its mean is kept). The mixture's spread
// includes the members' disagreement (law of total variance), so it is wider than a
// quantile average; Lichtendahl et al. (2013) show it is the better choice when the
// members are overconfident, as model-based intervals are on real data.
// With df > 0 each member is a split Student t with df degrees of freedom instead
// (scale from its 95% bounds read as normal): a member's sigma is itself estimated,
// and with an estimated normal variance the predictive distribution is Student t
// (Chatfield 1993, "Calculating interval forecasts", JBES 11(2)).
void PoolIntervals(std::span<const Forecast> members, std::span<const double> weights,
                   Forecast* f, double df = 0);

// Combines members of equal horizon. `weights` is used only by kWeighted and must have
// one non-negative entry per member with a positive sum (otherwise equal weights).
// The members' notes are not copied; `method` lists the members' methods.
Forecast Combine(std::span<const Forecast> members, CombineRule rule,
                 std::span<const double> weights = {});

// The members of "comb": ETS, ARIMA and Theta (the combination that Makridakis et al.
// 2020 used as the M4 "Comb" benchmark in its SHD form), restricted to those
// registered; optimised Theta and Naive2 fill in when fewer than two are registered.
std::vector<const MethodInfo*> DefaultMembers();

// Runs `members` on the series and combines them by `rule` (kWeighted: weights
// proportional to 1 / cross-validated MASE, Stock & Watson 2004's inverse-MSE idea
// with absolute errors, from 3 rolling origins; equal weights when the series is too
// short to cross-validate, noted). Members that fail are left out (noted); all
// failing is an error.
Result<Forecast> RunCombinationOf(const Series& series, int horizon, const MethodOptions& options,
                                  std::span<const MethodInfo* const> members, CombineRule rule);

// MethodFns over DefaultMembers(): mean, median, CV-weighted.
Result<Forecast> RunComb(const Series& series, int horizon, const MethodOptions& options);
Result<Forecast> RunCombMedian(const Series& series, int horizon, const MethodOptions& options);
Result<Forecast> RunCombCv(const Series& series, int horizon, const MethodOptions& options);

}  // namespace salesdesk::forecast
