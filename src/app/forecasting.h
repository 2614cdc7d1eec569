// The forecast a manager commits to (issue 3 §3): for one scope — a rep's own sales, a
// manager's whole team, or the organisation — the monthly sales history, the
// statistical engine's forecasts with intervals, the forecasts people and methods have
// kept, each source's track record against the actuals that have since arrived, a
// suggested combination weighted by that record, and the committed figure. Every scope
// is limited to what the actor may see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/access.h"
#include "app/scopes.h"
#include "core/dates.h"
#include "forecast/econometric.h"

namespace salesdesk::app {

// The scopes `actor` may forecast, top first: the organisation for executives and
// admins, then every visible manager's team and every visible rep.
Result<std::vector<ForecastScope>> ForecastScopes(Store& store, const Actor& actor);

// One forecast for the months after the history.
struct SheetForecast {
  std::string source;       // "engine:auto", "engine:ets", "composite:Wang Fang", ...
  std::string method;       // forecasts.method ("statistical" for the engine)
  std::string model;        // what was fitted ("ETS(A,N,A)") or the kept row's model
  std::vector<double> mean, lo80, hi80, lo95, hi95;  // per future month; NaN where none
  std::string note;
};

// How a source has done on past months of this scope: its latest kept forecast of each
// month made no later than the month's first day, scored against the actuals
// (forecast/scoring.h: MASE scaled by the history's in-sample seasonal naive MAE).
struct TrackRecord {
  std::string source;
  int n = 0;                 // scored months
  double mase = 0;           // NaN when the history gives no scale
  double bias_percent = 0;   // 100 * sum(forecast - actual) / sum(actual): > 0 is optimistic
  double mae = 0;            // major units
  struct Point {
    std::string month;
    double mase = 0, bias_percent = 0;  // over the last six scored months up to `month`
  };
  std::vector<Point> over_time;
};

struct ForecastSheet {
  ForecastScope scope;
  std::string currency;
  std::vector<std::string> history_months;   // YYYY-MM, oldest first, gaps filled with 0
  std::vector<double> history;                // major units
  std::vector<std::string> months;            // the forecast months, next month first
  std::vector<SheetForecast> forecasts;       // engine sources first, then kept sources
  std::vector<TrackRecord> league;            // best MASE first; too little history last
  // Suggested figure per forecast month: every source with a figure, weighted by 1 / MASE
  // from the track record (sources with fewer than 3 scored months get the mean weight of
  // those with a record; equal weights when nobody has one). Weights of the first month.
  std::vector<double> suggested;
  std::vector<std::pair<std::string, double>> suggested_weights;
  std::vector<std::optional<double>> committed;  // the latest committed figure per month
  std::vector<std::string> committed_notes;
};

// Builds the sheet of scope `scope_key` for the `horizon` (1..24) months after the last
// complete month before `today`. kNotFound for a scope the actor cannot see,
// kInvalidArgument for a malformed key or horizon.
Result<ForecastSheet> BuildForecastSheet(Store& store, const Actor& actor, const std::string& scope_key,
                                         int horizon, Date today);

// The hierarchical roll-up of a scope: every scope below it (teams, then reps) forecast
// by the engine on its own history, then reconciled so that every parent equals the sum
// of its children (forecast/reconcile.h: bottom-up, OLS, structural WLS or MinT with a
// shrunk covariance of the in-sample one-step errors).
struct RollupNode {
  ForecastScope scope;
  std::vector<double> history;      // over the root's history months
  std::vector<double> base;         // the engine's own forecast of this node
  std::vector<double> reconciled;   // coherent
  std::string model;
};
struct ForecastRollup {
  std::string currency;
  std::string method;               // the engine's method for the base forecasts
  std::string reconciliation;       // bottom_up | ols | wls | mint_shrink
  double shrinkage = 0;             // MinT's lambda
  std::string note;
  std::vector<std::string> history_months, months;
  std::vector<RollupNode> nodes;    // the root first, parents before children
};

// Builds the roll-up of `scope_key` for `horizon` months. `method` is an engine method
// with in-sample fits (ets, arima, theta, snaive, naive, ses, holt); `reconciliation` as
// in ParseReconcileMethod. A rep's scope is a single node (nothing to reconcile).
Result<ForecastRollup> BuildForecastRollup(Store& store, const Actor& actor, const std::string& scope_key,
                                           const std::string& method, const std::string& reconciliation,
                                           int horizon, Date today);

// 管理层意见: the executives' kept figures (method "executive") for one month of a scope,
// weighted by their past accuracy on this scope (inverse MAE, shrunk for short records),
// with the spread of their figures.
struct OpinionPerson {
  std::string name;
  double figure = 0;
  double weight = 0;
  int history = 0;          // scored past months
  double past_mae = 0;      // NaN without history
};
struct ExecutiveOpinion {
  std::string month;
  double forecast = 0;      // weighted; NaN when nobody gave a figure
  double median = 0, q1 = 0, q3 = 0, min = 0, max = 0;
  std::vector<OpinionPerson> people;
  std::string note;
};
Result<ExecutiveOpinion> BuildExecutiveOpinion(Store& store, const Actor& actor, const std::string& scope_key,
                                               const std::string& month, Date today);

// 销售人员综合: for one month, each rep's own call (their latest "composite" forecast of
// their own sales), a manager's adjustment with its reason (a "composite" forecast of the
// rep's scope by someone else), the open pipeline closing that month as a pre-fill
// (closed, commit, best case, probability-weighted), each rep's historical bias (calls
// against actuals, positive = optimistic) and the roll-up through the teams.
struct CompositeRep {
  ForecastScope scope;
  std::optional<double> call, adjusted;
  std::string adjusted_by, reason;
  double closed = 0, commit = 0, best_case = 0, weighted = 0;  // the pipeline pre-fill
  int bias_months = 0;
  double bias_percent = 0;    // mean 100 (call - actual) / actual; NaN without history
  double correction = 1;      // the factor that corrects the bias (1 without enough history)
};
struct CompositeRollupLine {
  ForecastScope scope;
  double submitted = 0, adjusted = 0, bias_corrected = 0;
  int reps = 0, missing = 0;
};
struct SalesForceComposite {
  std::string month;
  std::vector<CompositeRep> reps;
  std::vector<CompositeRollupLine> lines;  // the scope first, parents before children
  std::string note;
};
Result<SalesForceComposite> BuildSalesForceComposite(Store& store, const Actor& actor, const std::string& scope_key,
                                                     const std::string& month, Date today);

// 市场因素: the actor's visible sales over [from, to] (YYYY-MM-DD) per account territory
// (the accounts' `territory` field), for regressing sales on a market factor.
Result<std::vector<std::pair<std::string, double>>> SalesByTerritory(Store& store, const Actor& actor,
                                                                   const std::string& from, const std::string& to);

// 计量经济: multiple regression of the scope's monthly sales on indicators the manager
// brings (each a monthly series from `start`, with the lags to use); values beyond the
// sales history are the indicator's known future, the rest is forecast by the engine and
// its uncertainty carried into the sales intervals.
struct IndicatorInput {
  std::string name;
  std::string start;            // YYYY-MM of values[0]
  std::vector<double> values;
  std::vector<int> lags{0};
};
struct EconometricSheet {
  std::vector<std::string> history_months, months;
  std::vector<double> history;
  forecast::EconometricForecast result;
};
Result<EconometricSheet> BuildEconometric(Store& store, const Actor& actor, const std::string& scope_key,
                                          const std::vector<IndicatorInput>& indicators, int horizon, Date today);

// Runs the engine's `method` on the scope's history and keeps its forecasts (method
// "statistical", model = `method`, made on `today`) for the next `horizon` months, as
// the actor (who must be able to write forecasts for that scope). Returns the rows kept.
Result<std::vector<Record>> KeepEngineForecast(Store& store, const Actor& actor, const std::string& scope_key,
                                               const std::string& method, int horizon, Date today);

}  // namespace salesdesk::app
