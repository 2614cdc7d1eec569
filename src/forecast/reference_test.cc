// Compares methods with reference forecasts from R's forecast package 8.20, made by
// testdata/make_refs.R (the command is at its top) on R datasets and M3 series.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "forecast/intermittent.h"
#include "forecast/method.h"
#include "forecast/regression.h"
#include "forecast/simple.h"
#include "forecast/theta.h"

namespace salesdesk::forecast {
namespace {

std::filesystem::path TestData() { return std::filesystem::path(__FILE__).parent_path() / "testdata"; }

std::vector<std::vector<std::string>> ReadCsv(const std::string& name) {
  std::ifstream in(TestData() / name);
  EXPECT_TRUE(in) << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

double Num(const std::string& s) { return s == "NA" ? NAN : std::stod(s); }

std::map<std::string, Series> LoadSeries() {
  std::map<std::string, Series> out;
  for (const auto& r : ReadCsv("ref_series.csv")) {
    Series& s = out[r[0]];
    s.period = std::stoi(r[1]);
    s.values.push_back(Num(r[3]));
  }
  return out;
}

struct Ref {
  std::vector<double> mean, lo80, hi80, lo95, hi95;
};

std::map<std::pair<std::string, std::string>, Ref> LoadRefs() {
  std::map<std::pair<std::string, std::string>, Ref> out;
  for (const auto& r : ReadCsv("ref_forecasts.csv")) {
    Ref& ref = out[{r[0], r[1]}];
    ref.mean.push_back(Num(r[3])), ref.lo80.push_back(Num(r[4])), ref.hi80.push_back(Num(r[5]));
    ref.lo95.push_back(Num(r[6])), ref.hi95.push_back(Num(r[7]));
  }
  return out;
}

// Largest |ours - R| / scale over the vector, where scale is the series' standard
// deviation-free yardstick max(|R value|, 1). R's bounds are floored at 0 for
// non-negative series, as Finalize does ours.
double MaxRelDiff(const std::vector<double>& ours, const std::vector<double>& ref, bool floor0) {
  double worst = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (std::isnan(ref[i])) continue;
    const double r = floor0 ? std::max(ref[i], 0.0) : ref[i];
    worst = std::max(worst, std::fabs(ours[i] - r) / std::max(std::fabs(r), 1.0));
  }
  return worst;
}

struct Case {
  const char* method;
  MethodFn fn;
  double mean_tol;      // relative
  double interval_tol;  // relative; negative: intervals not compared
  bool seasonal_intervals = true;  // compare intervals on seasonal series too
};

void Check(const Case& c, const std::map<std::string, Series>& series,
           const std::map<std::pair<std::string, std::string>, Ref>& refs) {
  int compared = 0;
  for (const auto& [key, ref] : refs) {
    if (key.second != c.method) continue;
    const Series& s = series.at(key.first);
    MethodOptions options;
    options.detect_seasonality = c.fn != &RunLinearRegression;  // tslm always uses season
    Result<Forecast> f = c.fn(s, static_cast<int>(ref.mean.size()), options);
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    const bool floor0 = std::all_of(s.values.begin(), s.values.end(), [](double v) { return v >= 0; });
    EXPECT_LE(MaxRelDiff(f->mean, ref.mean, floor0), c.mean_tol) << key.first << " " << c.method;
    const bool seasonal = f->method.find("seasonally adjusted") != std::string::npos;
    if (c.interval_tol >= 0 && (c.seasonal_intervals || !seasonal)) {
      for (auto [ours, theirs] : {std::pair{&f->lo80, &ref.lo80}, {&f->hi80, &ref.hi80},
                                  {&f->lo95, &ref.lo95}, {&f->hi95, &ref.hi95}}) {
        EXPECT_LE(MaxRelDiff(*ours, *theirs, floor0), c.interval_tol) << key.first << " " << c.method;
      }
    }
    ++compared;
  }
  EXPECT_GT(compared, 0) << c.method;
}

class ReferenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    series_ = new std::map<std::string, Series>(LoadSeries());
    refs_ = new std::map<std::pair<std::string, std::string>, Ref>(LoadRefs());
  }
  static void TearDownTestSuite() { delete series_, delete refs_; }
  static std::map<std::string, Series>* series_;
  static std::map<std::pair<std::string, std::string>, Ref>* refs_;
};
std::map<std::string, Series>* ReferenceTest::series_ = nullptr;
std::map<std::pair<std::string, std::string>, Ref>* ReferenceTest::refs_ = nullptr;

// The benchmark methods are closed-form: agreement to rounding.
TEST_F(ReferenceTest, Naive) { Check({"naive", &RunNaive, 1e-9, 1e-9}, *series_, *refs_); }
TEST_F(ReferenceTest, SeasonalNaive) {
  Check({"snaive", &RunSeasonalNaive, 1e-9, 1e-9}, *series_, *refs_);
}
TEST_F(ReferenceTest, Drift) { Check({"drift", &RunDrift, 1e-9, 1e-9}, *series_, *refs_); }
TEST_F(ReferenceTest, Mean) { Check({"mean", &RunMean, 1e-9, 1e-9}, *series_, *refs_); }
TEST_F(ReferenceTest, LinearRegression) {
  Check({"lm", &RunLinearRegression, 1e-8, 1e-8}, *series_, *refs_);
}
TEST_F(ReferenceTest, Croston) { Check({"croston", &RunCroston, 1e-9, -1}, *series_, *refs_); }

// Theta: alpha and l_0 are found by numerical optimisation here (exact l_0, golden
// section on alpha) and by Nelder-Mead in R's ets(), so the optima differ slightly
// (largest difference measured: 1.2e-4 relative, Nile's intervals); the tolerance of
// 1e-3 leaves room for that and nothing more. R's thetaf does not scale
// interval widths by the seasonal index, so intervals are compared on non-seasonal
// series only.
TEST_F(ReferenceTest, Theta) {
  Check({"theta", &RunTheta, 1e-3, 1e-3, false}, *series_, *refs_);
}

}  // namespace
}  // namespace salesdesk::forecast
