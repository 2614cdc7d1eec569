// Unit-root and seasonal-strength tests against R (testdata/arima_unit_root.csv, made by
// testdata/make_arima_refs.R with urca::ur.kpss and the forecast package), and the
// decomposition's basic properties.
#include "forecast/unit_root.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace salesdesk::forecast {
namespace {

std::vector<std::vector<std::string>> ReadCsv(const std::string& file) {
  std::ifstream in(std::filesystem::path(__FILE__).parent_path() / "testdata" / file);
  EXPECT_TRUE(in.good()) << file;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

struct Named {
  std::vector<double> values;
  int period = 1;
};

std::map<std::string, Named> LoadSeries() {
  std::map<std::string, Named> out;
  for (const auto& r : ReadCsv("arima_series.csv")) {  // name,period,t,value
    Named& s = out[r[0]];
    s.period = std::stoi(r[1]);
    s.values.push_back(std::stod(r[3]));
  }
  return out;
}

TEST(UnitRoot, MatchesRsKpssDifferencesAndSeasonalStrength) {
  const auto series = LoadSeries();
  const auto rows = ReadCsv("arima_unit_root.csv");  // name,kpss,ndiffs,strength,nsdiffs
  ASSERT_GT(rows.size(), 10u);
  for (const auto& r : rows) {
    const Named& s = series.at(r[0]);
    const int n = static_cast<int>(s.values.size());
    EXPECT_NEAR(KpssStatistic(s.values, KpssLags(n)), std::stod(r[1]), 1e-9) << r[0];
    EXPECT_EQ(NonSeasonalDifferences(s.values), std::stoi(r[2])) << r[0];
    if (r[3] != "NA") {
      EXPECT_NEAR(SeasonalStrength(s.values, s.period), std::stod(r[3]), 1e-9) << r[0];
      EXPECT_EQ(SeasonalDifferences(s.values, s.period), std::stoi(r[4])) << r[0];
    }
  }
}

TEST(UnitRoot, KpssSeparatesNoiseFromRandomWalk) {
  std::vector<double> noise(200), walk(200);
  unsigned state = 7;
  double level = 0;
  for (int t = 0; t < 200; ++t) {
    state = state * 1103515245u + 12345u;
    const double u = ((state >> 8) % 10000) / 10000.0 - 0.5;
    noise[t] = u;
    walk[t] = level += u;
  }
  EXPECT_LT(KpssStatistic(noise, KpssLags(200)), kKpssCritical5);
  EXPECT_GT(KpssStatistic(walk, KpssLags(200)), kKpssCritical5);
  EXPECT_EQ(NonSeasonalDifferences(noise), 0);
  EXPECT_EQ(NonSeasonalDifferences(walk), 1);
  EXPECT_EQ(KpssLags(100), 2);
  EXPECT_EQ(KpssStatistic(std::vector<double>(10, 3.0), 1), 0);
}

TEST(UnitRoot, StlComponentsAddUpAndFindTheSeason) {
  std::vector<double> y(72);
  for (int t = 0; t < 72; ++t) y[t] = 100 + 0.5 * t + 10 * std::sin(2 * M_PI * t / 12);
  const Decomposition d = Stl(y, 12);
  ASSERT_EQ(d.trend.size(), y.size());
  for (int t = 0; t < 72; ++t) {
    EXPECT_NEAR(d.trend[t] + d.seasonal[t] + d.remainder[t], y[t], 1e-9);
    EXPECT_NEAR(d.seasonal[t], 10 * std::sin(2 * M_PI * t / 12), 1.0) << t;
  }
  EXPECT_GT(SeasonalStrength(y, 12), 0.9);
  EXPECT_EQ(SeasonalDifferences(y, 12), 1);
  EXPECT_TRUE(Stl(std::vector<double>(24, 1.0), 12).trend.empty());  // n <= 2 m
  EXPECT_EQ(SeasonalStrength(std::vector<double>(24, 1.0), 12), 0);
}

TEST(UnitRoot, DifferenceAndConstancy) {
  const std::vector<double> y{1, 4, 9, 16, 25};
  EXPECT_EQ(Difference(y, 1), (std::vector<double>{3, 5, 7, 9}));
  EXPECT_EQ(Difference(y, 1, 2), (std::vector<double>{2, 2, 2}));
  EXPECT_EQ(Difference(y, 2), (std::vector<double>{8, 12, 16}));
  EXPECT_TRUE(Difference(y, 5).empty());
  EXPECT_TRUE(IsNearlyConstant(Difference(y, 1, 2)));
  EXPECT_FALSE(IsNearlyConstant(y));
  EXPECT_TRUE(IsNearlyConstant(std::vector<double>{1e12, 1e12 + 1}));  // all.equal's tolerance
  EXPECT_TRUE(IsNearlyConstant(std::vector<double>{}));
  std::vector<double> quadratic(30);
  for (int t = 0; t < 30; ++t) quadratic[t] = t * t;
  EXPECT_EQ(NonSeasonalDifferences(quadratic), 2);  // constant after two differences
}

}  // namespace
}  // namespace salesdesk::forecast
