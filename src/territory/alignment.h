// Territory alignment: splits accounts into territories that balance workload within ±τ
// of the mean, are compact (low dispersion: workload-weighted great-circle km to each
// territory's centre), are contiguous on the accounts' Delaunay graph, respect locks, and
// — given a current alignment — move at most a set share of workload, saying what moved
// and why. Pure computation: no I/O, no global state.
//
// Method: location–allocation (Hess et al. 1965) with territory prices for balance,
// contiguity repair, ejection chains, contiguity-keeping boundary transfers and swaps, and
// merge-and-split of adjacent territory pairs (Kalcsics & Ríos-Mercado 2019, "Districting
// problems", in Location Science), from several seeds (density-following starts cut along
// a Hilbert curve) run on worker threads; on small instances the best plans are then
// improved by region search (a few neighbouring territories re-aligned afresh at a time);
// the best plan wins.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "territory/instance.h"
#include "territory/metrics.h"

namespace salesdesk::territory {

// How hard to try and what to trade. Defaults suit a few thousand accounts.
struct AlignOptions {
  double tolerance = 0.05;  // τ: each territory's workload within mean × (1 ± τ)
  // Potential is a soft goal: 1 means one percentage point less mean |potential deviation|
  // is worth one percent more dispersion; 0 ignores potential.
  double potential_weight = 0.0;
  // With a current alignment: the largest share of total workload that may change
  // territory (labels = reps). 1 = no limit (a fresh plan, relabelled to match).
  double max_moved_share = 1.0;
  std::uint64_t seed = 1;
  int restarts = 0;         // independent searches; 0 = chosen from the instance size
  int threads = 2;          // worker threads; results do not depend on it
  double time_limit_seconds = 0;  // 0 = none; else no new search starts after it (then
                                  // the result may depend on machine speed: reported)
  // > 0: after the searches, spend up to this long on the dispersion lower bound
  // (lower_bound.h) so the result says how close the plan is to the best possible. Skipped
  // when home bases are used (a home can sit nearer its accounts than any account does, so
  // the medoid bound does not hold for them).
  double lower_bound_seconds = 0;
};

// What an alignment run needs, as parsed rows. Territories are named by `reps` when
// given (k = reps.size()), else by the labels in `current`, `locks` and `homes` plus
// generated names T01, T02, ... up to `territory_count`.
struct AlignRequest {
  std::vector<AccountRow> accounts;
  int territory_count = 0;  // k; may be 0 when `reps` is given
  std::vector<std::string> reps;
  std::vector<HomeBase> homes;           // optional, by territory name
  std::vector<AccountTerritory> locks;   // accounts that must stay in a territory
  std::vector<AccountTerritory> current; // the alignment in force, if any
  AlignOptions options;
};

// Why an account changed territory against the current alignment, most telling first.
enum class MoveWhy {
  kNewAccount,      // it had no territory
  kLocked,          // locked to `to`
  kCutOff,          // it was cut off from the rest of `from`
  kFromOverloaded,  // `from` was over the band (deviation > 0)
  kToUnderloaded,   // `to` was under the band (deviation < 0)
  kCloser,          // nearer its new centre (km_after < km_before)
  kMakesRoom,       // none of the above: it makes room for other moves
};
// "new_account", "locked", "cut_off", "from_overloaded", "to_underloaded", "closer",
// "makes_room": the names the API and CLI use.
const char* MoveWhyName(MoveWhy why);

struct AccountMove {
  std::string account_id;
  std::string from;  // empty when the account had no territory
  std::string to;
  MoveWhy why = MoveWhy::kMakesRoom;
  double deviation = 0;                // kFromOverloaded / kToUnderloaded: the territory's workload deviation before
  double km_before = 0, km_after = 0;  // kCloser: distance to the old and the new centre
  std::string reason;  // the same in English, e.g. "balance: T03 was 7.2% over the mean workload"
};

// Something the user should know about a result (an unmet goal), as data and in English.
struct AlignNote {
  enum class Kind {
    kUnbalanced,     // workload outside ±tolerance somewhere: `tolerance`, `deviation`, `remedies`
    kNoncontiguous,  // `count` territories are not contiguous
    kTimeLimit,      // the time limit stopped the run after `count` of `of` searches
  };
  Kind kind = Kind::kUnbalanced;
  double tolerance = 0, deviation = 0;
  int count = 0, of = 0;
  // What the request could change, among "raise_tau", "raise_limit", "unlock", "no_homes".
  std::vector<std::string> remedies;
  std::string text;
};
// "unbalanced", "noncontiguous", "time_limit".
const char* AlignNoteName(AlignNote::Kind kind);

// Progress of a run, for a progress bar: searches finished out of planned. The plan counts
// the seeded searches and then, for fresh plans without a potential goal, the region
// searches that improve the best few of them (one per chain).
struct AlignProgress {
  int searches_done = 0;
  int searches_planned = 0;
  double best_dispersion_km_h = 0;  // best so far (0 before the first finishes)
  double seconds = 0;
  bool bounding = false;  // the searches are done; the lower bound is being computed
};
// Called after each finished search (from a worker thread, never two at once). Return
// false to cancel: the run then ends with StatusCode::kCancelled.
using AlignProgressFn = std::function<bool(const AlignProgress&)>;

struct AlignResult {
  Alignment alignment;
  AlignmentMetrics metrics;
  std::optional<Disruption> disruption;  // against `current`, when given
  std::vector<AccountMove> moves;        // against `current`, when given
  std::vector<AlignNote> notes;          // anything the user should know (unmet goals)
  int searches = 0;
  double seconds = 0;
  bool hit_time_limit = false;
  // With options.lower_bound_seconds: no alignment within ±τ has less dispersion than
  // this (km·h); the plan's gap to the best possible is metrics.dispersion_km_h / it − 1.
  std::optional<double> lower_bound_km_h;

  // The alignment as `account_id,territory` rows in account order.
  std::vector<AccountTerritory> Rows(const Instance& instance) const;
};

// Validates the request and computes the alignment. Errors (kInvalidArgument) say what to
// change; `cancel` (optional) is polled, and setting it ends the run with kCancelled, as
// does `progress` returning false. Deterministic for a given options.seed and restarts.
// `instance_out`, when given, receives the validated instance (for Rows and metrics).
Result<AlignResult> AlignTerritories(const AlignRequest& request,
                                     const AlignProgressFn& progress = {},
                                     const std::atomic<bool>* cancel = nullptr,
                                     Instance* instance_out = nullptr);

// The checks AlignTerritories makes before searching, alone: OK when it would run (for
// answering a mistake at once before running in the background), else its error.
Status CheckAlignRequest(const AlignRequest& request);

// Measures an alignment given as rows (every account exactly once). `territory_count`
// counts empty territories when larger than the number of labels used.
Result<AlignmentMetrics> MeasureTerritories(const std::vector<AccountRow>& accounts,
                                            const std::vector<AccountTerritory>& alignment,
                                            const std::vector<HomeBase>& homes,
                                            double tolerance, int territory_count = 0);

// A what-if comparison of two alignments of the same accounts, side by side.
Result<Comparison> CompareTerritories(const std::vector<AccountRow>& accounts,
                                      const std::vector<AccountTerritory>& before,
                                      const std::vector<AccountTerritory>& after,
                                      const std::vector<HomeBase>& homes, double tolerance);

// Turns rows into an Alignment of `instance`: labels in first-seen order, then
// `extra_names` not yet seen. Fails on unknown or repeated ids; with `complete`, also
// when an account has no row.
Result<Alignment> AlignmentFromRows(const Instance& instance,
                                    const std::vector<AccountTerritory>& rows, bool complete,
                                    const std::vector<std::string>& extra_names = {});

}  // namespace salesdesk::territory
