// Checks the econometric model against R's lm(), summary.lm(), Box.test() and
// predict.lm(), made by testdata/make_econometric_refs.R (the command is at its top).
#include "forecast/econometric.h"

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
    rows.push_back(fields);
  }
  return rows;
}

double Num(const std::string& s) { return s == "NA" ? NAN : std::stod(s); }

struct Data {
  std::vector<double> sales;
  std::vector<Indicator> indicators;
};

// income at lags 0 and 1, price at lag 0; periods 41..44 carry the assumed indicators.
Data Load(bool with_future) {
  Data d;
  d.indicators = {{"income", {}, {0, 1}, {}}, {"price", {}, {0}, {}}};
  for (const auto& r : ReadCsv("econ_series.csv")) {
    const bool future = r[1] == "NA";
    if (!future) d.sales.push_back(Num(r[1]));
    if (future && !with_future) continue;
    (future ? d.indicators[0].future : d.indicators[0].values).push_back(Num(r[2]));
    (future ? d.indicators[1].future : d.indicators[1].values).push_back(Num(r[3]));
  }
  return d;
}

TEST(Econometric, MatchesLm) {
  const Data d = Load(false);
  ASSERT_EQ(d.sales.size(), 40u);
  auto m = FitEconometric(d.sales, d.indicators);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const auto ref = ReadCsv("econ_coef.csv");
  ASSERT_EQ(m->coefficients.size(), ref.size());
  for (std::size_t j = 0; j < ref.size(); ++j) {
    const Coefficient& c = m->coefficients[j];
    EXPECT_EQ(c.term, ref[j][0]);
    EXPECT_NEAR(c.estimate, Num(ref[j][1]), 1e-9 * std::fabs(Num(ref[j][1])));
    EXPECT_NEAR(c.std_error, Num(ref[j][2]), 1e-9 * Num(ref[j][2]));
    EXPECT_NEAR(c.t_value, Num(ref[j][3]), 1e-8);
    EXPECT_NEAR(c.p_value, Num(ref[j][4]), 1e-9 + 1e-6 * Num(ref[j][4])) << c.term;
    if (j == 0) {
      EXPECT_TRUE(std::isnan(c.vif));
    } else {
      EXPECT_NEAR(c.vif, Num(ref[j][5]), 1e-8 * Num(ref[j][5]));
    }
  }
  std::map<std::string, double> diag;
  for (const auto& r : ReadCsv("econ_diag.csv")) diag[r[0]] = Num(r[1]);
  const RegressionDiagnostics& g = m->diagnostics;
  EXPECT_EQ(g.observations, 39);
  EXPECT_EQ(g.parameters, 4);
  EXPECT_EQ(m->max_lag, 1);
  EXPECT_NEAR(g.r_squared, diag["r2"], 1e-12);
  EXPECT_NEAR(g.adjusted_r_squared, diag["adj_r2"], 1e-12);
  EXPECT_NEAR(g.residual_se, diag["sigma"], 1e-10);
  EXPECT_NEAR(g.durbin_watson, diag["dw"], 1e-10);
  EXPECT_EQ(g.ljung_box_lag, static_cast<int>(diag["lb_lag"]));
  EXPECT_NEAR(g.ljung_box, diag["lb"], 1e-9);
  EXPECT_NEAR(g.ljung_box_p_value, diag["lb_p"], 1e-9);
  EXPECT_TRUE(std::isnan(m->fitted[0]));
  EXPECT_NEAR(m->fitted[5] + m->residuals[5], d.sales[5], 1e-9);
}

TEST(Econometric, KnownIndicatorsReproducePredictLm) {
  const Data d = Load(true);
  EconometricOptions o;
  o.horizon = 4;
  o.simulations = 20000;
  auto f = ForecastEconometric(d.sales, d.indicators, o);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  const auto ref = ReadCsv("econ_forecast.csv");
  ASSERT_EQ(ref.size(), 4u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(f->forecast.mean[k], Num(ref[k][1]), 1e-8);
    // Simulated bounds: within 3% of the half-width (Monte Carlo error ~1%).
    const double half = Num(ref[k][5]) - Num(ref[k][1]);
    EXPECT_NEAR(f->forecast.lo80[k], Num(ref[k][2]), 0.03 * half) << k;
    EXPECT_NEAR(f->forecast.hi80[k], Num(ref[k][3]), 0.03 * half) << k;
    EXPECT_NEAR(f->forecast.lo95[k], Num(ref[k][4]), 0.03 * half) << k;
    EXPECT_NEAR(f->forecast.hi95[k], Num(ref[k][5]), 0.03 * half) << k;
  }
  EXPECT_EQ(f->indicators[0].source[3], "user");
  EXPECT_TRUE(f->forecast.note.empty());
  // Deterministic for a seed.
  auto again = ForecastEconometric(d.sales, d.indicators, o);
  EXPECT_EQ(again->forecast.hi95, f->forecast.hi95);
}

TEST(Econometric, ForecastIndicatorsWidenTheIntervals) {
  const Data known = Load(true);
  const Data unknown = Load(false);
  EconometricOptions o;
  o.horizon = 4;
  auto a = ForecastEconometric(known.sales, known.indicators, o);
  auto b = ForecastEconometric(unknown.sales, unknown.indicators, o);
  ASSERT_TRUE(a.ok() && b.ok()) << b.status().ToString();
  EXPECT_NE(b->indicators[0].source[0], "user");
  EXPECT_LT(b->indicators[0].lo95[3], b->indicators[0].values[3]);
  EXPECT_FALSE(b->forecast.note.empty());
  for (int k = 0; k < 4; ++k) {
    EXPECT_GT(b->forecast.hi95[k] - b->forecast.lo95[k], a->forecast.hi95[k] - a->forecast.lo95[k]) << k;
    EXPECT_LE(b->forecast.lo95[k], b->forecast.lo80[k]);
    EXPECT_LE(b->forecast.hi80[k], b->forecast.hi95[k]);
  }
  // Only the future periods a lag reaches need a value: income (lag 1) at step 1 comes
  // from the history.
  o.horizon = 1;
  Data partial = Load(false);
  partial.indicators[0].future = {130};
  partial.indicators[1].future = {18};
  auto c = ForecastEconometric(partial.sales, partial.indicators, o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->indicators[1].source[0], "user");
  const auto& coef = c->model.coefficients;
  EXPECT_NEAR(c->forecast.mean[0],
              coef[0].estimate + coef[1].estimate * 130 + coef[2].estimate * partial.indicators[0].values.back() +
                  coef[3].estimate * 18,
              1e-9);
}

TEST(Econometric, ChiSquareTail) {
  EXPECT_NEAR(ChiSquareUpperTail(3.841458820694124, 1), 0.05, 1e-12);   // R: qchisq(.95, 1)
  EXPECT_NEAR(ChiSquareUpperTail(18.307038053275146, 10), 0.05, 1e-12);  // R: qchisq(.95, 10)
  EXPECT_NEAR(ChiSquareUpperTail(2, 4), 0.7357588823428847, 1e-12);     // R: pchisq(2, 4, lower = FALSE)
  EXPECT_DOUBLE_EQ(ChiSquareUpperTail(0, 3), 1);
}

TEST(Econometric, Validates) {
  const Data d = Load(false);
  std::vector<Indicator> twice = d.indicators;
  twice.push_back({"income again", d.indicators[0].values, {0}, {}});
  EXPECT_EQ(FitEconometric(d.sales, twice).status().message(),
            "income again is (nearly) a linear combination of the terms before it "
            "(a constant indicator, or the same information twice)");
  std::vector<Indicator> constant{{"flat", std::vector<double>(40, 3.0), {0}, {}}};
  EXPECT_FALSE(FitEconometric(d.sales, constant).ok());
  std::vector<Indicator> short_x{{"x", {1, 2, 3}, {0}, {}}};
  EXPECT_EQ(FitEconometric(d.sales, short_x).status().message(), "indicator x: 3 values for 40 periods of sales");
  std::vector<Indicator> bad_lag{{"x", d.indicators[0].values, {0, 0}, {}}};
  EXPECT_EQ(FitEconometric(d.sales, bad_lag).status().message(), "indicator x: lag 0 repeated");
  std::vector<Indicator> long_lag{{"x", d.indicators[0].values, {38}, {}}};
  EXPECT_EQ(FitEconometric(d.sales, long_lag).status().message(),
            "2 usable periods for 2 coefficients: need at least 3 (fewer indicators or lags, or a longer history)");
  EXPECT_FALSE(FitEconometric(d.sales, std::vector<Indicator>{}).ok());
  EconometricOptions o;
  o.indicator_method = "crystal-ball";
  EXPECT_EQ(ForecastEconometric(d.sales, d.indicators, o).status().field(), "indicator_method");
  o.indicator_method = "ets";
  o.horizon = 0;
  EXPECT_EQ(ForecastEconometric(d.sales, d.indicators, o).status().field(), "horizon");
}

}  // namespace
}  // namespace salesdesk::forecast
