#include "forecast/scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "forecast/accuracy.h"

namespace salesdesk::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct ScoredPoint {
  std::string period;
  double scaled_abs_error = 0;
  double error = 0;       // forecast - actual
  double abs_actual = 0;
};

Score ScoreOf(std::span<const ScoredPoint> points) {
  Score s;
  s.n = static_cast<int>(points.size());
  if (points.empty()) {
    s.mase = s.mean_error = s.percent_bias = kNaN;
    return s;
  }
  double scaled = 0, error = 0, actual = 0;
  for (const ScoredPoint& p : points) scaled += p.scaled_abs_error, error += p.error, actual += p.abs_actual;
  s.mase = scaled / s.n;
  s.mean_error = error / s.n;
  s.percent_bias = actual > 0 ? 100 * error / actual : kNaN;
  return s;
}

Status CheckForecasts(std::span<const KeptForecast> forecasts) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (std::size_t i = 0; i < forecasts.size(); ++i) {
    const KeptForecast& f = forecasts[i];
    const std::string where = "forecast " + std::to_string(i + 1);
    if (f.scope.empty()) return Status::Invalid(where + ": no scope", "scope");
    if (f.period.empty()) return Status::Invalid(where + ": no period", "period");
    if (f.author.empty()) return Status::Invalid(where + ": no author", "author");
    if (!std::isfinite(f.value)) return Status::Invalid(where + ": value is not a finite number", "value");
    if (!seen.emplace(f.scope, f.period, f.author).second) {
      return Status::Invalid(where + ": " + f.author + " already has a forecast for " + f.scope + " in " + f.period,
                             "author");
    }
  }
  return Status::Ok();
}

Result<std::map<std::pair<std::string, std::string>, double>> ActualsByKey(std::span<const ActualValue> actuals) {
  std::map<std::pair<std::string, std::string>, double> out;
  for (std::size_t i = 0; i < actuals.size(); ++i) {
    const ActualValue& a = actuals[i];
    const std::string where = "actual " + std::to_string(i + 1);
    if (a.scope.empty() || a.period.empty()) return Status::Invalid(where + ": no scope or period", "scope");
    if (!std::isfinite(a.value)) return Status::Invalid(where + ": value is not a finite number", "value");
    if (!out.emplace(std::make_pair(a.scope, a.period), a.value).second) {
      return Status::Invalid(where + ": " + a.scope + " in " + a.period + " already has an actual", "period");
    }
  }
  return out;
}

Result<std::map<std::string, double>> ScalesByScope(std::span<const ScopeHistory> histories) {
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < histories.size(); ++i) {
    const ScopeHistory& h = histories[i];
    const std::string where = "history " + std::to_string(i + 1) + " (" + h.scope + ")";
    if (h.scope.empty()) return Status::Invalid(where + ": no scope", "scope");
    if (h.period < 1) return Status::Invalid(where + ": period must be at least 1", "period");
    for (double v : h.values) {
      if (!std::isfinite(v)) return Status::Invalid(where + ": a value is not a finite number", "values");
    }
    const double scale = h.values.size() >= 2 ? MaseScale(h.values, h.period) : kNaN;
    if (!out.emplace(h.scope, scale).second) return Status::Invalid(where + ": the scope's history appears twice", "scope");
  }
  return out;
}

std::vector<ScorePoint> OverTime(const std::vector<ScoredPoint>& points, int window) {
  std::vector<std::string> periods;
  for (const ScoredPoint& p : points) periods.push_back(p.period);
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  std::vector<ScorePoint> out;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const std::string& first = periods[i + 1 >= static_cast<std::size_t>(window) ? i + 1 - window : 0];
    std::vector<ScoredPoint> in;
    for (const ScoredPoint& p : points) {
      if (p.period >= first && p.period <= periods[i]) in.push_back(p);
    }
    out.push_back({periods[i], ScoreOf(in)});
  }
  return out;
}

}  // namespace

Result<TrackRecord> ScoreTrackRecord(std::span<const KeptForecast> forecasts, std::span<const ActualValue> actuals,
                                     std::span<const ScopeHistory> histories, const ScoringOptions& options) {
  if (options.window < 1) return Status::Invalid("must be at least 1", "window");
  if (options.min_scored < 0) return Status::Invalid("must be at least 0", "min_scored");
  SD_RETURN_IF_ERROR(CheckForecasts(forecasts));
  SD_ASSIGN_OR_RETURN(auto actual, ActualsByKey(actuals));
  SD_ASSIGN_OR_RETURN(auto scale, ScalesByScope(histories));
  std::map<std::string, std::vector<ScoredPoint>> points;
  std::map<std::string, int> pending;
  std::set<std::string> unscaled;
  for (std::size_t i = 0; i < forecasts.size(); ++i) {
    const KeptForecast& f = forecasts[i];
    points[f.author];  // every author appears in the league
    auto a = actual.find({f.scope, f.period});
    if (a == actual.end()) {
      ++pending[f.author];
      continue;
    }
    auto s = scale.find(f.scope);
    if (s == scale.end()) {
      return Status::Invalid("forecast " + std::to_string(i + 1) + ": scope " + f.scope +
                                 " has an actual but no history to scale its errors",
                             "histories");
    }
    if (!(s->second > 0)) {
      unscaled.insert(f.scope);
      continue;
    }
    const double error = f.value - a->second;
    points[f.author].push_back({f.period, std::fabs(error) / s->second, error, std::fabs(a->second)});
  }
  TrackRecord record;
  for (auto& [author, list] : points) {
    AuthorRecord r;
    r.author = author;
    r.overall = ScoreOf(list);
    r.over_time = OverTime(list, options.window);
    r.pending = pending[author];
    r.enough_history = r.overall.n >= options.min_scored && r.overall.n > 0;
    record.league.push_back(std::move(r));
  }
  std::sort(record.league.begin(), record.league.end(), [](const AuthorRecord& a, const AuthorRecord& b) {
    if (a.enough_history != b.enough_history) return a.enough_history;
    const bool an = std::isnan(a.overall.mase), bn = std::isnan(b.overall.mase);
    if (an != bn) return bn;
    if (!an && a.overall.mase != b.overall.mase) return a.overall.mase < b.overall.mase;
    return a.author < b.author;
  });
  for (std::size_t i = 0; i < record.league.size(); ++i) record.league[i].rank = static_cast<int>(i + 1);
  if (!unscaled.empty()) {
    record.note = "not scored (history without variation to scale errors):";
    for (const std::string& s : unscaled) record.note += " " + s;
  }
  return record;
}

Result<SuggestedCombination> SuggestCombination(const TrackRecord& record, std::span<const KeptForecast> candidates,
                                                const ScoringOptions& options) {
  if (candidates.empty()) return Status::Invalid("no forecasts to combine", "candidates");
  SD_RETURN_IF_ERROR(CheckForecasts(candidates));
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    if (candidates[i].scope != candidates[0].scope || candidates[i].period != candidates[0].period) {
      return Status::Invalid("forecast " + std::to_string(i + 1) + ": for " + candidates[i].scope + " in " +
                                 candidates[i].period + ", not " + candidates[0].scope + " in " + candidates[0].period,
                             "candidates");
    }
  }
  SuggestedCombination out;
  std::vector<double> score(candidates.size(), kNaN);
  double sum = 0;
  int with_history = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    SuggestedWeight w;
    w.author = candidates[i].author;
    w.mase = kNaN;
    w.no_history = true;
    for (const AuthorRecord& r : record.league) {
      if (r.author != w.author) continue;
      w.mase = r.overall.mase;
      w.no_history = !(r.overall.n >= options.min_scored && r.overall.n > 0);
    }
    if (!w.no_history && w.mase > 0) score[i] = 1 / w.mase;
    if (!w.no_history) ++with_history;
    out.weights.push_back(w);
  }
  // A perfect record (MASE 0) would take all the weight: give it twice the best other score.
  double best = 0;
  for (double s : score) {
    if (std::isfinite(s)) best = std::max(best, s);
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!out.weights[i].no_history && !std::isfinite(score[i])) score[i] = best > 0 ? 2 * best : 1;
    if (!out.weights[i].no_history) sum += score[i];
  }
  const double fill = with_history > 0 ? sum / with_history : 1;
  double total = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (out.weights[i].no_history) score[i] = fill;
    total += score[i];
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    out.weights[i].weight = score[i] / total;
    out.value += out.weights[i].weight * candidates[i].value;
  }
  if (with_history == 0) {
    out.note = "no track record yet: equal weights";
  } else if (with_history < static_cast<int>(candidates.size())) {
    out.note = "authors without a track record get the mean weight";
  }
  return out;
}

}  // namespace salesdesk::forecast
