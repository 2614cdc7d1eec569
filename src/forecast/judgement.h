// Judgemental forecasts: people's figures turned into a forecast with a visible spread.
//  - executive opinion (管理层意见): executives' figures for one scope and period,
//    weighted equally or by each person's past accuracy;
//  - sales-force composite (销售人员综合): reps' calls pre-filled from their open
//    pipeline, adjusted by managers with a reason, corrected for each rep's historical
//    bias and rolled up the sales hierarchy;
//  - Delphi rounds (专家意见 / 德尔菲): anonymous rounds fed back as median, quartiles and
//    reasons until the spread is small enough or the rounds run out.
// Pure computation: no I/O, no global state, deterministic, thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "forecast/reconcile.h"

namespace salesdesk::forecast {

// ---------------------------------------------------------------------------------------
// Spread of a set of figures

// The p-quantile (0 <= p <= 1) of `values` by R's default definition (type 7: linear
// interpolation between order statistics, Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h)+1]
// - x[floor(h)]) with h = (n - 1) p, 0-based). NaN when `values` is empty.
double Quantile7(std::span<const double> values, double p);

struct Spread {
  int n = 0;
  double mean = 0, median = 0, min = 0, max = 0;
  double stdev = 0;          // sample standard deviation (n - 1); 0 when n == 1
  double q1 = 0, q3 = 0;     // quartiles, Quantile7 at 0.25 and 0.75
  double iqr = 0;            // q3 - q1
  double relative_iqr = 0;   // iqr / |median|; NaN when the median is 0
};
// The spread of non-empty, finite `figures` (asserted by the callers' validation).
Spread Summarise(std::span<const double> figures);

// ---------------------------------------------------------------------------------------
// Executive opinion (jury of executive opinion)

enum class OpinionWeighting {
  kEqual,       // every executive counts the same
  kInverseMae,  // weight ~ 1 / mean absolute past error
  kInverseMse,  // weight ~ 1 / mean squared past error (Bates & Granger 1969)
};

struct ExecutiveFigure {
  std::string person;               // the executive's id
  double figure = 0;                // their forecast for the scope and period
  std::vector<double> past_errors;  // their earlier forecasts minus actuals (same unit); may be empty
};

struct OpinionOptions {
  OpinionWeighting weighting = OpinionWeighting::kEqual;
  // A person's accuracy score 1/MAE (or 1/MSE) is shrunk towards the group's mean score
  // with weight k / (n + k), n = their number of past errors: little history, little
  // say. People with no history get the group's mean score.
  double shrink_periods = 3;
  // The final weights are mixed with equal weights by this share (0..1), so nobody's
  // weight falls below equal_share / N.
  double equal_share = 0.1;
};

struct PersonWeight {
  std::string person;
  double weight = 0;      // sums to 1 over people
  int history = 0;        // number of past errors used
  double past_error = 0;  // their MAE (kInverseMae) or MSE (kInverseMse); NaN without history
};

struct OpinionSummary {
  double forecast = 0;                // the weighted mean of the figures
  Spread spread;                      // of the figures, unweighted
  std::vector<PersonWeight> weights;  // in input order
  std::string note;                   // e.g. "no past errors: equal weights"
};

// Combines executives' figures. kInvalidArgument naming the row for an empty person,
// a repeated person, a non-finite figure or past error, or options out of range.
Result<OpinionSummary> CombineExecutiveOpinion(std::span<const ExecutiveFigure> figures,
                                               const OpinionOptions& options = {});

// ---------------------------------------------------------------------------------------
// Sales-force composite

// An opportunity's forecast category as the CRM records it.
enum class ForecastCategory { kPipeline, kBestCase, kCommit, kClosed, kOmitted };
// "pipeline", "best_case", "commit", "closed", "omitted".
std::string_view ForecastCategoryName(ForecastCategory category);
Result<ForecastCategory> ParseForecastCategory(std::string_view name);

// One opportunity expected to close in the forecast period.
struct PipelineDeal {
  std::string rep;               // owner
  std::string deal;              // opportunity id, for messages
  double amount = 0;             // >= 0, in the forecast's currency
  double probability = 0;        // 0..1 (the stage probability)
  ForecastCategory category = ForecastCategory::kPipeline;
};

// The three figures a rep is offered as the starting point of their call. Closed deals
// are won business and count in full everywhere; omitted deals count nowhere.
//   commit    = closed + commit amounts
//   best_case = commit + best-case amounts
//   weighted  = closed + sum over pipeline, best-case and commit deals of amount x probability
struct PipelineCall {
  std::string rep;
  double closed = 0, commit = 0, best_case = 0, weighted = 0;
  int deals = 0;  // counted deals (omitted ones excluded)
};

// One PipelineCall per rep, sorted by rep id. kInvalidArgument naming the deal for an
// empty rep, a negative or non-finite amount, or a probability outside 0..1.
Result<std::vector<PipelineCall>> PrefillFromPipeline(std::span<const PipelineDeal> deals);

// A rep's historical bias from their past calls and the actuals that followed
// (aligned, same length).
struct RepBias {
  int n = 0;                     // periods with both call and actual
  double mean_percent_error = 0; // mean of 100 (call - actual) / actual over actual != 0;
                                 // positive = optimistic; NaN when none
  double ratio = 1;              // sum actual / sum call (1 when the calls sum to 0)
  double correction = 1;         // ratio shrunk towards 1: (n ratio + k) / (n + k)
  bool enough_history = false;   // n >= min_history
};

struct CompositeOptions {
  bool correct_bias = false;  // multiply each rep's figure by their correction factor
  int min_history = 3;        // fewer periods: no correction (flagged)
  double shrink_periods = 2;  // k in RepBias::correction
};

// kInvalidArgument for mismatched lengths, negative or non-finite values.
Result<RepBias> MeasureRepBias(std::span<const double> past_calls, std::span<const double> past_actuals,
                               const CompositeOptions& options = {});

// A rep's call for the period, with an optional manager adjustment.
struct RepCall {
  std::string rep;                    // a leaf scope of the hierarchy
  double call = 0;                    // the rep's own figure
  bool adjusted = false;              // a manager changed it
  double adjusted_call = 0;           // the manager's figure, when adjusted
  std::string adjusted_by;            // manager id
  std::string reason;                 // required when adjusted
  std::vector<double> past_calls;     // for bias (may be empty)
  std::vector<double> past_actuals;
};

// One scope's totals: leaves are reps, upper scopes sum their children.
struct CompositeLine {
  std::string scope;
  double submitted = 0;       // the reps' own calls
  double adjusted = 0;        // after managers' adjustments
  double bias_corrected = 0;  // adjusted x each rep's correction (= adjusted when off)
  int reps = 0;               // reps with a call below this scope
  int missing = 0;            // leaf scopes below with no call (counted as 0)
};

struct CompositeResult {
  std::vector<CompositeLine> lines;  // hierarchy node order
  std::vector<RepBias> bias;         // per call, input order
  std::string note;                  // e.g. "no call from: r7, r9"
};

// Rolls reps' calls up `hierarchy`. kInvalidArgument for a rep that is not a leaf of the
// hierarchy, a rep called twice, an adjustment without a reason, or bad numbers.
Result<CompositeResult> RollUpSalesForce(const Hierarchy& hierarchy, std::span<const RepCall> calls,
                                         const CompositeOptions& options = {});

// ---------------------------------------------------------------------------------------
// Delphi rounds

struct DelphiAnswer {
  std::string expert;  // never shown to the other experts
  double figure = 0;
  std::string reason;  // may be empty
};

struct DelphiOptions {
  double threshold = 0.1;  // converged when IQR / |median| <= threshold
  int max_rounds = 4;
  int min_experts = 3;
};

// A reason as fed back to the panel: no name, only where the figure stood.
struct DelphiReason {
  std::string position;  // "below", "at" or "above" the round's median
  std::string text;
};

struct DelphiRound {
  int round = 0;                      // 1-based
  Spread spread;                      // median, quartiles (type 7), IQR relative to median
  std::vector<DelphiReason> reasons;  // sorted by the figure, then text: no order by expert
  bool converged = false;             // relative IQR <= threshold
};

struct DelphiOutcome {
  std::vector<DelphiRound> rounds;
  bool finished = false;   // converged, or max_rounds reached
  bool converged = false;
  double consensus = 0;    // the last round's median
  std::string status;      // "converged", "rounds exhausted" or "next round"
};

// Summarises the rounds held so far (oldest first). kInvalidArgument for a round with
// fewer than min_experts answers, an expert answering twice in a round, a non-finite
// figure, a round held after the panel had finished, or more than max_rounds rounds.
Result<DelphiOutcome> SummariseDelphi(std::span<const std::vector<DelphiAnswer>> rounds,
                                      const DelphiOptions& options = {});

}  // namespace salesdesk::forecast
