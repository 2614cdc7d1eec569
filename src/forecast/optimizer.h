// Derivative-free minimisation for the forecasting models' likelihoods: the Nelder-Mead
// simplex method with restarts. Pure; thread-safe (no state outside the call).
#pragma once

#include <functional>
#include <span>
#include <vector>

namespace salesdesk::forecast::internal {

struct NelderMeadOptions {
  int max_evaluations = 2000;  // over all restarts together
  // Converged when f_worst - f_best <= abs_tolerance + rel_tolerance * |f_best| over the
  // simplex's vertices.
  double rel_tolerance = 1e-8;
  double abs_tolerance = 1e-10;
  // After convergence the simplex is rebuilt around the best point (with the initial
  // steps) up to this many times, stopping early when a restart improves f by less than
  // the tolerance. Restarts guard against a simplex that collapsed onto a subspace
  // (McKinnon 1998) and are the usual remedy (Press et al., "Numerical Recipes", 10.5).
  int restarts = 2;
};

struct NelderMeadResult {
  std::vector<double> x;  // the best point found
  double value = 0;       // f(x)
  int evaluations = 0;
  bool converged = false;  // the tolerance was met before max_evaluations
};

// Minimises `f` from `start` with the Nelder-Mead simplex method (Nelder & Mead 1965,
// Computer Journal 7:308-313) using the dimension-adaptive coefficients of Gao & Han
// (2012, Computational Optimization and Applications 51:259-277): reflection 1,
// expansion 1 + 2/d, contraction 3/4 - 1/(2d), shrink 1 - 1/d. The initial simplex is
// `start` plus `step[i]` along each axis i (a zero step is replaced by 0.1).
// `f` may return +infinity to reject a point (bounds and constraints are the caller's,
// e.g. by a transformation or a penalty); `start` should be feasible. Unconstrained,
// no derivatives. `start` and `step` must have the same size; an empty `start` returns
// f({}) after one evaluation.
NelderMeadResult MinimiseNelderMead(const std::function<double(std::span<const double>)>& f,
                                    std::vector<double> start, std::span<const double> step,
                                    const NelderMeadOptions& options = {});

}  // namespace salesdesk::forecast::internal
