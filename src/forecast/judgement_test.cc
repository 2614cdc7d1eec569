#include "forecast/judgement.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace salesdesk::forecast {
namespace {

TEST(Spread, QuantilesMatchRType7) {
  // R: quantile(c(1, 2, 4, 7), c(.25, .5, .75)) = 1.75, 3, 4.75
  const std::vector<double> x{7, 1, 4, 2};
  EXPECT_DOUBLE_EQ(Quantile7(x, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(Quantile7(x, 0.5), 3);
  EXPECT_DOUBLE_EQ(Quantile7(x, 0.75), 4.75);
  EXPECT_DOUBLE_EQ(Quantile7(x, 1), 7);
  EXPECT_DOUBLE_EQ(Quantile7(x, 0), 1);
  EXPECT_TRUE(std::isnan(Quantile7(std::vector<double>{}, 0.5)));
  const Spread s = Summarise(x);
  EXPECT_EQ(s.n, 4);
  EXPECT_DOUBLE_EQ(s.mean, 3.5);
  EXPECT_DOUBLE_EQ(s.iqr, 3);
  EXPECT_DOUBLE_EQ(s.relative_iqr, 1);
  EXPECT_NEAR(s.stdev, std::sqrt((12.25 + 6.25 + 0.25 + 2.25) / 3), 1e-12);  // R: sd()
  EXPECT_DOUBLE_EQ(Summarise(std::vector<double>{5}).stdev, 0);
}

TEST(ExecutiveOpinion, EqualWeights) {
  const std::vector<ExecutiveFigure> f{{"ceo", 100, {}}, {"cfo", 130, {}}, {"vp", 90, {}}};
  auto r = CombineExecutiveOpinion(f);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(r->forecast, 320.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(r->spread.median, 100);
  EXPECT_DOUBLE_EQ(r->spread.min, 90);
  EXPECT_DOUBLE_EQ(r->spread.max, 130);
  for (const PersonWeight& w : r->weights) EXPECT_NEAR(w.weight, 1.0 / 3, 1e-12);
}

TEST(ExecutiveOpinion, InverseMaeWithShrinkageAndNewcomer) {
  const std::vector<ExecutiveFigure> f{
      {"a", 100, {10, -10}}, {"b", 120, {5, 5, -5, 5}}, {"c", 90, {}}};
  OpinionOptions o;
  o.weighting = OpinionWeighting::kInverseMae;
  auto r = CombineExecutiveOpinion(f, o);
  ASSERT_TRUE(r.ok());
  // Scores 1/10 and 1/5, group mean 0.15; shrunk with k = 3; the newcomer gets 0.15.
  const double sa = (2 * 0.1 + 3 * 0.15) / 5, sb = (4 * 0.2 + 3 * 0.15) / 7, sc = 0.15;
  const double total = sa + sb + sc;
  const double wa = 0.9 * sa / total + 0.1 / 3, wb = 0.9 * sb / total + 0.1 / 3, wc = 0.9 * sc / total + 0.1 / 3;
  EXPECT_NEAR(r->weights[0].weight, wa, 1e-12);
  EXPECT_NEAR(r->weights[1].weight, wb, 1e-12);
  EXPECT_NEAR(r->weights[2].weight, wc, 1e-12);
  EXPECT_NEAR(r->forecast, 100 * wa + 120 * wb + 90 * wc, 1e-9);
  EXPECT_DOUBLE_EQ(r->weights[0].past_error, 10);
  EXPECT_TRUE(std::isnan(r->weights[2].past_error));
  EXPECT_GT(r->weights[1].weight, r->weights[0].weight);
  EXPECT_FALSE(r->note.empty());
}

TEST(ExecutiveOpinion, PerfectRecordIsFloored) {
  OpinionOptions o;
  o.weighting = OpinionWeighting::kInverseMse;
  o.equal_share = 0;
  o.shrink_periods = 0;
  const std::vector<ExecutiveFigure> f{{"a", 100, {0, 0, 0}}, {"b", 200, {2, -2, 2}}};
  auto r = CombineExecutiveOpinion(f, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isfinite(r->forecast));
  EXPECT_NEAR(r->weights[0].weight, 100.0 / 101, 1e-12);  // floor = 1% of the median MSE
}

TEST(ExecutiveOpinion, Validates) {
  EXPECT_FALSE(CombineExecutiveOpinion(std::vector<ExecutiveFigure>{}).ok());
  const std::vector<ExecutiveFigure> dup{{"a", 1, {}}, {"a", 2, {}}};
  EXPECT_EQ(CombineExecutiveOpinion(dup).status().message(), "figure 2: a already gave a figure");
  const std::vector<ExecutiveFigure> nan{{"a", 1, {}}, {"b", NAN, {}}};
  EXPECT_EQ(CombineExecutiveOpinion(nan).status().field(), "figure");
  OpinionOptions o;
  o.equal_share = 2;
  EXPECT_EQ(CombineExecutiveOpinion(std::vector<ExecutiveFigure>{{"a", 1, {}}}, o).status().field(),
            "equal_share");
}

TEST(SalesForce, PrefillFromPipeline) {
  const std::vector<PipelineDeal> deals{
      {"ann", "o1", 100, 1.0, ForecastCategory::kClosed},  {"ann", "o2", 50, 0.9, ForecastCategory::kCommit},
      {"ann", "o3", 30, 0.6, ForecastCategory::kBestCase}, {"ann", "o4", 200, 0.2, ForecastCategory::kPipeline},
      {"ann", "o5", 500, 0.1, ForecastCategory::kOmitted}, {"bob", "o6", 10, 0.5, ForecastCategory::kPipeline}};
  auto r = PrefillFromPipeline(deals);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  const PipelineCall& ann = (*r)[0];
  EXPECT_EQ(ann.rep, "ann");
  EXPECT_DOUBLE_EQ(ann.closed, 100);
  EXPECT_DOUBLE_EQ(ann.commit, 150);
  EXPECT_DOUBLE_EQ(ann.best_case, 180);
  EXPECT_DOUBLE_EQ(ann.weighted, 100 + 45 + 18 + 40);
  EXPECT_EQ(ann.deals, 4);
  EXPECT_DOUBLE_EQ((*r)[1].weighted, 5);
  EXPECT_DOUBLE_EQ((*r)[1].commit, 0);

  const std::vector<PipelineDeal> bad{{"ann", "o9", 10, 1.5, ForecastCategory::kCommit}};
  EXPECT_EQ(PrefillFromPipeline(bad).status().message(), "deal o9: probability 1.5 is outside 0..1");
  EXPECT_EQ(ParseForecastCategory("best_case").value(), ForecastCategory::kBestCase);
  EXPECT_FALSE(ParseForecastCategory("maybe").ok());
}

TEST(SalesForce, RepBias) {
  auto b = MeasureRepBias(std::vector<double>{100, 120, 80}, std::vector<double>{90, 100, 80});
  ASSERT_TRUE(b.ok());
  EXPECT_DOUBLE_EQ(b->ratio, 0.9);
  EXPECT_NEAR(b->mean_percent_error, (1000.0 / 90 + 20 + 0) / 3, 1e-12);
  EXPECT_NEAR(b->correction, (3 * 0.9 + 2) / 5, 1e-12);
  EXPECT_TRUE(b->enough_history);
  auto short_history = MeasureRepBias(std::vector<double>{100}, std::vector<double>{50});
  EXPECT_FALSE(short_history->enough_history);
  EXPECT_DOUBLE_EQ(short_history->correction, 1);
  EXPECT_FALSE(MeasureRepBias(std::vector<double>{1, 2}, std::vector<double>{1}).ok());
}

TEST(SalesForce, RollUpWithAdjustmentsAndBias) {
  auto h = Hierarchy::Build(std::vector<ScopeNode>{
      {"org", ""}, {"north", "org"}, {"south", "org"}, {"r1", "north"}, {"r2", "north"}, {"r3", "south"}, {"r4", "south"}});
  ASSERT_TRUE(h.ok());
  std::vector<RepCall> calls(3);
  calls[0].rep = "r1", calls[0].call = 100, calls[0].adjusted = true, calls[0].adjusted_call = 90;
  calls[0].adjusted_by = "mgr", calls[0].reason = "deal X slipped";
  calls[1].rep = "r2", calls[1].call = 50;
  calls[1].past_calls = {100, 120, 80}, calls[1].past_actuals = {90, 100, 80};
  calls[2].rep = "r3", calls[2].call = 30;
  CompositeOptions o;
  o.correct_bias = true;
  auto r = RollUpSalesForce(*h, calls, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const CompositeLine& org = r->lines[0];
  EXPECT_EQ(org.scope, "org");
  EXPECT_DOUBLE_EQ(org.submitted, 180);
  EXPECT_DOUBLE_EQ(org.adjusted, 170);
  EXPECT_NEAR(org.bias_corrected, 90 + 50 * 0.94 + 30, 1e-12);
  EXPECT_EQ(org.reps, 3);
  EXPECT_EQ(org.missing, 1);
  EXPECT_EQ(r->lines[2].missing, 1);
  EXPECT_DOUBLE_EQ(r->lines[1].adjusted, 140);
  EXPECT_EQ(r->note, "no call from: r4");
  std::vector<double> corrected;
  for (const CompositeLine& l : r->lines) corrected.push_back(l.bias_corrected);
  EXPECT_TRUE(CheckCoherent(*h, corrected).ok());

  calls[0].reason.clear();
  EXPECT_EQ(RollUpSalesForce(*h, calls).status().message(), "call 1 (r1): a manager's adjustment needs a reason");
  calls[0].reason = "x";
  calls[2].rep = "north";
  EXPECT_EQ(RollUpSalesForce(*h, calls).status().message(),
            "call 3 (north): has scopes below it; calls come from reps");
  calls[2].rep = "r1";
  EXPECT_EQ(RollUpSalesForce(*h, calls).status().message(), "call 3 (r1): the rep already has a call");
}

TEST(Delphi, RoundsUntilConvergence) {
  const std::vector<std::vector<DelphiAnswer>> rounds{
      {{"e1", 100, "new competitor"}, {"e2", 150, ""}, {"e3", 200, "big tender in Q3"}, {"e4", 120, "flat market"}},
      {{"e1", 140, ""}, {"e2", 150, ""}, {"e3", 155, "tender still likely"}, {"e4", 145, ""}}};
  auto first = SummariseDelphi(std::span(rounds).first(1));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, "next round");
  const DelphiRound& r1 = first->rounds[0];
  EXPECT_DOUBLE_EQ(r1.spread.median, 135);
  EXPECT_DOUBLE_EQ(r1.spread.q1, 115);    // R: quantile(c(100,150,200,120), .25)
  EXPECT_DOUBLE_EQ(r1.spread.q3, 162.5);
  ASSERT_EQ(r1.reasons.size(), 3u);
  EXPECT_EQ(r1.reasons[0].text, "new competitor");
  EXPECT_EQ(r1.reasons[0].position, "below");
  EXPECT_EQ(r1.reasons[2].position, "above");

  auto both = SummariseDelphi(rounds);
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both->converged);
  EXPECT_EQ(both->status, "converged");
  EXPECT_DOUBLE_EQ(both->consensus, 147.5);
  EXPECT_NEAR(both->rounds[1].spread.relative_iqr, 7.5 / 147.5, 1e-12);

  std::vector<std::vector<DelphiAnswer>> three = rounds;
  three.push_back(rounds[1]);
  EXPECT_EQ(SummariseDelphi(three).status().message(),
            "round 3: the panel had already finished after round 2");
}

TEST(Delphi, RoundsRunOutAndValidation) {
  DelphiOptions o;
  o.max_rounds = 1;
  const std::vector<std::vector<DelphiAnswer>> rounds{{{"a", 1, ""}, {"b", 5, ""}, {"c", 9, ""}}};
  auto r = SummariseDelphi(rounds, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, "rounds exhausted");
  EXPECT_FALSE(r->converged);
  const std::vector<std::vector<DelphiAnswer>> small{{{"a", 1, ""}, {"b", 5, ""}}};
  EXPECT_EQ(SummariseDelphi(small).status().message(), "round 1: 2 answers, at least 3 experts are needed");
  const std::vector<std::vector<DelphiAnswer>> twice{{{"a", 1, ""}, {"a", 5, ""}, {"c", 9, ""}}};
  EXPECT_EQ(SummariseDelphi(twice).status().message(),
            "round 1, answer 2: the expert already answered this round");
}

}  // namespace
}  // namespace salesdesk::forecast
