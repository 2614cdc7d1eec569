#include "forecast/reconcile.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <sstream>

#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

std::string Num(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

bool AllFinite(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

// Solves for the leaves' reconciled values x = (S' W^-1 S)^-1 S' W^-1 y for each step,
// with W^-1 S given as `w_inv_s` (n x m, row major), and sums them up the tree.
Result<std::vector<std::vector<double>>> SolveGls(const Hierarchy& hierarchy,
                                                  const std::vector<double>& s,
                                                  const std::vector<double>& w_inv_s,
                                                  const std::vector<std::vector<double>>& base) {
  const int n = hierarchy.size();
  const int m = static_cast<int>(hierarchy.leaves().size());
  std::vector<double> a(static_cast<std::size_t>(m) * m, 0.0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < m; ++j) {
      if (s[i * m + j] == 0) continue;
      for (int k = 0; k < m; ++k) a[j * m + k] += w_inv_s[i * m + k];
    }
  }
  const std::size_t horizon = base[0].size();
  std::vector<std::vector<double>> out(n, std::vector<double>(horizon));
  for (std::size_t h = 0; h < horizon; ++h) {
    std::vector<double> b(m, 0.0);
    for (int i = 0; i < n; ++i) {
      for (int k = 0; k < m; ++k) b[k] += w_inv_s[i * m + k] * base[i][h];
    }
    if (!internal::SolveSpd(a, &b, m)) {
      return Status::Invalid("the reconciliation system is singular", "residuals");
    }
    const std::vector<double> all = hierarchy.SumUp(b);
    for (int i = 0; i < n; ++i) out[i][h] = all[i];
  }
  return out;
}

Status CheckBase(const Hierarchy& hierarchy, const ReconcileInput& input) {
  if (static_cast<int>(input.base.size()) != hierarchy.size()) {
    return Status::Invalid("expected a base forecast for each of the " +
                               std::to_string(hierarchy.size()) + " scopes, got " +
                               std::to_string(input.base.size()),
                           "base");
  }
  const std::size_t horizon = input.base[0].size();
  if (horizon == 0) return Status::Invalid("scope " + hierarchy.id(0) + ": no forecast steps", "base");
  for (int i = 0; i < hierarchy.size(); ++i) {
    if (input.base[i].size() != horizon) {
      return Status::Invalid("scope " + hierarchy.id(i) + ": " + std::to_string(input.base[i].size()) +
                                 " forecast steps, expected " + std::to_string(horizon),
                             "base");
    }
    if (!AllFinite(input.base[i])) {
      return Status::Invalid("scope " + hierarchy.id(i) + ": a forecast is not a finite number", "base");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Hierarchy> Hierarchy::Build(std::span<const ScopeNode> nodes) {
  if (nodes.empty()) return Status::Invalid("the hierarchy has no scopes", "nodes");
  Hierarchy h;
  std::map<std::string, int, std::less<>> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string& id = nodes[i].id;
    if (id.empty()) return Status::Invalid("scope " + std::to_string(i + 1) + ": empty id", "id");
    if (!index.emplace(id, static_cast<int>(i)).second) {
      return Status::Invalid("scope " + id + " appears twice", "id");
    }
    h.ids_.push_back(id);
  }
  h.parent_.assign(nodes.size(), -1);
  h.children_.assign(nodes.size(), {});
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].parent.empty()) continue;
    auto it = index.find(nodes[i].parent);
    if (it == index.end()) {
      return Status::Invalid("scope " + nodes[i].id + ": unknown parent " + nodes[i].parent, "parent");
    }
    h.parent_[i] = it->second;
    h.children_[it->second].push_back(static_cast<int>(i));
  }
  const int n = static_cast<int>(nodes.size());
  for (int i = 0; i < n; ++i) {
    int steps = 0;
    for (int p = h.parent_[i]; p >= 0; p = h.parent_[p]) {
      if (++steps > n) return Status::Invalid("scope " + nodes[i].id + " is its own ancestor", "parent");
    }
    if (h.children_[i].empty()) h.leaves_.push_back(i);
  }
  return h;
}

int Hierarchy::Find(std::string_view id) const {
  for (int i = 0; i < size(); ++i) {
    if (ids_[i] == id) return i;
  }
  return -1;
}

std::vector<int> Hierarchy::LeafCounts() const {
  std::vector<int> counts(ids_.size(), 0);
  for (int leaf : leaves_) {
    for (int p = leaf; p >= 0; p = parent_[p]) ++counts[p];
  }
  return counts;
}

std::vector<double> Hierarchy::SummingMatrix() const {
  const std::size_t m = leaves_.size();
  std::vector<double> s(ids_.size() * m, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    for (int p = leaves_[k]; p >= 0; p = parent_[p]) s[p * m + k] = 1;
  }
  return s;
}

std::vector<double> Hierarchy::SumUp(std::span<const double> leaf_values) const {
  assert(leaf_values.size() == leaves_.size());
  std::vector<double> out(ids_.size(), 0.0);
  for (std::size_t k = 0; k < leaves_.size(); ++k) {
    for (int p = leaves_[k]; p >= 0; p = parent_[p]) out[p] += leaf_values[k];
  }
  return out;
}

std::string_view ReconcileMethodName(ReconcileMethod method) {
  switch (method) {
    case ReconcileMethod::kBottomUp: return "bottom_up";
    case ReconcileMethod::kOls: return "ols";
    case ReconcileMethod::kWlsStructural: return "wls";
    case ReconcileMethod::kMinTShrink: return "mint_shrink";
  }
  return "";
}

Result<ReconcileMethod> ParseReconcileMethod(std::string_view name) {
  for (ReconcileMethod m : {ReconcileMethod::kBottomUp, ReconcileMethod::kOls,
                            ReconcileMethod::kWlsStructural, ReconcileMethod::kMinTShrink}) {
    if (ReconcileMethodName(m) == name) return m;
  }
  return Status::Invalid("unknown reconciliation method '" + std::string(name) +
                             "' (bottom_up, ols, wls, mint_shrink)",
                         "method");
}

namespace {

std::string ScopeName(const Hierarchy* hierarchy, int i) {
  return hierarchy != nullptr ? hierarchy->id(i) : std::to_string(i + 1);
}

// ShrinkageCovariance, naming scopes by id when `hierarchy` is given.
Result<ShrinkCovariance> ShrinkageCovarianceOf(const std::vector<std::vector<double>>& residuals,
                                               const Hierarchy* hierarchy) {
  const int p = static_cast<int>(residuals.size());
  if (p == 0) return Status::Invalid("no residuals", "residuals");
  const int t_len = static_cast<int>(residuals[0].size());
  if (t_len < 2) return Status::Invalid("MinT needs at least 2 residuals per scope", "residuals");
  for (int i = 0; i < p; ++i) {
    if (static_cast<int>(residuals[i].size()) != t_len) {
      return Status::Invalid("scope " + ScopeName(hierarchy, i) + ": " + std::to_string(residuals[i].size()) +
                                 " residuals, expected " + std::to_string(t_len),
                             "residuals");
    }
    if (!AllFinite(residuals[i])) {
      return Status::Invalid("scope " + ScopeName(hierarchy, i) + ": a residual is not a finite number",
                             "residuals");
    }
  }
  const double t = t_len;
  std::vector<double> cov(static_cast<std::size_t>(p) * p), sd(p);
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j <= i; ++j) {
      double s = 0;
      for (int k = 0; k < t_len; ++k) s += residuals[i][k] * residuals[j][k];
      cov[i * p + j] = cov[j * p + i] = s / t;
    }
    sd[i] = std::sqrt(cov[i * p + i]);
    if (!(sd[i] > 0)) {
      return Status::Invalid("scope " + ScopeName(hierarchy, i) +
                                 ": residuals are all zero; MinT needs their spread (use wls or bottom_up)",
                             "residuals");
    }
  }
  // Schafer & Strimmer (2005) target D: lambda = sum Var^(r_ij) / sum r_ij^2 over i != j,
  // on the uncentred standardised residuals, as R's hts:::shrink.estim computes it.
  double num = 0, den = 0;
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j < p; ++j) {
      if (i == j) continue;
      double w_sum = 0, w2_sum = 0;
      for (int k = 0; k < t_len; ++k) {
        const double w = residuals[i][k] / sd[i] * residuals[j][k] / sd[j];
        w_sum += w, w2_sum += w * w;
      }
      num += (w2_sum - w_sum * w_sum / t) / (t * (t - 1));
      const double r = cov[i * p + j] / (sd[i] * sd[j]);
      den += r * r;
    }
  }
  ShrinkCovariance out;
  out.lambda = den > 0 ? std::clamp(num / den, 0.0, 1.0) : 1.0;
  out.matrix = cov;
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j < p; ++j) {
      if (i != j) out.matrix[i * p + j] *= 1 - out.lambda;
    }
  }
  return out;
}

}  // namespace

Result<ShrinkCovariance> ShrinkageCovariance(const std::vector<std::vector<double>>& residuals) {
  return ShrinkageCovarianceOf(residuals, nullptr);
}

Result<Reconciled> Reconcile(const Hierarchy& hierarchy, const ReconcileInput& input,
                             ReconcileMethod method) {
  SD_RETURN_IF_ERROR(CheckBase(hierarchy, input));
  Reconciled out;
  out.method = std::string(ReconcileMethodName(method));
  const int n = hierarchy.size();
  const int m = static_cast<int>(hierarchy.leaves().size());
  const std::size_t horizon = input.base[0].size();
  if (method == ReconcileMethod::kBottomUp) {
    out.forecasts.assign(n, std::vector<double>(horizon));
    for (std::size_t h = 0; h < horizon; ++h) {
      std::vector<double> leaf(m);
      for (int k = 0; k < m; ++k) leaf[k] = input.base[hierarchy.leaves()[k]][h];
      const std::vector<double> all = hierarchy.SumUp(leaf);
      for (int i = 0; i < n; ++i) out.forecasts[i][h] = all[i];
    }
    return out;
  }
  const std::vector<double> s = hierarchy.SummingMatrix();
  std::vector<double> w_inv_s(s.size());
  if (method == ReconcileMethod::kMinTShrink) {
    if (static_cast<int>(input.residuals.size()) != n) {
      return Status::Invalid("MinT needs in-sample residuals for each of the " + std::to_string(n) +
                                 " scopes, got " + std::to_string(input.residuals.size()),
                             "residuals");
    }
    SD_ASSIGN_OR_RETURN(ShrinkCovariance cov, ShrinkageCovarianceOf(input.residuals, &hierarchy));
    out.shrinkage = cov.lambda;
    for (int k = 0; k < m; ++k) {
      std::vector<double> col(n);
      for (int i = 0; i < n; ++i) col[i] = s[i * m + k];
      if (!internal::SolveSpd(cov.matrix, &col, n)) {
        return Status::Invalid("the residual covariance is singular", "residuals");
      }
      for (int i = 0; i < n; ++i) w_inv_s[i * m + k] = col[i];
    }
  } else {
    const std::vector<int> counts = hierarchy.LeafCounts();
    for (int i = 0; i < n; ++i) {
      const double w = method == ReconcileMethod::kOls ? 1.0 : counts[i];
      for (int k = 0; k < m; ++k) w_inv_s[i * m + k] = s[i * m + k] / w;
    }
  }
  SD_ASSIGN_OR_RETURN(out.forecasts, SolveGls(hierarchy, s, w_inv_s, input.base));
  return out;
}

Status CheckCoherent(const Hierarchy& hierarchy, std::span<const double> values, double tolerance) {
  if (static_cast<int>(values.size()) != hierarchy.size()) {
    return Status::Invalid("expected a value for each of the " + std::to_string(hierarchy.size()) +
                               " scopes, got " + std::to_string(values.size()),
                           "values");
  }
  for (int i = 0; i < hierarchy.size(); ++i) {
    if (hierarchy.IsLeaf(i)) continue;
    double sum = 0;
    for (int c : hierarchy.children(i)) sum += values[c];
    if (!(std::fabs(sum - values[i]) <= tolerance * (1 + std::fabs(values[i])))) {
      return Status::Invalid(hierarchy.id(i) + ": children sum to " + Num(sum) + " but the scope has " +
                                 Num(values[i]),
                             "values");
    }
  }
  return Status::Ok();
}

}  // namespace salesdesk::forecast
