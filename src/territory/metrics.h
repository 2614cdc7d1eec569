// How good an alignment is: per-territory and overall balance, compactness, contiguity,
// and how much it moves against another alignment. Definitions match the project's
// reference evaluator (bench/territory/run.sh cross-checks them).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "territory/instance.h"

namespace salesdesk::territory {

// An alignment of an instance's accounts: territory_of[i] indexes `territories` (the
// territory names: reps or generated labels); -1 means "not assigned".
struct Alignment {
  std::vector<std::string> territories;
  std::vector<int> territory_of;
};

// A territory's centre: the workload-weighted medoid account (the member j minimising
// Σ workload_i × km(i, j)), or the rep's home base.
struct Centre {
  int account = -1;  // the medoid, or -1 for a home base
  UnitVector position;
  double dispersion_km_h = 0;  // Σ workload_i × km(i, centre) over the members
};

// The exact workload-weighted medoid of `members` (non-empty). Candidates are tried
// nearest the weighted centroid first and abandoned as soon as they cost more than the
// best so far, so typical territories cost far less than |members|² distances.
Centre WeightedMedoid(const Instance& instance, std::span<const int> members);

struct TerritoryMetrics {
  std::string name;
  int accounts = 0;
  double workload = 0;             // hours
  double potential = 0;
  double workload_deviation = 0;   // (workload - mean) / mean, signed
  double potential_deviation = 0;  // (potential - mean) / mean, signed; 0 without potential
  double dispersion_km_h = 0;      // Σ workload × km to the centre
  double radius_km = 0;            // farthest account from the centre
  double travel_km = 0;            // estimated travel: one out-and-back trip to each account
  bool home_base = false;          // centre is the rep's home base (else the medoid)
  std::string centre_account;      // medoid account id; empty for a home base
  int components = 0;              // connected pieces on the account graph (1 = contiguous)
};

struct AlignmentMetrics {
  std::vector<TerritoryMetrics> territories;
  double tolerance = 0.05;  // τ the feasibility flags use
  double total_workload = 0, mean_workload = 0;
  double total_potential = 0, mean_potential = 0;
  double max_workload_deviation = 0;   // max |workload - mean| / mean
  double max_potential_deviation = 0;  // same for potential (0 without potential)
  // A floor no alignment can beat: largest single account / mean - 1, or 0.
  double workload_deviation_floor = 0;
  int outside_tolerance = 0;  // territories with |deviation| > τ
  int empty_territories = 0;
  double dispersion_km_h = 0;
  double mean_km = 0;  // dispersion / total workload: the workload-weighted mean distance
  double max_radius_km = 0;
  double travel_km = 0;
  int noncontiguous_territories = 0;
  int extra_components = 0;  // Σ (components - 1)
  bool balanced = false;     // every territory non-empty and within ±τ
};

// The home base of each territory of `territories` (by name), or nullopt.
std::vector<std::optional<UnitVector>> HomesByTerritory(const std::vector<std::string>& territories,
                                                        const std::vector<HomeBase>& homes);

// Measures `alignment` on `instance`; unassigned accounts (-1) are left out. Territories
// named in `homes` are measured to their home base. O(n + Σ medoid work). Thread-safe.
AlignmentMetrics Measure(const Instance& instance, const Alignment& alignment,
                         const std::vector<HomeBase>& homes, double tolerance);
// The same with home bases already resolved per territory index (empty = none).
AlignmentMetrics Measure(const Instance& instance, const Alignment& alignment,
                         const std::vector<std::optional<UnitVector>>& homes, double tolerance);

// How much `after` moves against `before`, comparing territory names (a name = a rep).
// Accounts unassigned in `before` count as moved.
struct Disruption {
  int moved_accounts = 0;
  double moved_share = 0;           // of accounts
  double moved_workload_share = 0;  // of total workload
  double moved_potential_share = 0;
  // Label-free: new territories matched one-to-one to old ones greedily by shared workload
  // (for plans with fresh labels); the share of workload not kept by its match.
  double matched_moved_workload_share = 0;
};
Disruption MeasureDisruption(const Instance& instance, const Alignment& after,
                             const Alignment& before);

// A what-if comparison: both alignments measured the same way, and what changes.
struct Comparison {
  AlignmentMetrics before, after;
  Disruption disruption;
};
Comparison Compare(const Instance& instance, const Alignment& before, const Alignment& after,
                   const std::vector<HomeBase>& homes, double tolerance);

// Counts the connected pieces of each territory on the account graph (0 for an empty
// territory). O(n + edges).
std::vector<int> CountComponents(const Instance& instance, const std::vector<int>& territory_of,
                                 int territory_count);

}  // namespace salesdesk::territory
