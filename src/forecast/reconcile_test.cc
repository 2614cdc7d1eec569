// Checks reconciliation by hand and against testdata/make_reconcile_refs.R (base R
// matrix algebra through a different formula; the command is at its top).
#include "forecast/reconcile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace salesdesk::forecast {
namespace {

std::vector<std::vector<std::string>> ReadCsv(const std::string& name) {
  std::ifstream in(std::filesystem::path(__FILE__).parent_path() / "testdata" / name);
  EXPECT_TRUE(in) << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
    if (!line.empty() && line.back() == ',') fields.push_back("");
    rows.push_back(fields);
  }
  return rows;
}

// org -> {north -> {r1, r2}, south -> {r3, r4, r5}}
Hierarchy SmallTree() {
  const std::vector<ScopeNode> nodes{{"org", ""},      {"north", "org"}, {"south", "org"},
                                     {"r1", "north"},  {"r2", "north"},  {"r3", "south"},
                                     {"r4", "south"},  {"r5", "south"}};
  auto h = Hierarchy::Build(nodes);
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  return std::move(h).value();
}

TEST(Hierarchy, StructureAndSummingMatrix) {
  const Hierarchy h = SmallTree();
  EXPECT_EQ(h.size(), 8);
  EXPECT_EQ(h.leaves(), (std::vector<int>{3, 4, 5, 6, 7}));
  EXPECT_EQ(h.parent(3), 1);
  EXPECT_EQ(h.parent(0), -1);
  EXPECT_EQ(h.Find("south"), 2);
  EXPECT_EQ(h.Find("nobody"), -1);
  EXPECT_EQ(h.LeafCounts(), (std::vector<int>{5, 2, 3, 1, 1, 1, 1, 1}));
  const std::vector<double> s = h.SummingMatrix();
  EXPECT_EQ(s.size(), 40u);
  EXPECT_EQ((std::vector<double>(s.begin(), s.begin() + 15)),
            (std::vector<double>{1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(h.SumUp(std::vector<double>{1, 2, 3, 4, 5}),
            (std::vector<double>{15, 3, 12, 1, 2, 3, 4, 5}));
}

TEST(Hierarchy, RejectsBadTrees) {
  auto dup = Hierarchy::Build(std::vector<ScopeNode>{{"a", ""}, {"a", ""}});
  EXPECT_EQ(dup.status().message(), "scope a appears twice");
  auto orphan = Hierarchy::Build(std::vector<ScopeNode>{{"a", ""}, {"b", "x"}});
  EXPECT_EQ(orphan.status().message(), "scope b: unknown parent x");
  auto cycle = Hierarchy::Build(std::vector<ScopeNode>{{"a", "b"}, {"b", "a"}});
  EXPECT_FALSE(cycle.ok());
  EXPECT_NE(cycle.status().message().find("its own ancestor"), std::string::npos);
  EXPECT_FALSE(Hierarchy::Build(std::vector<ScopeNode>{}).ok());
  EXPECT_FALSE(Hierarchy::Build(std::vector<ScopeNode>{{"", ""}}).ok());
}

TEST(Reconcile, CheckCoherentNamesTheScope) {
  const Hierarchy h = SmallTree();
  EXPECT_TRUE(CheckCoherent(h, std::vector<double>{15, 3, 12, 1, 2, 3, 4, 5}).ok());
  const Status bad = CheckCoherent(h, std::vector<double>{15, 3, 13, 1, 2, 3, 4, 5});
  EXPECT_EQ(bad.message(), "org: children sum to 16 but the scope has 15");
  EXPECT_FALSE(CheckCoherent(h, std::vector<double>{1, 2}).ok());
}

TEST(Reconcile, BottomUpAndOlsByHand) {
  // A parent with two children: base 10 (parent), 3 and 5. OLS moves every node by the
  // same share of the incoherence 10 - 8 = 2: the children get +2/3 each.
  auto h = Hierarchy::Build(std::vector<ScopeNode>{{"team", ""}, {"a", "team"}, {"b", "team"}});
  ASSERT_TRUE(h.ok());
  ReconcileInput in;
  in.base = {{10}, {3}, {5}};
  auto bu = Reconcile(*h, in, ReconcileMethod::kBottomUp);
  ASSERT_TRUE(bu.ok());
  EXPECT_EQ(bu->forecasts, (std::vector<std::vector<double>>{{8}, {3}, {5}}));
  auto ols = Reconcile(*h, in, ReconcileMethod::kOls);
  ASSERT_TRUE(ols.ok());
  EXPECT_NEAR(ols->forecasts[1][0], 3 + 2.0 / 3, 1e-12);
  EXPECT_NEAR(ols->forecasts[2][0], 5 + 2.0 / 3, 1e-12);
  EXPECT_NEAR(ols->forecasts[0][0], 8 + 4.0 / 3, 1e-12);
  // Structural WLS: W = diag(2, 1, 1), so S'W^-1 S = [[1.5, .5], [.5, 1.5]] and
  // S'W^-1 y = [8, 10]: the children become 3.5 and 5.5, the parent 9.
  auto wls = Reconcile(*h, in, ReconcileMethod::kWlsStructural);
  ASSERT_TRUE(wls.ok());
  EXPECT_NEAR(wls->forecasts[0][0], 9, 1e-12);
  EXPECT_NEAR(wls->forecasts[1][0], 3.5, 1e-12);
  EXPECT_NEAR(wls->forecasts[2][0], 5.5, 1e-12);
}

TEST(Reconcile, MatchesBaseRReference) {
  std::vector<ScopeNode> nodes;
  std::map<std::string, int> index;
  ReconcileInput in;
  for (const auto& r : ReadCsv("reconcile_input.csv")) {
    if (!index.count(r[0])) {
      index[r[0]] = static_cast<int>(nodes.size());
      nodes.push_back({r[0], r[1]});
      in.base.emplace_back();
      in.residuals.emplace_back();
    }
    (r[2] == "base" ? in.base : in.residuals)[index[r[0]]].push_back(std::stod(r[4]));
  }
  auto h = Hierarchy::Build(nodes);
  ASSERT_TRUE(h.ok());
  std::map<std::string, std::vector<std::vector<double>>> ref;
  double lambda = -1;
  for (const auto& r : ReadCsv("reconcile_ref.csv")) {
    if (r[0] == "lambda") {
      lambda = std::stod(r[3]);
      continue;
    }
    auto& m = ref[r[0]];
    m.resize(nodes.size(), std::vector<double>(2));
    m[index[r[1]]][std::stoi(r[2]) - 1] = std::stod(r[3]);
  }
  ASSERT_EQ(ref.size(), 4u);
  for (const auto& [name, expected] : ref) {
    auto method = ParseReconcileMethod(name);
    ASSERT_TRUE(method.ok()) << name;
    auto got = Reconcile(*h, in, *method);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->method, name);
    for (int i = 0; i < h->size(); ++i) {
      for (int k = 0; k < 2; ++k) EXPECT_NEAR(got->forecasts[i][k], expected[i][k], 1e-8) << name << " " << i;
    }
    for (int k = 0; k < 2; ++k) {
      std::vector<double> step;
      for (int i = 0; i < h->size(); ++i) step.push_back(got->forecasts[i][k]);
      EXPECT_TRUE(CheckCoherent(*h, step, 1e-9).ok()) << name;
    }
    if (*method == ReconcileMethod::kMinTShrink) {
      EXPECT_NEAR(got->shrinkage, lambda, 1e-12);
    }
  }
}

TEST(Reconcile, ValidatesInput) {
  const Hierarchy h = SmallTree();
  ReconcileInput in;
  in.base.assign(7, {1.0});
  EXPECT_EQ(Reconcile(h, in, ReconcileMethod::kOls).status().message(),
            "expected a base forecast for each of the 8 scopes, got 7");
  in.base.assign(8, {1.0});
  in.base[5] = {1.0, 2.0};
  EXPECT_EQ(Reconcile(h, in, ReconcileMethod::kOls).status().message(),
            "scope r3: 2 forecast steps, expected 1");
  in.base[5] = {1.0};
  EXPECT_FALSE(Reconcile(h, in, ReconcileMethod::kMinTShrink).ok());  // no residuals
  in.residuals.assign(8, std::vector<double>{1, -1, 2});
  in.residuals[4] = {0, 0, 0};
  EXPECT_EQ(Reconcile(h, in, ReconcileMethod::kMinTShrink).status().message(),
            "scope r2: residuals are all zero; MinT needs their spread (use wls or bottom_up)");
  EXPECT_FALSE(ParseReconcileMethod("topdown").ok());
}

}  // namespace
}  // namespace salesdesk::forecast
