// Track records: every kept forecast (a number per scope and period, made by a method or
// a person) is scored against the actual when it arrives, per author, overall and over
// time, and the track records suggest how to weight the authors' next forecasts.
// Pure computation: no I/O, no global state, deterministic, thread-safe.
//
// Errors are scaled per scope by the MASE scale of that scope's history (accuracy.h:
// in-sample MAE of the seasonal naive forecast), so a rep's small territory and the
// whole org can be pooled in one score (Hyndman & Koehler 2006).
//
// Sign convention: error = forecast - actual, so a positive bias means the forecasts ran
// HIGH (optimistic); note that accuracy.h's Bias() is actual - forecast.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace salesdesk::forecast {

// A forecast as kept: one value per scope, period and author. Periods are labels that
// sort chronologically as strings ("2026-03", "2026-Q1").
struct KeptForecast {
  std::string scope;
  std::string period;
  std::string author;  // a method name ("ets", "executive_opinion") or a person's id
  double value = 0;
};

struct ActualValue {
  std::string scope;
  std::string period;
  double value = 0;
};

// The history that sets a scope's error scale: values oldest first, seasonal period m.
struct ScopeHistory {
  std::string scope;
  std::vector<double> values;
  int period = 1;
};

struct ScoringOptions {
  int window = 6;      // periods in each rolling score
  int min_scored = 3;  // fewer scored forecasts: "no history" in the league and combination
};

// One author's score over a set of forecasts.
struct Score {
  int n = 0;                  // scored forecasts
  double mase = 0;            // mean |forecast - actual| / scope scale; NaN when n == 0
  double mean_error = 0;      // mean (forecast - actual), in the value's unit
  double percent_bias = 0;    // 100 sum (forecast - actual) / sum |actual|; NaN when that sum is 0
};

// An author's score over their last `window` scored periods up to and including `period`.
struct ScorePoint {
  std::string period;
  Score score;
};

struct AuthorRecord {
  std::string author;
  Score overall;
  std::vector<ScorePoint> over_time;  // one point per period the author was scored in, oldest first
  int pending = 0;                    // forecasts whose actual has not arrived
  bool enough_history = false;        // overall.n >= min_scored
  int rank = 0;                       // 1 = lowest MASE; authors without enough history rank last
};

struct TrackRecord {
  std::vector<AuthorRecord> league;  // by rank; ties by author
  std::string note;                  // e.g. scopes skipped for a constant history
};

// Scores every kept forecast that has an actual. kInvalidArgument naming the row for an
// empty scope/period/author, a non-finite value, a repeated (scope, period, author) or
// (scope, period) actual, a repeated history, or a scope with scored forecasts but no
// history. A scope whose history gives no scale (constant, or too short) is skipped and
// named in the note.
Result<TrackRecord> ScoreTrackRecord(std::span<const KeptForecast> forecasts, std::span<const ActualValue> actuals,
                                     std::span<const ScopeHistory> histories, const ScoringOptions& options = {});

struct SuggestedWeight {
  std::string author;
  double weight = 0;          // sums to 1
  double mase = 0;            // from the track record; NaN without history
  bool no_history = false;    // fewer than min_scored scored forecasts
};

struct SuggestedCombination {
  double value = 0;                     // sum of weight x candidate value
  std::vector<SuggestedWeight> weights; // candidates' order
  std::string note;
};

// Weights for combining `candidates` (forecasts for one scope and period) in proportion
// to 1 / MASE from `record` (Stock & Watson 2004's inverse-error weighting with scaled
// absolute errors). Candidates without enough history are flagged and get the mean
// weight of those with history (equal weights when nobody has history). kInvalidArgument
// for no candidates, candidates for different scopes or periods, a repeated author or a
// non-finite value.
Result<SuggestedCombination> SuggestCombination(const TrackRecord& record, std::span<const KeptForecast> candidates,
                                                const ScoringOptions& options = {});

}  // namespace salesdesk::forecast
