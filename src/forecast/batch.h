// Batch forecasting of many series (the CLI's `forecast batch`), and a parser for the
// M3-style layout it reads. Pure: file contents come in as strings, results go out as
// values; the CLI does the I/O.
//
// Layout (see bench/data/m3/README.md):
//   series.csv  id,category,type,period,horizon,start   one row per series
//   train.csv   id,t,value                                t = 1..n per series, any order
//   output      id,h,mean,lo80,hi80,lo95,hi95,method      h = 1..horizon (ForecastRows)
// Comma-separated text with a header row; a field may be double-quoted (the method
// column is, when the name holds a comma: "ETS(A,A,N)").
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "forecast/accuracy.h"
#include "forecast/method.h"

namespace salesdesk::forecast {

struct BatchSeries {
  std::string id;
  std::string category;
  std::string type;
  std::string start;
  int horizon = 1;
  Series series;  // values oldest first; series.period from the period column
};

// Parses series.csv and train.csv. Errors (kInvalidArgument, message "line N: ...",
// field = the column at fault): wrong header, wrong column count, duplicate id,
// non-integer or < 1 period / horizon (a horizon of 0 is an error), non-numeric, NaN or
// infinite value, unknown id in train.csv, a t that repeats or leaves a gap (a missing
// period), a series with no observations. Series keep the order of series.csv.
Result<std::vector<BatchSeries>> ParseBatchInput(std::string_view series_csv,
                                                 std::string_view train_csv);

// Parses observations (`id,t,value`, e.g. test.csv) for the given series, by the same
// rules; the result is aligned with `series` (empty for a series without rows).
Result<std::vector<std::vector<double>>> ParseObservations(std::string_view csv,
                                                           const std::vector<BatchSeries>& series);

// One series' outcome: a forecast, or why there is none.
struct BatchOutcome {
  Status status;
  Forecast forecast;
};

// Called after each series with (series done, total); from worker threads, but never
// concurrently (calls are serialised).
using BatchProgress = std::function<void(int done, int total)>;

// Forecasts every series with the method called `method` on `threads` std::threads
// (>= 1; each series is forecast independently, so the result is identical for any
// thread count). A series whose forecast fails keeps its Status in its outcome; the
// batch goes on. `cancel` (may be null) is polled between series: once true the call
// returns kCancelled. kInvalidArgument for an unknown method or threads < 1.
Result<std::vector<BatchOutcome>> RunBatch(const std::vector<BatchSeries>& series,
                                           std::string_view method, int threads,
                                           const BatchProgress& progress = {},
                                           const std::atomic<bool>* cancel = nullptr,
                                           const MethodOptions& options = {});

// One output row.
struct ForecastRow {
  std::string id;
  int h = 0;
  double mean = 0, lo80 = 0, hi80 = 0, lo95 = 0, hi95 = 0;
  std::string method;
};
// The rows for every successful outcome, series in order, h = 1..horizon.
std::vector<ForecastRow> ForecastRows(const std::vector<BatchSeries>& series,
                                      const std::vector<BatchOutcome>& outcomes);

// Parses a forecast file in the output layout above for the given series; the result is
// aligned with `series` (a series without rows has an empty mean). Errors ("line N: ..."):
// wrong header or width, unknown id, h that is not 1..n without gaps or repeats,
// non-numeric or non-finite numbers, bounds out of order (lo95 <= lo80 <= mean <= hi80
// <= hi95 must hold).
Result<std::vector<Forecast>> ParseForecasts(std::string_view csv,
                                             const std::vector<BatchSeries>& series);

// Accuracy of a batch's forecasts against held-out actuals, per category and overall.
struct BatchScore {
  std::vector<std::pair<std::string, AccuracyTotals>> by_category;  // sorted by category
  AccuracyTotals all;
  int without_actuals = 0;  // series with no test rows (not scored)
};

// Scores forecasts[i] against test[i] for every series with test rows. kInvalidArgument
// naming the series when a series with actuals has no forecast or a shorter one than its
// actuals (every actual must be forecast; extra forecast steps are ignored).
Result<BatchScore> ScoreBatch(const std::vector<BatchSeries>& series,
                              const std::vector<std::vector<double>>& test,
                              const std::vector<Forecast>& forecasts);

}  // namespace salesdesk::forecast
