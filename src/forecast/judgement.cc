#include "forecast/judgement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace salesdesk::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Num(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

std::string Row(std::size_t i) { return std::to_string(i + 1); }

bool AllFinite(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

// Past error measure of one person: MAE or MSE.
double PastError(std::span<const double> errors, OpinionWeighting weighting) {
  double s = 0;
  for (double e : errors) s += weighting == OpinionWeighting::kInverseMse ? e * e : std::fabs(e);
  return s / static_cast<double>(errors.size());
}

Status CheckOpinion(std::span<const ExecutiveFigure> figures, const OpinionOptions& options) {
  if (figures.empty()) return Status::Invalid("no executive figures", "figures");
  if (!(options.shrink_periods >= 0) || !std::isfinite(options.shrink_periods)) {
    return Status::Invalid("must be a finite number >= 0", "shrink_periods");
  }
  if (!(options.equal_share >= 0 && options.equal_share <= 1)) {
    return Status::Invalid("must lie between 0 and 1", "equal_share");
  }
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const ExecutiveFigure& f = figures[i];
    if (f.person.empty()) return Status::Invalid("figure " + Row(i) + ": no person", "person");
    if (!seen.insert(f.person).second) {
      return Status::Invalid("figure " + Row(i) + ": " + f.person + " already gave a figure", "person");
    }
    if (!std::isfinite(f.figure)) {
      return Status::Invalid("figure " + Row(i) + " (" + f.person + "): not a finite number", "figure");
    }
    if (!AllFinite(f.past_errors)) {
      return Status::Invalid("figure " + Row(i) + " (" + f.person + "): a past error is not a finite number",
                             "past_errors");
    }
  }
  return Status::Ok();
}

// Accuracy scores (before normalisation) per person; empty when equal weights apply.
std::vector<double> AccuracyScores(std::span<const ExecutiveFigure> figures, const OpinionOptions& options,
                                   std::vector<PersonWeight>* people, std::string* note) {
  if (options.weighting == OpinionWeighting::kEqual) return {};
  std::vector<double> positive;
  for (std::size_t i = 0; i < people->size(); ++i) {
    PersonWeight& p = (*people)[i];
    if (p.history == 0) continue;
    p.past_error = PastError(figures[i].past_errors, options.weighting);
    if (p.past_error > 0) positive.push_back(p.past_error);
  }
  if (positive.empty()) {
    *note = "no usable past errors: equal weights";
    return {};
  }
  // A perfect record would get infinite weight; floor errors at 1% of the median one.
  const double floor = 0.01 * Quantile7(positive, 0.5);
  std::vector<double> score(people->size(), kNaN);
  double sum = 0;
  int with_history = 0;
  for (std::size_t i = 0; i < people->size(); ++i) {
    if ((*people)[i].history == 0) continue;
    score[i] = 1 / std::max((*people)[i].past_error, floor);
    sum += score[i], ++with_history;
  }
  const double group = sum / with_history;
  for (std::size_t i = 0; i < people->size(); ++i) {
    const double n = (*people)[i].history, k = options.shrink_periods;
    score[i] = n == 0 ? group : (n * score[i] + k * group) / (n + k);
  }
  if (with_history < static_cast<int>(people->size())) *note = "people without history get the group's mean score";
  return score;
}

}  // namespace

double Quantile7(std::span<const double> values, double p) {
  if (values.empty()) return kNaN;
  std::vector<double> x(values.begin(), values.end());
  std::sort(x.begin(), x.end());
  const double h = (static_cast<double>(x.size()) - 1) * std::clamp(p, 0.0, 1.0);
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= x.size()) return x.back();
  return x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]);
}

Spread Summarise(std::span<const double> figures) {
  Spread s;
  s.n = static_cast<int>(figures.size());
  if (figures.empty()) return s;
  double sum = 0;
  for (double v : figures) sum += v;
  s.mean = sum / s.n;
  double ss = 0;
  for (double v : figures) ss += (v - s.mean) * (v - s.mean);
  s.stdev = s.n > 1 ? std::sqrt(ss / (s.n - 1)) : 0;
  s.min = *std::min_element(figures.begin(), figures.end());
  s.max = *std::max_element(figures.begin(), figures.end());
  s.median = Quantile7(figures, 0.5);
  s.q1 = Quantile7(figures, 0.25);
  s.q3 = Quantile7(figures, 0.75);
  s.iqr = s.q3 - s.q1;
  s.relative_iqr = s.median != 0 ? s.iqr / std::fabs(s.median) : (s.iqr == 0 ? 0 : kNaN);
  return s;
}

Result<OpinionSummary> CombineExecutiveOpinion(std::span<const ExecutiveFigure> figures,
                                               const OpinionOptions& options) {
  SD_RETURN_IF_ERROR(CheckOpinion(figures, options));
  OpinionSummary out;
  std::vector<double> values;
  for (const ExecutiveFigure& f : figures) {
    values.push_back(f.figure);
    out.weights.push_back({f.person, 0, static_cast<int>(f.past_errors.size()), kNaN});
  }
  out.spread = Summarise(values);
  std::vector<double> score = AccuracyScores(figures, options, &out.weights, &out.note);
  if (score.empty()) score.assign(figures.size(), 1.0);
  double total = 0;
  for (double s : score) total += s;
  const double n = static_cast<double>(figures.size());
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const double w = (1 - options.equal_share) * score[i] / total + options.equal_share / n;
    out.weights[i].weight = w;
    out.forecast += w * figures[i].figure;
  }
  return out;
}

std::string_view ForecastCategoryName(ForecastCategory category) {
  switch (category) {
    case ForecastCategory::kPipeline: return "pipeline";
    case ForecastCategory::kBestCase: return "best_case";
    case ForecastCategory::kCommit: return "commit";
    case ForecastCategory::kClosed: return "closed";
    case ForecastCategory::kOmitted: return "omitted";
  }
  return "";
}

Result<ForecastCategory> ParseForecastCategory(std::string_view name) {
  for (ForecastCategory c : {ForecastCategory::kPipeline, ForecastCategory::kBestCase, ForecastCategory::kCommit,
                             ForecastCategory::kClosed, ForecastCategory::kOmitted}) {
    if (ForecastCategoryName(c) == name) return c;
  }
  return Status::Invalid("unknown forecast category '" + std::string(name) +
                             "' (pipeline, best_case, commit, closed, omitted)",
                         "forecast_category");
}

Result<std::vector<PipelineCall>> PrefillFromPipeline(std::span<const PipelineDeal> deals) {
  std::map<std::string, PipelineCall> by_rep;
  for (std::size_t i = 0; i < deals.size(); ++i) {
    const PipelineDeal& d = deals[i];
    const std::string where = "deal " + (d.deal.empty() ? Row(i) : d.deal);
    if (d.rep.empty()) return Status::Invalid(where + ": no rep", "rep");
    if (!(d.amount >= 0) || !std::isfinite(d.amount)) {
      return Status::Invalid(where + ": amount " + Num(d.amount) + " must be a number >= 0", "amount");
    }
    if (!(d.probability >= 0 && d.probability <= 1)) {
      return Status::Invalid(where + ": probability " + Num(d.probability) + " is outside 0..1", "probability");
    }
    PipelineCall& c = by_rep[d.rep];
    c.rep = d.rep;
    switch (d.category) {
      case ForecastCategory::kOmitted: continue;
      case ForecastCategory::kClosed: c.closed += d.amount, c.weighted += d.amount; break;
      case ForecastCategory::kCommit: c.commit += d.amount, c.weighted += d.amount * d.probability; break;
      case ForecastCategory::kBestCase: c.best_case += d.amount, c.weighted += d.amount * d.probability; break;
      case ForecastCategory::kPipeline: c.weighted += d.amount * d.probability; break;
    }
    ++c.deals;
  }
  std::vector<PipelineCall> out;
  for (auto& [rep, c] : by_rep) {
    // Running sums above hold each category alone; make them cumulative.
    c.commit += c.closed;
    c.best_case += c.commit;
    out.push_back(c);
  }
  return out;
}

Result<RepBias> MeasureRepBias(std::span<const double> past_calls, std::span<const double> past_actuals,
                               const CompositeOptions& options) {
  if (past_calls.size() != past_actuals.size()) {
    return Status::Invalid(std::to_string(past_calls.size()) + " past calls but " +
                               std::to_string(past_actuals.size()) + " past actuals",
                           "past_actuals");
  }
  double sum_call = 0, sum_actual = 0, sum_pct = 0;
  int pct_n = 0;
  for (std::size_t i = 0; i < past_calls.size(); ++i) {
    if (!(past_calls[i] >= 0) || !std::isfinite(past_calls[i])) {
      return Status::Invalid("past call " + Row(i) + ": " + Num(past_calls[i]) + " must be a number >= 0",
                             "past_calls");
    }
    if (!(past_actuals[i] >= 0) || !std::isfinite(past_actuals[i])) {
      return Status::Invalid("past actual " + Row(i) + ": " + Num(past_actuals[i]) + " must be a number >= 0",
                             "past_actuals");
    }
    sum_call += past_calls[i], sum_actual += past_actuals[i];
    if (past_actuals[i] > 0) sum_pct += 100 * (past_calls[i] - past_actuals[i]) / past_actuals[i], ++pct_n;
  }
  RepBias b;
  b.n = static_cast<int>(past_calls.size());
  b.mean_percent_error = pct_n > 0 ? sum_pct / pct_n : kNaN;
  b.ratio = sum_call > 0 ? sum_actual / sum_call : 1;
  b.enough_history = b.n >= options.min_history && b.n > 0;
  const double k = options.shrink_periods;
  b.correction = b.enough_history ? (b.n * b.ratio + k) / (b.n + k) : 1;
  return b;
}

Result<CompositeResult> RollUpSalesForce(const Hierarchy& hierarchy, std::span<const RepCall> calls,
                                         const CompositeOptions& options) {
  if (options.min_history < 0 || !(options.shrink_periods >= 0)) {
    return Status::Invalid("min_history and shrink_periods must be >= 0", "options");
  }
  const std::size_t m = hierarchy.leaves().size();
  std::vector<int> leaf_of(hierarchy.size(), -1);
  for (std::size_t k = 0; k < m; ++k) leaf_of[hierarchy.leaves()[k]] = static_cast<int>(k);
  std::vector<double> submitted(m, 0), adjusted(m, 0), corrected(m, 0), has_call(m, 0);
  CompositeResult out;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const RepCall& c = calls[i];
    const std::string where = "call " + Row(i) + " (" + c.rep + ")";
    const int node = hierarchy.Find(c.rep);
    if (node < 0) return Status::Invalid(where + ": not a scope of the hierarchy", "rep");
    if (leaf_of[node] < 0) return Status::Invalid(where + ": has scopes below it; calls come from reps", "rep");
    const int k = leaf_of[node];
    if (has_call[k] > 0) return Status::Invalid(where + ": the rep already has a call", "rep");
    if (!(c.call >= 0) || !std::isfinite(c.call)) {
      return Status::Invalid(where + ": call " + Num(c.call) + " must be a number >= 0", "call");
    }
    if (c.adjusted && (!(c.adjusted_call >= 0) || !std::isfinite(c.adjusted_call))) {
      return Status::Invalid(where + ": adjusted call " + Num(c.adjusted_call) + " must be a number >= 0",
                             "adjusted_call");
    }
    if (c.adjusted && c.reason.empty()) {
      return Status::Invalid(where + ": a manager's adjustment needs a reason", "reason");
    }
    auto bias = MeasureRepBias(c.past_calls, c.past_actuals, options);
    if (!bias.ok()) return Status::Invalid(where + ": " + bias.status().message(), bias.status().field());
    has_call[k] = 1;
    submitted[k] = c.call;
    adjusted[k] = c.adjusted ? c.adjusted_call : c.call;
    corrected[k] = adjusted[k] * (options.correct_bias ? bias->correction : 1);
    out.bias.push_back(*bias);
  }
  const std::vector<double> sub = hierarchy.SumUp(submitted), adj = hierarchy.SumUp(adjusted),
                            cor = hierarchy.SumUp(corrected), reps = hierarchy.SumUp(has_call);
  const std::vector<int> leaves_below = hierarchy.LeafCounts();
  std::string missing;
  for (std::size_t k = 0; k < m; ++k) {
    if (has_call[k] == 0) missing += (missing.empty() ? "" : ", ") + hierarchy.id(hierarchy.leaves()[k]);
  }
  if (!missing.empty()) out.note = "no call from: " + missing;
  for (int i = 0; i < hierarchy.size(); ++i) {
    const int r = static_cast<int>(reps[i]);
    out.lines.push_back({hierarchy.id(i), sub[i], adj[i], cor[i], r, leaves_below[i] - r});
  }
  return out;
}

namespace {

Status CheckDelphiRound(std::span<const DelphiAnswer> answers, int round, const DelphiOptions& options) {
  const std::string where = "round " + std::to_string(round);
  if (static_cast<int>(answers.size()) < options.min_experts) {
    return Status::Invalid(where + ": " + std::to_string(answers.size()) + " answers, at least " +
                               std::to_string(options.min_experts) + " experts are needed",
                           "answers");
  }
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (answers[i].expert.empty()) return Status::Invalid(where + ", answer " + Row(i) + ": no expert", "expert");
    if (!seen.insert(answers[i].expert).second) {
      return Status::Invalid(where + ", answer " + Row(i) + ": the expert already answered this round", "expert");
    }
    if (!std::isfinite(answers[i].figure)) {
      return Status::Invalid(where + ", answer " + Row(i) + ": not a finite number", "figure");
    }
  }
  return Status::Ok();
}

DelphiRound SummariseRound(std::span<const DelphiAnswer> answers, int round, const DelphiOptions& options) {
  DelphiRound r;
  r.round = round;
  std::vector<double> figures;
  for (const DelphiAnswer& a : answers) figures.push_back(a.figure);
  r.spread = Summarise(figures);
  r.converged = r.spread.relative_iqr <= options.threshold;
  std::vector<std::pair<double, std::string>> reasons;
  for (const DelphiAnswer& a : answers) {
    if (!a.reason.empty()) reasons.emplace_back(a.figure, a.reason);
  }
  std::sort(reasons.begin(), reasons.end());
  for (const auto& [figure, text] : reasons) {
    const char* position = figure < r.spread.median ? "below" : figure > r.spread.median ? "above" : "at";
    r.reasons.push_back({position, text});
  }
  return r;
}

}  // namespace

Result<DelphiOutcome> SummariseDelphi(std::span<const std::vector<DelphiAnswer>> rounds,
                                      const DelphiOptions& options) {
  if (options.max_rounds < 1) return Status::Invalid("must be at least 1", "max_rounds");
  if (options.min_experts < 2) return Status::Invalid("must be at least 2", "min_experts");
  if (!(options.threshold >= 0)) return Status::Invalid("must be a number >= 0", "threshold");
  if (rounds.empty()) return Status::Invalid("no rounds held yet", "rounds");
  DelphiOutcome out;
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    const int round = static_cast<int>(i + 1);
    if (out.finished) {
      return Status::Invalid("round " + std::to_string(round) + ": the panel had already finished after round " +
                                 std::to_string(round - 1),
                             "rounds");
    }
    SD_RETURN_IF_ERROR(CheckDelphiRound(rounds[i], round, options));
    out.rounds.push_back(SummariseRound(rounds[i], round, options));
    out.converged = out.rounds.back().converged;
    out.finished = out.converged || round >= options.max_rounds;
  }
  out.consensus = out.rounds.back().spread.median;
  out.status = out.converged ? "converged" : out.finished ? "rounds exhausted" : "next round";
  return out;
}

}  // namespace salesdesk::forecast
