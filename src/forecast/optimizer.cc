#include "forecast/optimizer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace salesdesk::forecast::internal {
namespace {

using Objective = std::function<double(std::span<const double>)>;

// One Nelder-Mead run. Vertices live in one flat array and the centroid is kept as a
// running sum, so an iteration costs O(d) plus its evaluations and allocates nothing.
// `evaluations` is shared with the caller so that the budget covers all restarts.
class SimplexRun {
 public:
  SimplexRun(const Objective& f, const NelderMeadOptions& options, int d, int* evaluations)
      : f_(f),
        options_(options),
        d_(d),
        evaluations_(evaluations),
        x_((d + 1) * d),
        fx_(d + 1),
        order_(d + 1),
        sum_(d),
        trial_(3 * d) {
    const double dd = d;
    chi_ = 1 + 2 / dd, psi_ = 0.75 - 0.5 / dd, sigma_ = 1 - 1 / dd;
    if (d == 1) psi_ = 0.5, sigma_ = 0.5;
  }

  // Runs from `start` (value f_start); returns the best value and writes its point
  // to `best`. Sets *converged when the tolerance was met.
  double Run(std::span<double> best, double f_start, std::span<const double> step,
             bool* converged) {
    for (int v = 0; v <= d_; ++v) {
      std::copy(best.begin(), best.end(), Vertex(v));
      if (v > 0) Vertex(v)[v - 1] += step[v - 1] != 0 ? step[v - 1] : 0.1;
      fx_[v] = v == 0 ? f_start : Eval(Vertex(v));
      order_[v] = v;
    }
    RecomputeSum();
    *converged = false;
    while (*evaluations_ < options_.max_evaluations) {
      std::sort(order_.begin(), order_.end(), [&](int a, int b) { return fx_[a] < fx_[b]; });
      const double lo = fx_[order_[0]], hi = fx_[order_[d_]];
      if (hi - lo <= options_.abs_tolerance + options_.rel_tolerance * std::fabs(lo)) {
        *converged = true;
        break;
      }
      Iterate();
    }
    const int b = *std::min_element(order_.begin(), order_.end(),
                                    [&](int a, int c) { return fx_[a] < fx_[c]; });
    std::copy(Vertex(b), Vertex(b) + d_, best.begin());
    return fx_[b];
  }

 private:
  double* Vertex(int v) { return x_.data() + static_cast<std::size_t>(v) * d_; }
  double* Trial(int k) { return trial_.data() + static_cast<std::size_t>(k) * d_; }

  double Eval(const double* x) {
    ++*evaluations_;
    const double v = f_(std::span<const double>(x, d_));
    return std::isnan(v) ? HUGE_VAL : v;
  }

  void RecomputeSum() {
    std::fill(sum_.begin(), sum_.end(), 0.0);
    for (int v = 0; v <= d_; ++v) {
      for (int i = 0; i < d_; ++i) sum_[i] += Vertex(v)[i];
    }
  }

  // out = c + t (x - c), with c the centroid of all vertices but `worst`.
  void Along(const double* x, int worst, double t, double* out) {
    const double* w = Vertex(worst);
    for (int i = 0; i < d_; ++i) {
      const double c = (sum_[i] - w[i]) / d_;
      out[i] = c + t * (x[i] - c);
    }
  }

  void Replace(int v, const double* x, double fx) {
    double* p = Vertex(v);
    for (int i = 0; i < d_; ++i) sum_[i] += x[i] - p[i], p[i] = x[i];
    fx_[v] = fx;
  }

  // One reflection / expansion / contraction / shrink step on the sorted simplex.
  void Iterate() {
    const int best = order_[0], worst = order_[d_], second = order_[d_ - 1];
    double* r = Trial(0);
    Along(Vertex(worst), worst, -1, r);
    const double fr = Eval(r);
    if (fr < fx_[best]) {
      double* e = Trial(1);
      Along(r, worst, chi_, e);
      const double fe = Eval(e);
      return fe < fr ? Replace(worst, e, fe) : Replace(worst, r, fr);
    }
    if (fr < fx_[second]) return Replace(worst, r, fr);
    const bool outside = fr < fx_[worst];
    double* k = Trial(2);
    Along(outside ? r : Vertex(worst), worst, psi_, k);
    const double fk = Eval(k);
    if (outside ? fk <= fr : fk < fx_[worst]) return Replace(worst, k, fk);
    const double* xb = Vertex(best);
    for (int v = 0; v <= d_; ++v) {
      if (v == best) continue;
      double* p = Vertex(v);
      for (int i = 0; i < d_; ++i) p[i] = xb[i] + sigma_ * (p[i] - xb[i]);
      fx_[v] = Eval(p);
    }
    RecomputeSum();
  }

  const Objective& f_;
  const NelderMeadOptions& options_;
  int d_;
  int* evaluations_;
  std::vector<double> x_, fx_;
  std::vector<int> order_;
  std::vector<double> sum_, trial_;
  double chi_ = 2, psi_ = 0.5, sigma_ = 0.5;
};

}  // namespace

NelderMeadResult MinimiseNelderMead(const Objective& f, std::vector<double> start,
                                    std::span<const double> step,
                                    const NelderMeadOptions& options) {
  NelderMeadResult result;
  result.x = std::move(start);
  result.value = f(result.x);
  result.evaluations = 1;
  if (result.x.empty() || !std::isfinite(result.value)) {
    result.converged = result.x.empty();
    return result;
  }
  const int d = static_cast<int>(result.x.size());
  SimplexRun run(f, options, d, &result.evaluations);
  std::vector<double> next(result.x);
  for (int round = 0; round <= options.restarts; ++round) {
    bool converged = false;
    std::copy(result.x.begin(), result.x.end(), next.begin());
    const double value = run.Run(next, result.value, step, &converged);
    const double gain = result.value - value;
    if (value < result.value) result.x.swap(next), result.value = value;
    result.converged = converged;
    if (!converged) break;
    if (round > 0 &&
        gain <= options.abs_tolerance + options.rel_tolerance * std::fabs(result.value)) {
      break;
    }
  }
  return result;
}

}  // namespace salesdesk::forecast::internal
