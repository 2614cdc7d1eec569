// The ARIMA unit against R's forecast package (reference values in testdata/arima_*.csv,
// made by testdata/make_arima_refs.R; the command is at its top), and its building blocks.
#include "forecast/arima.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "forecast/accuracy.h"
#include "forecast/arima_internal.h"

namespace salesdesk::forecast {
namespace {

using Row = std::map<std::string, std::string>;

std::vector<Row> ReadCsv(const std::string& file) {
  std::ifstream in(std::filesystem::path(__FILE__).parent_path() / "testdata" / file);
  EXPECT_TRUE(in.good()) << file;
  std::vector<Row> rows;
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    if (line.back() == ',') cells.emplace_back();
    if (header.empty()) {
      header = cells;
      continue;
    }
    Row row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

std::map<std::string, Series> LoadSeries() {
  std::map<std::string, Series> out;
  for (const Row& r : ReadCsv("arima_series.csv")) {
    Series& s = out[r.at("name")];
    s.period = std::stoi(r.at("period"));
    s.values.push_back(std::stod(r.at("value")));
  }
  return out;
}

std::vector<double> Numbers(const std::string& text) {
  std::vector<double> v;
  std::stringstream ss(text);
  for (double x; ss >> x;) v.push_back(x);
  return v;
}

ArimaOrder OrderOf(const Row& r) {
  ArimaOrder o;
  o.p = std::stoi(r.at("p")), o.d = std::stoi(r.at("d")), o.q = std::stoi(r.at("q"));
  o.seasonal_p = std::stoi(r.at("P")), o.seasonal_d = std::stoi(r.at("D"));
  o.seasonal_q = std::stoi(r.at("Q"));
  o.period = o.seasonal_p + o.seasonal_d + o.seasonal_q > 0 ? std::stoi(r.at("period")) : 1;
  o.constant = r.at("constant") == "1";
  return o;
}

void ExpectCoefficients(const std::vector<double>& ours, const std::string& r,
                        const std::string& where) {
  const std::vector<double> ref = Numbers(r);
  ASSERT_EQ(ours.size(), ref.size()) << where;
  // R's optimiser (BFGS, reltol 1e-8) stops on flat likelihoods a little short of the
  // optimum; coefficients agree to about 1e-3, boundary MA roots (|theta| ~ 1) to 1e-2.
  for (std::size_t i = 0; i < ref.size(); ++i) EXPECT_NEAR(ours[i], ref[i], 0.01) << where;
}

TEST(ArimaFixed, MatchesRCoefficientsAndLikelihood) {
  const auto series = LoadSeries();
  for (const Row& r : ReadCsv("arima_fixed.csv")) {
    const std::string where = "case " + r.at("case") + " " + r.at("name");
    const ArimaOrder o = OrderOf(r);
    Result<ArimaModel> m = FitArima(series.at(r.at("name")).values, o);
    ASSERT_TRUE(m.ok()) << where << ": " << m.status().ToString();
    ExpectCoefficients(m->ar, r.at("ar"), where + " ar");
    ExpectCoefficients(m->ma, r.at("ma"), where + " ma");
    ExpectCoefficients(m->seasonal_ar, r.at("sar"), where + " sar");
    ExpectCoefficients(m->seasonal_ma, r.at("sma"), where + " sma");
    const double constant = o.d + o.seasonal_d == 1 ? m->drift : m->mu;
    const double ref_constant = std::stod(r.at("const"));
    EXPECT_NEAR(constant, ref_constant, 0.01 * std::fabs(ref_constant) + 1e-6) << where;
    // R puts a diffuse prior (kappa = 1e6) on the differenced part instead of
    // differencing first; the difference is a few thousandths of a unit of log-likelihood.
    const double ref_loglik = std::stod(r.at("loglik"));
    EXPECT_NEAR(m->loglik, ref_loglik, 0.02) << where;
    EXPECT_NEAR(m->aicc, std::stod(r.at("aicc")), 0.05) << where;
    // R's sigma2 also counts the residuals of the diffuse start: up to 1% larger.
    EXPECT_NEAR(m->sigma2, std::stod(r.at("sigma2")), 0.01 * std::stod(r.at("sigma2"))) << where;
  }
}

TEST(ArimaFixed, ForecastsAndIntervalsMatchR) {
  const auto series = LoadSeries();
  std::map<std::string, std::vector<Row>> fc;
  for (const Row& r : ReadCsv("arima_fixed_forecast.csv")) fc[r.at("case")].push_back(r);
  for (const Row& r : ReadCsv("arima_fixed.csv")) {
    const std::string where = "case " + r.at("case") + " " + r.at("name");
    Result<ArimaModel> m = FitArima(series.at(r.at("name")).values, OrderOf(r));
    ASSERT_TRUE(m.ok()) << where;
    const std::vector<Row>& ref = fc.at(r.at("case"));
    const Forecast f = ForecastArima(*m, static_cast<int>(ref.size()), ArimaIntervals::kNormal);
    EXPECT_EQ(f.method.substr(0, 6), "ARIMA(") << where;
    for (std::size_t h = 0; h < ref.size(); ++h) {
      const double half95 = (std::stod(ref[h].at("hi95")) - std::stod(ref[h].at("lo95"))) / 2;
      const double tol = 0.02 * half95;  // 2% of the interval's half-width
      EXPECT_NEAR(f.mean[h], std::stod(ref[h].at("mean")), tol) << where << " h=" << h + 1;
      EXPECT_NEAR(f.lo80[h], std::stod(ref[h].at("lo80")), tol) << where << " h=" << h + 1;
      EXPECT_NEAR(f.hi80[h], std::stod(ref[h].at("hi80")), tol) << where << " h=" << h + 1;
      EXPECT_NEAR(f.lo95[h], std::stod(ref[h].at("lo95")), tol) << where << " h=" << h + 1;
      EXPECT_NEAR(f.hi95[h], std::stod(ref[h].at("hi95")), tol) << where << " h=" << h + 1;
    }
    // R's fitted values are y minus the standardised innovation v / sqrt(F); ours are the
    // one-step predictions y - v. They agree once the filter has converged (F = 1), which
    // is not the case with an MA root on the unit circle (cases 2 and 11).
    if (m->MinRootModulus() > 1.001) {
      const double last_fit = f.fitted.back(), ref_fit = std::stod(ref[0].at("fitted_last"));
      EXPECT_NEAR(last_fit, ref_fit, 0.02 * std::sqrt(m->sigma2)) << where;
    }
  }
}

TEST(AutoArima, AgreesWithRsChoiceMostOfTheTime) {
  const auto series = LoadSeries();
  int same = 0, total = 0;
  std::string differences;
  for (const Row& r : ReadCsv("arima_auto.csv")) {
    const Series& s = series.at(r.at("name"));
    Result<AutoArimaResult> a = AutoArima(s.values, s.period);
    ASSERT_TRUE(a.ok()) << r.at("name");
    const ArimaOrder& o = a->model.order;
    const bool agree =
        o.p == std::stoi(r.at("p")) && o.d == std::stoi(r.at("d")) && o.q == std::stoi(r.at("q")) &&
        o.seasonal_p == std::stoi(r.at("P")) && o.seasonal_d == std::stoi(r.at("D")) &&
        o.seasonal_q == std::stoi(r.at("Q")) && o.constant == (r.at("constant") == "1");
    same += agree, ++total;
    if (!agree) differences += " " + r.at("name") + ":" + a->model.Describe();
    // The same model should be fitted at least as well as R fits it.
    if (agree) {
      EXPECT_LT(a->model.aicc, std::stod(r.at("aicc")) + 0.05) << r.at("name");
    }
    EXPECT_EQ(a->model.estimation, ArimaEstimation::kExactLikelihood) << r.at("name");
    // The differencing decisions are deterministic tests and must agree exactly.
    EXPECT_EQ(o.d, std::stoi(r.at("d"))) << r.at("name");
    EXPECT_EQ(o.seasonal_d, std::stoi(r.at("D"))) << r.at("name");
  }
  std::printf("auto.arima orders identical on %d of %d series; differing:%s\n", same, total,
              differences.c_str());
  EXPECT_GE(same, 0.75 * total);
}

TEST(AutoArima, AirlineModelForLogAirPassengers) {
  const Series s = LoadSeries().at("AirPassengersLog");
  Result<AutoArimaResult> a = AutoArima(s.values, 12);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->model.Describe(), "ARIMA(0,1,1)(0,1,1)[12]");
  EXPECT_TRUE(a->note.empty());
  EXPECT_GT(a->models_fitted, 5);
}

TEST(Arima, RandomWalkWithDriftHasClosedFormForecasts) {
  std::vector<double> y{10, 12, 11, 14, 15, 17, 16, 19, 21, 20, 23, 24};
  ArimaOrder o;
  o.d = 1, o.constant = true;
  Result<ArimaModel> m = FitArima(y, o);
  ASSERT_TRUE(m.ok());
  // The ML drift of a random walk is the mean difference, sigma2 the residual variance
  // about it with n - 1 - 1 degrees of freedom.
  const double drift = (y.back() - y.front()) / (y.size() - 1.0);
  EXPECT_NEAR(m->drift, drift, 1e-6);
  double ss = 0;
  for (std::size_t t = 1; t < y.size(); ++t) ss += std::pow(y[t] - y[t - 1] - drift, 2);
  EXPECT_NEAR(m->sigma2, ss / (y.size() - 2.0), 1e-6);
  const Forecast f = ForecastArima(*m, 4, ArimaIntervals::kNormal);
  for (int h = 1; h <= 4; ++h) {
    EXPECT_NEAR(f.mean[h - 1], y.back() + h * drift, 1e-6);
    EXPECT_NEAR(f.hi95[h - 1] - f.mean[h - 1], 1.959963984540054 * std::sqrt(m->sigma2 * h), 1e-6);
  }
  EXPECT_TRUE(std::isnan(f.fitted[0]));
  EXPECT_NEAR(f.fitted[5], y[4] + drift, 1e-6);
}

TEST(Arima, RejectsUnusableOrdersAndSeries) {
  const std::vector<double> y{1, 2, 3, 2, 1, 2, 3, 4};
  ArimaOrder negative;
  negative.p = -1;
  EXPECT_EQ(FitArima(y, negative).status().field(), "order");
  ArimaOrder seasonal_without_period;
  seasonal_without_period.seasonal_q = 1;
  EXPECT_EQ(FitArima(y, seasonal_without_period).status().field(), "order");
  ArimaOrder quadratic;
  quadratic.d = 2, quadratic.constant = true;
  EXPECT_EQ(FitArima(y, quadratic).status().field(), "order");
  ArimaOrder big;
  big.p = 5, big.q = 5;
  EXPECT_EQ(FitArima(y, big).status().field(), "values");
  EXPECT_EQ(AutoArima({}, 1).status().field(), "values");
  EXPECT_EQ(AutoArima(y, 0).status().field(), "period");
  EXPECT_EQ(RunArima({y, 1}, ArimaOrder{}, 0).status().field(), "horizon");
}

TEST(AutoArima, FallbacksAreNamed) {
  Result<AutoArimaResult> flat = AutoArima(std::vector<double>(24, 3.5), 12);
  ASSERT_TRUE(flat.ok());
  EXPECT_NE(flat->note.find("constant"), std::string::npos);
  EXPECT_EQ(ForecastArima(flat->model, 3).mean[2], 3.5);
  Result<AutoArimaResult> line = AutoArima(std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}, 1);
  ASSERT_TRUE(line.ok());
  EXPECT_NE(line->note.find("differenced series is constant"), std::string::npos);
  EXPECT_NEAR(ForecastArima(line->model, 2).mean[1], 10, 1e-9);
  for (int n = 1; n <= 4; ++n) {
    std::vector<double> y{5, 3, 8, 6};
    y.resize(n);
    Result<Forecast> f = RunAutoArima({y, 4}, 3, {});
    ASSERT_TRUE(f.ok()) << n;
    for (double v : f->hi95) EXPECT_TRUE(std::isfinite(v)) << n;
  }
}

TEST(AutoArima, DeterministicAcrossThreads) {
  const Series s = LoadSeries().at("N2500");
  Result<Forecast> a = RunAutoArima(s, 18, {}), b = RunAutoArima(s, 18, {});
  Result<Forecast> c = Status::Internal("not run");
  std::thread t([&] { c = RunAutoArima(s, 18, {}); });
  t.join();
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->mean, b->mean);
  EXPECT_EQ(a->mean, c->mean);
  EXPECT_EQ(a->hi95, c->hi95);
}

TEST(ArimaInternal, PacfMapIsStationaryAndInvertible) {
  const std::vector<double> u{0.7, -1.3, 2.2, 0.1};
  std::vector<double> a(4), back(4);
  arima_internal::PacfToCoefficients(u, a);
  EXPECT_TRUE(arima_internal::RootsOutside(a, 1.0));
  ASSERT_TRUE(arima_internal::CoefficientsToPacf(a, back));
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(back[i], u[i], 1e-9);
  EXPECT_FALSE(arima_internal::RootsOutside(std::vector<double>{1.0}, 1.0));  // random walk
  EXPECT_TRUE(arima_internal::RootsOutside(std::vector<double>{0.5}, 1.99));  // root at 2
  EXPECT_FALSE(arima_internal::RootsOutside(std::vector<double>{0.5}, 2.01));
}

TEST(ArimaInternal, ExpansionAndPsiWeights) {
  // (1 - 0.5B)(1 - 0.3B^4) = 1 - 0.5B - 0.3B^4 + 0.15B^5.
  const arima_internal::ArmaPolynomials p =
      arima_internal::Expand(std::vector<double>{0.5}, std::vector<double>{0.4},
                             std::vector<double>{0.3}, std::vector<double>{}, 4);
  ASSERT_EQ(p.phi.size(), 5u);
  EXPECT_DOUBLE_EQ(p.phi[0], 0.5);
  EXPECT_DOUBLE_EQ(p.phi[3], 0.3);
  EXPECT_DOUBLE_EQ(p.phi[4], -0.15);
  ASSERT_EQ(p.theta.size(), 1u);
  // ARMA(1,1): psi_j = (phi + theta) phi^(j-1).
  const std::vector<double> psi =
      arima_internal::PsiWeights(std::vector<double>{0.6}, std::vector<double>{0.3}, 5);
  for (int j = 1; j < 5; ++j) EXPECT_NEAR(psi[j], 0.9 * std::pow(0.6, j - 1), 1e-12);
}

TEST(ArimaInternal, ExactLikelihoodOfAr1MatchesClosedForm) {
  // AR(1): -2 log L = n log(2 pi s2) - log(1 - phi^2) + [(1 - phi^2) w_1^2 +
  // sum (w_t - phi w_{t-1})^2] / s2 (Box, Jenkins & Reinsel 7.1.5); with unit variance.
  const std::vector<double> w{0.3, -0.5, 1.2, 0.8, -0.1, 0.4};
  const double phi = 0.6;
  arima_internal::ExactFilter filter;
  arima_internal::FilterOutput out;
  ASSERT_TRUE(filter.Run(w, 0, {{phi}, {}}, true, &out));
  double ss = (1 - phi * phi) * w[0] * w[0];
  for (std::size_t t = 1; t < w.size(); ++t) ss += std::pow(w[t] - phi * w[t - 1], 2);
  EXPECT_NEAR(out.ssq, ss, 1e-12);
  EXPECT_NEAR(out.sumlog, -std::log(1 - phi * phi), 1e-12);
}

TEST(ArimaInternal, ExactLikelihoodOfMa1MatchesInnovationsAlgorithm) {
  // MA(1) with unit variance: gamma_0 = 1 + theta^2, gamma_1 = theta; innovations
  // algorithm (Brockwell & Davis 5.2): v_0 = gamma_0, v_t = gamma_0 - theta^2 / v_{t-1}.
  const std::vector<double> w{0.3, -0.5, 1.2, 0.8, -0.1, 0.4};
  const double theta = -0.7;
  arima_internal::ExactFilter filter;
  arima_internal::FilterOutput out;
  ASSERT_TRUE(filter.Run(w, 0, {{}, {theta}}, true, &out));
  double v = 1 + theta * theta, e_prev = 0, ss = 0, sumlog = 0;
  for (std::size_t t = 0; t < w.size(); ++t) {
    if (t > 0) v = 1 + theta * theta - theta * theta / v;
    const double pred = t == 0 ? 0 : theta / out.f[t - 1] * e_prev;
    const double e = w[t] - pred;
    EXPECT_NEAR(out.f[t], v, 1e-12) << t;
    EXPECT_NEAR(out.v[t], e, 1e-12) << t;
    ss += e * e / v, sumlog += std::log(v), e_prev = e;
  }
  EXPECT_NEAR(out.ssq, ss, 1e-12);
  EXPECT_NEAR(out.sumlog, sumlog, 1e-12);
}

TEST(ArimaInternal, LevenbergMarquardtSolvesRosenbrock) {
  auto rosenbrock = [](std::span<const double> x, std::span<double> r) {
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
    return true;
  };
  const arima_internal::LeastSquaresResult res =
      arima_internal::MinimiseSumOfSquares(rosenbrock, 2, {-1.2, 1.0});
  EXPECT_TRUE(res.converged);
  EXPECT_NEAR(res.x[0], 1, 1e-5);
  EXPECT_NEAR(res.x[1], 1, 1e-5);
}

// Slow (about half a minute): not part of the default run. All 3003 M3 series from
// bench/data/m3 (Makridakis & Hibon 2000), standard horizons, M4 measures averaged over
// series. Run with
//   build/.../forecast_arima_test --gtest_also_run_disabled_tests --gtest_filter=*M3*
// Reference (R's auto.arima, bench/data/m3/README.md): sMAPE 13.60, MASE 1.454, 95%
// coverage 86.7%, MSIS 16.16.
TEST(ArimaM3, DISABLED_AllSeriesAccuracyAndTime) {
  const std::filesystem::path dir =
      std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "bench" / "data" / "m3";
  std::map<std::string, std::pair<int, int>> info;  // id -> period, horizon
  std::map<std::string, std::vector<double>> train, test;
  auto read = [&dir](const char* file, auto&& row) {
    std::ifstream in(dir / file);
    ASSERT_TRUE(in.good()) << (dir / file);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> c;
      std::stringstream ss(line);
      for (std::string cell; std::getline(ss, cell, ',');) c.push_back(cell);
      row(c);
    }
  };
  read("series.csv", [&](const auto& c) { info[c[0]] = {std::stoi(c[3]), std::stoi(c[4])}; });
  read("train.csv", [&](const auto& c) { train[c[0]].push_back(std::stod(c[2])); });
  read("test.csv", [&](const auto& c) { test[c[0]].push_back(std::stod(c[2])); });
  ASSERT_EQ(info.size(), 3003u);
  AccuracyTotals totals;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& [id, ph] : info) {
    const Series s{train[id], ph.first};
    Result<Forecast> f = RunAutoArima(s, ph.second, {});
    ASSERT_TRUE(f.ok()) << id;
    totals.Add(Evaluate(s.values, s.period, test[id], *f), ph.second);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Accuracy a = totals.SeriesMean();
  std::printf("M3 arima: sMAPE %.2f (points %.2f) MASE %.3f coverage95 %.1f%% MSIS %.2f, %.1f s\n",
              a.smape, totals.PointMean().smape, a.mase, 100 * a.coverage95, a.msis, seconds);
  EXPECT_LE(a.smape, 13.60);
  EXPECT_LE(a.msis, 16.16);
}

}  // namespace
}  // namespace salesdesk::forecast
