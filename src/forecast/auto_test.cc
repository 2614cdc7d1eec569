#include "forecast/auto.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace salesdesk::forecast {
namespace {

TEST(Auto, ConstantSeriesIsNaive) {
  Result<Forecast> f = RunAuto({std::vector<double>(24, 5.0), 12}, 6, {});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->method, "Naive");
  EXPECT_NE(f->note.find("constant"), std::string::npos);
  for (double v : f->mean) EXPECT_EQ(v, 5.0);
}

TEST(Auto, IntermittentSeriesUsesAnIntermittentMethod) {
  const Series s{{0, 0, 3, 0, 1, 0, 0, 0, 2, 5, 0, 0, 1, 0, 0, 4, 0, 2, 0, 0, 0, 3, 0, 1}, 1};
  Result<Forecast> f = RunAuto(s, 4, {});
  ASSERT_TRUE(f.ok());
  EXPECT_NE(f->note.find("intermittent"), std::string::npos);
  EXPECT_GE(f->lo95[0], 0);
}

TEST(Auto, CombinesThePoolOnARegularSeries) {
  Series s{{}, 12};
  for (int t = 0; t < 96; ++t) {
    s.values.push_back(200 + 2 * t + 30 * std::sin(2 * std::numbers::pi * t / 12) + (t * 7919 % 13));
  }
  Result<Forecast> f = RunAuto(s, 18, {});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->method.rfind("Auto Comb(", 0), 0u) << f->method;
  EXPECT_NE(f->method.find("w="), std::string::npos);  // weights from cross-validation
  for (std::size_t h = 0; h < f->mean.size(); ++h) {
    EXPECT_LT(f->lo95[h], f->mean[h]);
    EXPECT_GT(f->hi95[h], f->mean[h]);
    EXPECT_GT(f->mean[h], 300);  // the trend goes on
  }
}

TEST(Auto, VeryShortSeriesStillForecasts) {
  for (int n = 1; n <= 6; ++n) {
    Series s{{}, 4};
    for (int t = 0; t < n; ++t) s.values.push_back(10 + t);
    Result<Forecast> f = RunAuto(s, 8, {});
    ASSERT_TRUE(f.ok()) << n << ": " << f.status().ToString();
    for (double v : f->hi95) EXPECT_TRUE(std::isfinite(v)) << n;
  }
}

}  // namespace
}  // namespace salesdesk::forecast
