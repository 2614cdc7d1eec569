#include "forecast/accuracy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "forecast/seasonality.h"

namespace salesdesk::forecast {
namespace {

TEST(Accuracy, PointMeasuresByHand) {
  const std::vector<double> y{10, 20, 30}, f{12, 18, 33};
  EXPECT_DOUBLE_EQ(Mae(y, f), (2 + 2 + 3) / 3.0);
  EXPECT_DOUBLE_EQ(Rmse(y, f), std::sqrt((4 + 4 + 9) / 3.0));
  EXPECT_DOUBLE_EQ(Mape(y, f), 100 * (0.2 + 0.1 + 0.1) / 3);
  EXPECT_DOUBLE_EQ(Smape(y, f), 200.0 / 3 * (2.0 / 22 + 2.0 / 38 + 3.0 / 63));
  EXPECT_DOUBLE_EQ(Bias(y, f), (-2 + 2 - 3) / 3.0);
}

TEST(Accuracy, SmapeUsesAbsoluteValues) {
  // The M4 definition: a negative forecast does not shrink the denominator.
  EXPECT_DOUBLE_EQ(Smape(std::vector<double>{10}, std::vector<double>{-10}), 200);
}

TEST(Accuracy, ScaledMeasures) {
  const std::vector<double> train{1, 2, 3, 4, 5, 7, 9, 11};  // seasonal naive lag 4
  const double scale = MaseScale(train, 4);
  EXPECT_DOUBLE_EQ(scale, (4 + 5 + 6 + 7) / 4.0);
  const std::vector<double> y{10, 10}, lo{8, 11}, hi{12, 13};
  // Widths 4 and 2; the second actual lies 1 below its interval: penalty 2/0.05 * 1.
  EXPECT_DOUBLE_EQ(Msis(y, lo, hi, scale), (4 + 2 + 40) / 2.0 / scale);
  EXPECT_DOUBLE_EQ(Coverage(y, lo, hi), 0.5);
  EXPECT_DOUBLE_EQ(Mase(y, std::vector<double>{9, 12}, scale), 1.5 / scale);
}

TEST(Accuracy, ShortTrainingUsesLagOne) {
  EXPECT_DOUBLE_EQ(MaseScale(std::vector<double>{1, 3, 6}, 12), 2.5);
}

TEST(Accuracy, ZeroDenominatorGuards) {
  const std::vector<double> zeros{0, 0}, f{0, 1};
  EXPECT_TRUE(std::isnan(Mape(zeros, f)));
  EXPECT_DOUBLE_EQ(Smape(zeros, f), 100);  // first point 0/0 counts as 0, second 200
  EXPECT_TRUE(std::isnan(MaseScale(std::vector<double>{5, 5, 5, 5, 5}, 1)));
  // A constant seasonal pattern has zero seasonal-naive error: lag 1 is used instead.
  EXPECT_DOUBLE_EQ(MaseScale(std::vector<double>{1, 2, 1, 2, 1, 2}, 2), 1);
  EXPECT_TRUE(std::isnan(Mae(std::vector<double>{}, std::vector<double>{})));
  EXPECT_TRUE(std::isnan(Mae(std::vector<double>{1}, std::vector<double>{1, 2})));
}

TEST(Accuracy, TotalsWeightSeriesAndPoints) {
  AccuracyTotals totals;
  Accuracy a, b;
  a.smape = 10, b.smape = 20;
  b.mase = NAN;
  totals.Add(a, 6);
  totals.Add(b, 18);
  EXPECT_DOUBLE_EQ(totals.SeriesMean().smape, 15);
  EXPECT_DOUBLE_EQ(totals.PointMean().smape, (60 + 360) / 24.0);
  EXPECT_DOUBLE_EQ(totals.SeriesMean().mase, 0);  // the NaN is skipped
  EXPECT_EQ(totals.undefined(), 1);
  EXPECT_EQ(totals.series(), 2);
}

TEST(Seasonality, DetectsAndRemovesAPureSeasonalPattern) {
  const std::vector<double> index{0.8, 1.0, 1.3, 0.9};
  std::vector<double> y;
  for (int t = 0; t < 40; ++t) y.push_back(100 * index[t % 4]);
  EXPECT_TRUE(IsSeasonal(y, 4));
  const SeasonalAdjustment a = MultiplicativeAdjustment(y, 4);
  ASSERT_EQ(a.period, 4);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(a.index[k], index[k], 1e-12);
  for (double v : a.adjusted) EXPECT_NEAR(v, 100, 1e-9);
  EXPECT_NEAR(a.IndexAfter(40, 1), index[0], 1e-12);
  EXPECT_NEAR(a.IndexAfter(40, 3), index[2], 1e-12);
}

TEST(Seasonality, NoSeasonInNoiseOrShortSeries) {
  std::vector<double> trend;
  for (int t = 0; t < 48; ++t) trend.push_back(10 + t);
  EXPECT_FALSE(IsSeasonal(trend, 1));
  EXPECT_FALSE(IsSeasonal(std::vector<double>(40, 3.0), 4));
  EXPECT_FALSE(IsSeasonal(std::vector<double>{1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1}, 4));  // n < 3m
  std::string why;
  const SeasonalAdjustment a = MultiplicativeAdjustment(std::vector<double>{1, -2, 3, 4, 5, 6, 7, 8}, 4, &why);
  EXPECT_EQ(a.period, 1);
  EXPECT_NE(why.find("positive"), std::string::npos);
}

TEST(Seasonality, AutocorrelationOfAlternatingSeries) {
  const std::vector<double> y{1, -1, 1, -1, 1, -1};
  const std::vector<double> r = Autocorrelations(y, 2);
  EXPECT_NEAR(r[0], -5.0 / 6, 1e-12);
  EXPECT_NEAR(r[1], 4.0 / 6, 1e-12);
}

}  // namespace
}  // namespace salesdesk::forecast
