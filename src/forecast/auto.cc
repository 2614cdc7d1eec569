// The `auto` method. Rules, fixed in advance (none tuned to a benchmark):
//
// 1. A constant series gets naive; an intermittent one (non-negative, >= 30% zeros)
//    the one of SBA, TSB and naive with the least cross-validated MASE.
// 2. Otherwise every method of the pool {ets, arima, theta, otheta} (those registered)
//    is fitted on the whole series and on kOrigins rolling origins (crossval.h) with
//    the series' horizon. Combination beats selection on average (Clemen 1989;
//    Makridakis et al. 2020, M4), so the pool is combined, with weights proportional
//    to 1 / cross-validated MASE (inverse-error weights, Bates & Granger 1969; Stock &
//    Watson 2004), which lets the evidence favour a member without betting everything
//    on a few noisy folds. Equal weights when the series is too short to
//    cross-validate (noted).
// 3. Intervals: the weighted linear pool of the members' predictive distributions
//    (PoolIntervals in combination.h), whose spread includes the members'
//    disagreement. Model-based intervals are overconfident on real data (R's ets
//    covers 89% of M3 at a nominal 95%); the pool is the textbook remedy for
//    overconfident members (Lichtendahl et al. 2013), not a fitted widening factor.
//    Each member enters as a Student t with n - 1 degrees of freedom, since its
//    sigma is estimated from the n observations (Chatfield 1993).
#include "forecast/auto.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "forecast/combination.h"
#include "forecast/crossval.h"
#include "forecast/simple.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

using internal::AddNote;

constexpr int kOrigins = 3;

bool IsIntermittent(const std::vector<double>& y) {
  if (!internal::AllNonNegative(y)) return false;
  const auto zeros = std::count(y.begin(), y.end(), 0.0);
  return zeros * 10 >= static_cast<long>(y.size()) * 3;
}

std::vector<const MethodInfo*> Pool(std::initializer_list<const char*> names) {
  std::vector<const MethodInfo*> pool;
  for (const char* name : names) {
    if (const MethodInfo* m = FindMethod(name)) pool.push_back(m);
  }
  return pool;
}

// A pool member: its forecast on the whole series and its cross-validation folds.
struct Member {
  const MethodInfo* info = nullptr;
  Forecast full;
  std::vector<Fold> folds;
  double cv_mase = INFINITY;
};

std::vector<Member> FitPool(const Series& series, int horizon, const MethodOptions& options,
                            const std::vector<const MethodInfo*>& pool, std::string* notes) {
  std::vector<Member> members;
  for (const MethodInfo* m : pool) {
    Result<Forecast> f = m->run(series, horizon, options);
    if (!f.ok()) {
      *notes += std::string(m->name) + " left out: " + f.status().message() + "; ";
      continue;
    }
    Member member{m, std::move(f).value(), {}, INFINITY};
    Result<CrossValidation> cv =
        CrossValidate(series, m->run, options, {.horizon = horizon, .origins = kOrigins});
    if (cv.ok() && !cv->folds.empty()) {
      member.cv_mase = Score(*cv).mase;
      member.folds = std::move(cv->folds);
    }
    members.push_back(std::move(member));
  }
  return members;
}

// Inverse cross-validated MASE per member; empty when some member has no folds.
std::vector<double> CvWeights(const std::vector<Member>& members) {
  std::vector<double> w;
  for (const Member& m : members) {
    if (m.folds.empty() || !std::isfinite(m.cv_mase)) return {};
    w.push_back(m.cv_mase > 0 ? 1 / m.cv_mase : 1e12);
  }
  return w;
}

Result<Forecast> ByCrossValidation(const Series& series, int horizon,
                                   const MethodOptions& options,
                                   const std::vector<const MethodInfo*>& pool) {
  std::string notes;
  std::vector<Member> members = FitPool(series, horizon, options, pool, &notes);
  if (members.empty()) return Status::Invalid("no method could forecast: " + notes);
  std::vector<Forecast> forecasts;
  for (const Member& m : members) forecasts.push_back(m.full);
  const std::vector<double> weights = CvWeights(members);
  Forecast f = weights.empty() ? Combine(forecasts, CombineRule::kMean)
                               : Combine(forecasts, CombineRule::kWeighted, weights);
  PoolIntervals(forecasts, weights, &f, static_cast<double>(series.values.size()) - 1);
  f.method = "Auto " + f.method;
  if (weights.empty()) AddNote(&f, "too short to cross-validate: equal weights");
  if (!notes.empty()) AddNote(&f, notes.substr(0, notes.size() - 2));
  internal::Finalize(series, &f);
  return f;
}

// The member with the least cross-validated MASE; the first when none can be scored.
const MethodInfo* BestByCv(const Series& series, int horizon, const MethodOptions& options,
                           const std::vector<const MethodInfo*>& pool) {
  const MethodInfo* best = pool.front();
  double best_score = INFINITY;
  for (const MethodInfo* m : pool) {
    Result<CrossValidation> cv =
        CrossValidate(series, m->run, options, {.horizon = horizon, .origins = kOrigins});
    if (!cv.ok()) continue;
    const double score = Score(*cv).mase;
    if (score < best_score) best_score = score, best = m;
  }
  return best;
}

}  // namespace

Result<Forecast> RunAuto(const Series& series, int horizon, const MethodOptions& options) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  if (internal::IsConstant(series.values)) {
    Result<Forecast> f = RunNaive(series, horizon, options);
    if (f.ok()) AddNote(&f.value(), "constant series: naive");
    return f;
  }
  if (IsIntermittent(series.values)) {
    const MethodInfo* best = BestByCv(series, horizon, options, Pool({"sba", "tsb", "naive"}));
    Result<Forecast> f = best->run(series, horizon, options);
    if (f.ok()) AddNote(&f.value(), "intermittent series: chosen by cross-validation");
    return f;
  }
  return ByCrossValidation(series, horizon, options, Pool({"ets", "arima", "theta", "otheta"}));
}

}  // namespace salesdesk::forecast
