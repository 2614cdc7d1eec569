// Internal to the territory module: one heuristic search for a balanced, compact,
// contiguous alignment (location–allocation with priced balancing, contiguity repair,
// balance chains, boundary local search and merge-and-split of adjacent pairs), and the
// region search that improves a finished plan. alignment_run.cc runs several searches,
// improves the best few by region search and keeps the best.
//
// Method: Hess et al. (1965) location–allocation; the balanced assignment step uses
// territory prices (Lagrange multipliers of the balance constraints, so each account goes
// to argmin km − price); then contiguity is restored and balance made exact by ejection
// chains on the territory adjacency graph (and, where the band is narrower than an
// account, exchanges of a heavier for a lighter boundary account), and boundary transfers
// and swaps that keep contiguity improve dispersion (Kalcsics & Ríos-Mercado 2019, ch. on local search).
// Seeds: runs of equal workload along a randomly rotated Hilbert curve, so that centres
// follow the accounts' density as balanced territories must.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "territory/instance.h"

namespace salesdesk::territory::internal {

// What one search needs besides the instance. Indices are territory numbers 0..k-1.
struct SearchSpec {
  int territories = 0;
  double tolerance = 0.05;
  double potential_weight = 0;
  std::vector<std::optional<UnitVector>> homes;  // size k or empty
  std::vector<int> locked;                       // per account: territory or -1 (size n)
  std::vector<int> current;                      // per account: territory or -1; empty = none
  double max_moved_share = 1.0;                  // used only with `current`
  // The workload band in hours when set (load_max > 0), else mean × (1 ± tolerance). A
  // region re-solved inside a plan keeps the whole plan's band, not its own mean's.
  double load_min = 0, load_max = 0;
  // With a `start` plan: first re-run location–allocation from its medoids with the
  // exact balanced assignment (transport.h), then repair and improve as usual. For fresh
  // plans (no `current`) on instances small enough for the exact step.
  bool exact_allocation = false;
  // Ends the search with cyclic and path exchanges of accounts among territories
  // (multi_exchange.cc): better plans when the band is tight, at some cost in time, so
  // RunAlignment asks for it on every search of small instances, else on the finalists.
  bool multi_exchange = false;
  // After that, strategic oscillation (multi_exchange.cc, Oscillate): exchanges that may
  // break the band at a price, then restore it. Finds plans whose every path of
  // band-keeping exchanges is blocked; costs about as much again, so small instances only.
  bool oscillate = false;
  // When the balance repair leaves territories outside the band, exchanges priced to put
  // balance first (multi_exchange.cc, BalanceByExchanges) before the search gives up on
  // it. Only tests turn it off, to measure it.
  bool balance_exchanges = true;
  const std::atomic<bool>* stop = nullptr;       // polled; true = give up soon
  const std::atomic<bool>* cancel = nullptr;     // the caller's flag, polled likewise
};

struct SearchResult {
  std::vector<int> territory_of;
  double dispersion = 0;  // with the centres the search ended with (exact medoids or homes)
  double objective = 0;   // dispersion plus the potential term
  bool balanced = false;
  int noncontiguous = 0;
  double moved_workload = 0;  // against `current`
  bool stopped = false;
};

// Runs one search from `seed`: fresh location–allocation when `start` is empty, else
// improvement of `start` (used for the disruption-limited case, start = current).
// Deterministic for a given seed. Thread-safe for distinct calls.
SearchResult RunSearch(const Instance& instance, const SearchSpec& spec, std::uint64_t seed,
                       const std::vector<int>& start);

// Large neighbourhood search around a finished plan (`start`, contiguous, a fresh plan:
// no `current`, no potential term; otherwise `start` is returned). When `start` has
// territories outside the band, regions grown around each of them (4, then 8, then 16
// territories, with room for their hours) are first re-solved for balance, and a plan
// still outside is returned as it then is. Then `steps` times, a random territory and its
// neighbours (a region of a few territories) are pooled and aligned afresh as a small
// instance of their own (the induced account graph, the same workload band, their locks
// and home bases) by a few seeded RunSearch calls; the best re-alignment replaces the
// region when it lowers the region's dispersion. Territories stay balanced and contiguous
// (contiguity on the induced graph implies it on the whole graph). Deterministic for a seed.
SearchResult ImproveByRegions(const Instance& instance, const SearchSpec& spec,
                              std::uint64_t seed, const SearchResult& start, int steps);

}  // namespace salesdesk::territory::internal
