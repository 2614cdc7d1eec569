// The adjacency graph of the accounts: which accounts are neighbours, for contiguity.
// Built from the Delaunay triangulation of the accounts in the equal-area projection
// (the usual proxy for polygon adjacency in districting; Kalcsics & Ríos-Mercado 2019).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace salesdesk::territory {

// Undirected Delaunay edges (i < j, sorted) of the planar points (x[i], y[i]).
// Bowyer–Watson incremental insertion in Hilbert-curve order with walking point location
// (Bowyer 1981, Watson 1981), plus every convex-hull edge. Exact duplicate points are
// attached to their first occurrence: a duplicate is adjacent to its original and to the
// original's neighbours. Collinear input yields the path along the line. Runs in about
// O(n log n) for scattered points. Follows the project's reference evaluator step by
// step so that contiguity agrees with it. Thread-safe (no shared state).
std::vector<std::pair<int, int>> DelaunayEdges(const std::vector<double>& x,
                                               const std::vector<double>& y);

// An undirected graph on accounts 0..n-1 in compressed (CSR) form. Immutable.
class AccountGraph {
 public:
  AccountGraph() = default;
  // Builds the graph from undirected edges; duplicates and self-loops are dropped;
  // each neighbour list is sorted.
  AccountGraph(int n, const std::vector<std::pair<int, int>>& edges);

  int size() const { return static_cast<int>(offset_.size()) - 1; }
  std::span<const int> Neighbours(int account) const {
    return {target_.data() + offset_[account], target_.data() + offset_[account + 1]};
  }
  std::int64_t edge_count() const { return static_cast<std::int64_t>(target_.size()) / 2; }

 private:
  std::vector<int> offset_{0};
  std::vector<int> target_;
};

// The Delaunay graph of accounts given in degrees: projection + DelaunayEdges.
AccountGraph BuildAccountGraph(const std::vector<double>& latitude_deg,
                               const std::vector<double>& longitude_deg);

}  // namespace salesdesk::territory
