#include "forecast/combination.h"

#include <gtest/gtest.h>

#include <vector>

#include "forecast/crossval.h"
#include "forecast/simple.h"

namespace salesdesk::forecast {
namespace {

Forecast Flat(double mean, double half_width, const char* name) {
  Forecast f;
  f.mean = {mean, mean};
  f.lo80 = {mean - half_width / 2, mean - half_width / 2};
  f.hi80 = {mean + half_width / 2, mean + half_width / 2};
  f.lo95 = {mean - half_width, mean - half_width};
  f.hi95 = {mean + half_width, mean + half_width};
  f.method = name;
  return f;
}

TEST(Combine, MeanMedianWeighted) {
  const std::vector<Forecast> members{Flat(10, 2, "A"), Flat(20, 4, "B"), Flat(60, 6, "C")};
  const Forecast mean = Combine(members, CombineRule::kMean);
  EXPECT_DOUBLE_EQ(mean.mean[0], 30);
  EXPECT_DOUBLE_EQ(mean.hi95[1], (12 + 24 + 66) / 3.0);  // quantiles are averaged
  EXPECT_EQ(mean.method, "Comb(A, B, C)");
  const Forecast median = Combine(members, CombineRule::kMedian);
  EXPECT_DOUBLE_EQ(median.mean[0], 20);
  EXPECT_DOUBLE_EQ(median.lo95[0], 16);
  const std::vector<double> w{1, 3, 0};
  const Forecast weighted = Combine(members, CombineRule::kWeighted, w);
  EXPECT_DOUBLE_EQ(weighted.mean[1], 17.5);
  const Forecast bad_weights = Combine(members, CombineRule::kWeighted, std::vector<double>{0, 0, 0});
  EXPECT_DOUBLE_EQ(bad_weights.mean[0], 30);  // falls back to equal weights
}

TEST(Combine, RunsMembersAndNotesFailures) {
  const Series s{{3, 4, 5, 4, 6, 7, 6, 8, 9, 8, 10, 11}, 1};
  const MethodInfo* members[] = {FindMethod("naive"), FindMethod("drift")};
  Result<Forecast> f = RunCombinationOf(s, 3, {}, members, CombineRule::kWeighted);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_NE(f->method.find("w="), std::string::npos);
  const Forecast naive = *RunNaive(s, 3, {}), drift = *RunDrift(s, 3, {});
  EXPECT_GE(f->mean[2], std::min(naive.mean[2], drift.mean[2]));
  EXPECT_LE(f->mean[2], std::max(naive.mean[2], drift.mean[2]));
}

TEST(CrossValidation, RollingOrigins) {
  Series s;
  for (int t = 1; t <= 20; ++t) s.values.push_back(t);
  Result<CrossValidation> cv = CrossValidate(s, &RunDrift, {}, {.horizon = 3, .origins = 4, .step = 2});
  ASSERT_TRUE(cv.ok());
  ASSERT_EQ(cv->folds.size(), 4u);
  EXPECT_EQ(cv->folds[0].origin, 17);
  EXPECT_EQ(cv->folds[3].origin, 11);
  EXPECT_EQ(cv->folds[0].actual, (std::vector<double>{18, 19, 20}));
  const CvScore score = Score(*cv);
  EXPECT_NEAR(score.mase, 0, 1e-9);  // drift is exact on a straight line
  EXPECT_EQ(score.folds, 4);
  EXPECT_EQ(CrossValidate({{1, 2, 3}, 1}, &RunNaive, {}, {.horizon = 2}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(CrossValidation, ShortSeriesTruncatesHorizon) {
  const Series s{{1, 2, 3, 4, 5, 6}, 1};
  Result<CrossValidation> cv = CrossValidate(s, &RunNaive, {}, {.horizon = 4, .origins = 2});
  ASSERT_TRUE(cv.ok());
  ASSERT_EQ(cv->folds.size(), 1u);  // min_train 4: one origin with 2 points left
  EXPECT_EQ(cv->folds[0].actual.size(), 2u);
}

}  // namespace
}  // namespace salesdesk::forecast

namespace salesdesk::forecast {
namespace {

TEST(PoolIntervals, IdenticalMembersKeepTheirIntervalsAndStudentTWidens) {
  const double half = 1.959963984540054 * 10;  // sd 10
  const std::vector<Forecast> same{Flat(100, half, "A"), Flat(100, half, "B")};
  Forecast f = Combine(same, CombineRule::kMean);
  PoolIntervals(same, {}, &f);
  EXPECT_NEAR(f.hi95[0], 100 + half, 1e-6);
  EXPECT_NEAR(f.lo80[0], 100 - 1.2815515655446004 * 10, 1e-6);
  PoolIntervals(same, {}, &f, 10);
  EXPECT_NEAR(f.hi95[0], 100 + 2.2281388519649385 * 10, 1e-6);  // t(0.975, 10)
}

TEST(PoolIntervals, DisagreementWidensThePool) {
  const std::vector<Forecast> apart{Flat(90, 19.6, "A"), Flat(110, 19.6, "B")};
  Forecast f = Combine(apart, CombineRule::kMean);
  const double averaged = f.hi95[0] - f.lo95[0];
  PoolIntervals(apart, {}, &f);
  EXPECT_GT(f.hi95[0] - f.lo95[0], averaged);
  EXPECT_NEAR(f.hi95[0] + f.lo95[0], 200, 1e-6);  // symmetric members, symmetric pool
}

}  // namespace
}  // namespace salesdesk::forecast
