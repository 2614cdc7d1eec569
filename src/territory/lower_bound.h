// A lower bound on dispersion for any alignment that balances workload within ±τ, so a
// user sees how close a plan is to the best possible (gap = plan / bound - 1).
#pragma once

#include <atomic>
#include <vector>

#include "core/status.h"
#include "territory/instance.h"

namespace salesdesk::territory {

struct LowerBoundOptions {
  double tolerance = 0.05;         // τ of the alignments the bound covers
  int max_iterations = 3000;       // subgradient iterations
  double time_limit_seconds = 30;  // stop earlier when reached (the bound stays valid)
  double upper_bound = 0;          // dispersion of a known plan (steers the step); 0 = none
  int threads = 2;
  int list_width = 0;  // neighbours kept per centre; 0 = automatic (tests force it)
  const std::atomic<bool>* cancel = nullptr;  // polled each iteration; true = stop early
};

struct LowerBound {
  double value = 0;  // km·h; no alignment within ±τ has lower dispersion
  int iterations = 0;  // subgradient iterations up to the last certified one
};

// Lagrangian lower bound of the balanced p-median with medoid centres: minimise
// Σ w_i d_ij x_ij subject to one territory per account, k centres, each centre in its own
// territory and each territory's workload within mean × (1 ± τ). The assignment
// constraints are relaxed with multipliers λ; each candidate centre then solves the LP
// relaxation of a knapsack with lower and upper capacity (greedy by ratio), and the k
// cheapest centres are opened. Multipliers follow the subgradient method with Polyak
// steps (Held, Wolfe & Crowder 1974; Beasley 1993 for the p-median). Every iterate is a
// valid bound; the best is returned. Contiguity and locks are ignored (the bound stays
// valid for them, only looser). Home bases are not covered: a home can sit nearer its
// accounts than any account does, so with home bases the figure is not a bound.
//
// Spatial pruning, and why the bound stays a true lower bound: (1) each centre keeps a
// list of its nearest accounts (found block by block, nearest box first, so the lists
// equal a full scan's); an account beyond the list is at least the list's last distance
// away, and an account in a block of nearby accounts at least the distance to the block's
// bounding box (chord to the box ≤ chord to any point in it; great-circle ≥ R × chord), so
// a block is skipped only when even that distance minus the block's highest multiplier per
// hour cannot undercut the knapsack's threshold: no skipped account could have entered the
// knapsack, and each centre's value is exact. (2) Only every 8th iteration solves every
// centre (certified: the bound is taken from these alone); the iterations between solve
// the 4k centres that were cheapest at the last certified one, and serve only to move the
// multipliers — any multipliers give a valid bound, so the steering cannot invalidate it.
// Memory about n × min(n, 2.5 × accounts per territory) × 8 bytes.
// Stopped early by `cancel` or the time limit, it returns the best bound certified so far
// (still valid: the first iteration always completes).
Result<LowerBound> DispersionLowerBound(const Instance& instance, int territories,
                                        const LowerBoundOptions& options);

}  // namespace salesdesk::territory
