#include "forecast/combination.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "forecast/crossval.h"
#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t k = v.size() / 2;
  return v.size() % 2 == 1 ? v[k] : 0.5 * (v[k - 1] + v[k]);
}

// Combines one vector (selected by `get`) across members.
std::vector<double> CombineVector(std::span<const Forecast> members, CombineRule rule,
                                  const std::vector<double>& w,
                                  const std::vector<double> Forecast::*field) {
  const std::size_t len = (members[0].*field).size();
  std::vector<double> out(len, 0.0);
  for (std::size_t i = 0; i < len; ++i) {
    std::vector<double> v;
    for (const Forecast& m : members) v.push_back(i < (m.*field).size() ? (m.*field)[i] : kNaN);
    if (rule == CombineRule::kMedian) {
      out[i] = Median(v);
    } else {
      for (std::size_t j = 0; j < v.size(); ++j) out[i] += w[j] * v[j];
    }
  }
  return out;
}

std::vector<double> NormalisedWeights(std::size_t k, CombineRule rule,
                                      std::span<const double> weights) {
  std::vector<double> w(k, 1.0 / static_cast<double>(k));
  if (rule != CombineRule::kWeighted || weights.size() != k) return w;
  double total = 0;
  for (double v : weights) total += std::isfinite(v) && v > 0 ? v : 0;
  if (!(total > 0)) return w;
  for (std::size_t j = 0; j < k; ++j) {
    w[j] = std::isfinite(weights[j]) && weights[j] > 0 ? weights[j] / total : 0;
  }
  return w;
}

// Inverse cross-validated MASE of each member; empty when the series is too short.
std::vector<double> CvWeights(const Series& series, int horizon, const MethodOptions& options,
                              std::span<const MethodInfo* const> members) {
  std::vector<double> w;
  for (const MethodInfo* m : members) {
    Result<CrossValidation> cv =
        CrossValidate(series, m->run, options, {.horizon = horizon, .origins = 3});
    if (!cv.ok()) return {};
    const double score = Score(*cv).mase;
    w.push_back(score > 0 && std::isfinite(score) ? 1 / score : 0);
  }
  return w;
}

// CDF at x of the weighted mixture of split normals at step h.
double MixtureCdf(std::span<const Forecast> members, const std::vector<double>& w,
                  std::size_t h, double x, double df) {
  double p = 0;
  for (std::size_t j = 0; j < members.size(); ++j) {
    const Forecast& m = members[j];
    const double mu = m.mean[h];
    const double sd = (x < mu ? mu - m.lo95[h] : m.hi95[h] - mu) / internal::kZ95;
    double cdf = x >= mu;
    if (sd > 0) {
      cdf = df > 0 ? internal::StudentTCdf((x - mu) / sd, df)
                   : 0.5 * std::erfc(-(x - mu) / (sd * std::sqrt(2.0)));
    }
    p += w[j] * cdf;
  }
  return p;
}

double MixtureQuantile(std::span<const Forecast> members, const std::vector<double>& w,
                       std::size_t h, double p, double df) {
  double lo = INFINITY, hi = -INFINITY;
  for (const Forecast& m : members) lo = std::min(lo, m.lo95[h]), hi = std::max(hi, m.hi95[h]);
  const double span = std::max(hi - lo, 1e-12 * std::max(1.0, std::fabs(hi)));
  lo -= 4 * span, hi += 4 * span;  // room for heavy t tails
  for (int i = 0; i < 100 && hi - lo > 1e-12 * std::max(1.0, std::fabs(hi)); ++i) {
    const double mid = 0.5 * (lo + hi);
    (MixtureCdf(members, w, h, mid, df) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

void PoolIntervals(std::span<const Forecast> members, std::span<const double> weights,
                   Forecast* f, double df) {
  if (members.empty()) return;
  const std::vector<double> w = NormalisedWeights(
      members.size(), weights.empty() ? CombineRule::kMean : CombineRule::kWeighted, weights);
  for (std::size_t h = 0; h < f->mean.size(); ++h) {
    f->lo95[h] = MixtureQuantile(members, w, h, 0.025, df);
    f->lo80[h] = MixtureQuantile(members, w, h, 0.10, df);
    f->hi80[h] = MixtureQuantile(members, w, h, 0.90, df);
    f->hi95[h] = MixtureQuantile(members, w, h, 0.975, df);
  }
}

Forecast Combine(std::span<const Forecast> members, CombineRule rule,
                 std::span<const double> weights) {
  Forecast f;
  if (members.empty()) return f;
  const std::vector<double> w = NormalisedWeights(members.size(), rule, weights);
  f.mean = CombineVector(members, rule, w, &Forecast::mean);
  f.lo80 = CombineVector(members, rule, w, &Forecast::lo80);
  f.hi80 = CombineVector(members, rule, w, &Forecast::hi80);
  f.lo95 = CombineVector(members, rule, w, &Forecast::lo95);
  f.hi95 = CombineVector(members, rule, w, &Forecast::hi95);
  f.fitted = CombineVector(members, rule, w, &Forecast::fitted);
  f.aicc = kNaN;
  f.method = rule == CombineRule::kMedian ? "Median(" : "Comb(";
  for (std::size_t j = 0; j < members.size(); ++j) {
    if (j > 0) f.method += ", ";
    f.method += members[j].method;
    if (rule == CombineRule::kWeighted) f.method += " w=" + std::to_string(w[j]).substr(0, 4);
  }
  f.method += ")";
  return f;
}

std::vector<const MethodInfo*> DefaultMembers() {
  std::vector<const MethodInfo*> members;
  for (const char* name : {"ets", "arima", "theta"}) {
    if (const MethodInfo* m = FindMethod(name)) members.push_back(m);
  }
  for (const char* name : {"otheta", "naive2"}) {
    if (members.size() >= 3) break;
    if (const MethodInfo* m = FindMethod(name)) members.push_back(m);
  }
  return members;
}

Result<Forecast> RunCombinationOf(const Series& series, int horizon, const MethodOptions& options,
                                  std::span<const MethodInfo* const> members, CombineRule rule) {
  SD_RETURN_IF_ERROR(CheckInput(series, horizon));
  std::vector<Forecast> forecasts;
  std::vector<const MethodInfo*> used;
  std::string notes;
  for (const MethodInfo* m : members) {
    Result<Forecast> f = m->run(series, horizon, options);
    if (!f.ok()) {
      notes += std::string(notes.empty() ? "" : "; ") + std::string(m->name) + " left out: " +
               f.status().message();
      continue;
    }
    forecasts.push_back(std::move(f).value());
    used.push_back(m);
  }
  if (forecasts.empty()) return Status::Invalid("no member method could forecast: " + notes);
  std::vector<double> weights;
  if (rule == CombineRule::kWeighted) {
    weights = CvWeights(series, horizon, options, used);
    if (weights.empty()) notes += std::string(notes.empty() ? "" : "; ") +
                                  "too short to cross-validate: equal weights";
  }
  Forecast f = Combine(forecasts, rule, weights);
  internal::AddNote(&f, notes);
  internal::Finalize(series, &f);
  return f;
}

Result<Forecast> RunComb(const Series& series, int horizon, const MethodOptions& options) {
  return RunCombinationOf(series, horizon, options, DefaultMembers(), CombineRule::kMean);
}

Result<Forecast> RunCombMedian(const Series& series, int horizon, const MethodOptions& options) {
  return RunCombinationOf(series, horizon, options, DefaultMembers(), CombineRule::kMedian);
}

Result<Forecast> RunCombCv(const Series& series, int horizon, const MethodOptions& options) {
  return RunCombinationOf(series, horizon, options, DefaultMembers(), CombineRule::kWeighted);
}

}  // namespace salesdesk::forecast
