// Hierarchical forecast reconciliation: forecasts made separately for every scope of the
// sales hierarchy (rep -> team -> region -> org) are adjusted so that the children
// always sum to their parent. Pure computation; no I/O; thread-safe; deterministic.
//
// Methods (all of the form  y~ = S G y^, with S the summing matrix):
//   bottom-up    the leaves' base forecasts are summed upwards; upper levels' own
//                forecasts are ignored.
//   OLS          G = (S'S)^-1 S' (Hyndman, Ahmed, Athanasopoulos & Shang 2011).
//   WLS          structural scaling: W = diag(number of leaves under each node)
//                (Athanasopoulos, Hyndman, Kourentzes & Petropoulos 2017).
//   MinT shrink  G = (S' W^-1 S)^-1 S' W^-1 with W the shrinkage estimate of the
//                covariance of the nodes' one-step in-sample residuals: the sample
//                covariance (uncentred, divided by T) shrunk towards its diagonal with the
//                intensity of Schafer & Strimmer (2005) (Wickramasuriya, Athanasopoulos &
//                Hyndman 2019, "Optimal forecast reconciliation for hierarchical and
//                grouped time series through trace minimization", JASA 114(526); the
//                estimator of R's hts::MinT(covariance = "shr")).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace salesdesk::forecast {

// One scope of the hierarchy: an org, region, team or rep id. `parent` is empty for a
// top scope. Several top scopes (a forest) are allowed.
struct ScopeNode {
  std::string id;
  std::string parent;
};

// An immutable, validated tree of scopes. Node indices follow the input order.
class Hierarchy {
 public:
  // Checks that ids are non-empty and unique, that every parent exists and that there
  // are no cycles; kInvalidArgument naming the offending node otherwise.
  static Result<Hierarchy> Build(std::span<const ScopeNode> nodes);

  int size() const { return static_cast<int>(ids_.size()); }
  const std::string& id(int node) const { return ids_[node]; }
  // The parent's index, or -1 for a top scope.
  int parent(int node) const { return parent_[node]; }
  // Children in input order.
  const std::vector<int>& children(int node) const { return children_[node]; }
  bool IsLeaf(int node) const { return children_[node].empty(); }
  // The index of `id`, or -1.
  int Find(std::string_view id) const;
  // Leaf (bottom-level) nodes in input order; leaf k is column k of the summing matrix.
  const std::vector<int>& leaves() const { return leaves_; }
  // Number of leaves below (or equal to) each node.
  std::vector<int> LeafCounts() const;
  // The summing matrix S (size() x leaves().size(), row major): S[i][k] = 1 when leaf k
  // is node i or lies below it.
  std::vector<double> SummingMatrix() const;
  // The value of every node as the sum of the leaves below it; `leaf_values` is in
  // leaves() order. Sizes must match (asserted).
  std::vector<double> SumUp(std::span<const double> leaf_values) const;

 private:
  std::vector<std::string> ids_;
  std::vector<int> parent_;
  std::vector<std::vector<int>> children_;
  std::vector<int> leaves_;
};

enum class ReconcileMethod { kBottomUp, kOls, kWlsStructural, kMinTShrink };

// "bottom_up", "ols", "wls", "mint_shrink".
std::string_view ReconcileMethodName(ReconcileMethod method);
// The inverse of ReconcileMethodName; kInvalidArgument for an unknown name.
Result<ReconcileMethod> ParseReconcileMethod(std::string_view name);

struct ReconcileInput {
  // base[node][h]: every node's own forecast for steps 1..H (node order of the
  // hierarchy; every node must have the same H >= 1).
  std::vector<std::vector<double>> base;
  // residuals[node][t]: in-sample one-step forecast errors (actual - fitted) of the
  // method that made base[node], over the same T >= 2 periods for every node. Needed
  // only by kMinTShrink.
  std::vector<std::vector<double>> residuals;
};

struct Reconciled {
  // forecasts[node][h], coherent: each parent equals the sum of its children.
  std::vector<std::vector<double>> forecasts;
  std::string method;          // ReconcileMethodName
  double shrinkage = 0;        // MinT's lambda in [0, 1] (1 = diagonal only); 0 otherwise
  std::string note;            // e.g. a node whose residuals had no variance
};

// Reconciles `input.base` over `hierarchy` by `method`. kInvalidArgument when sizes do
// not match the hierarchy, values are not finite, or MinT lacks usable residuals.
Result<Reconciled> Reconcile(const Hierarchy& hierarchy, const ReconcileInput& input,
                             ReconcileMethod method);

// OK when every non-leaf node's value equals the sum of its children's values within
// `tolerance` (absolute, plus the same amount relative to the parent's magnitude);
// otherwise kInvalidArgument naming the first offending node, e.g. "team-east: children
// sum to 120 but the scope has 125". `values` is in node order.
Status CheckCoherent(const Hierarchy& hierarchy, std::span<const double> values,
                     double tolerance = 1e-6);

// The shrinkage covariance of MinT for residual columns `residuals[node][t]`, returned
// row major (nodes x nodes), and its intensity lambda. Exposed for testing and for
// showing the app's users how correlated the scopes' errors are.
struct ShrinkCovariance {
  std::vector<double> matrix;
  double lambda = 0;
};
Result<ShrinkCovariance> ShrinkageCovariance(const std::vector<std::vector<double>>& residuals);

}  // namespace salesdesk::forecast
