#include "forecast/batch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <string>
#include <vector>

namespace salesdesk::forecast {
namespace {

constexpr char kSeries[] =
    "id,category,type,period,horizon,start\n"
    "A,monthly,micro,12,18,2001-1\n"
    "B,yearly,macro,1,6,1990\n";

std::string Train() {
  std::string csv = "id,t,value\n";
  for (int t = 1; t <= 60; ++t) csv += "A," + std::to_string(t) + "," + std::to_string(100 + t % 12 * 3 + t) + "\n";
  for (int t = 20; t >= 1; --t) csv += "B," + std::to_string(t) + "," + std::to_string(50 + 2 * t) + "\r\n";
  return csv;
}

Status ParseError(const std::string& series, const std::string& train) {
  return ParseBatchInput(series, train).status();
}

TEST(BatchParse, ReadsTheLayout) {
  Result<std::vector<BatchSeries>> in = ParseBatchInput(kSeries, Train());
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  ASSERT_EQ(in->size(), 2u);
  EXPECT_EQ((*in)[0].id, "A");
  EXPECT_EQ((*in)[0].series.period, 12);
  EXPECT_EQ((*in)[0].horizon, 18);
  EXPECT_EQ((*in)[1].series.values.size(), 20u);
  EXPECT_EQ((*in)[1].series.values.front(), 52);  // rows in any order, sorted by t
}

TEST(BatchParse, ClearErrors) {
  const std::string train = Train();
  EXPECT_EQ(ParseError("id,period\n", train).message().substr(0, 6), "line 1");
  Status dup = ParseError(std::string(kSeries) + "A,monthly,micro,12,18,2001-1\n", train);
  EXPECT_NE(dup.message().find("duplicate id \"A\""), std::string::npos) << dup.message();
  EXPECT_EQ(dup.field(), "id");
  Status h0 = ParseError("id,category,type,period,horizon,start\nA,m,x,12,0,1\n", train);
  EXPECT_EQ(h0.field(), "horizon");
  EXPECT_NE(h0.message().find("line 2"), std::string::npos);
  EXPECT_EQ(ParseError("id,category,type,period,horizon,start\nA,m,x,twelve,3,1\n", train).field(),
            "period");
  EXPECT_EQ(ParseError(kSeries, train + "C,1,5\n").message().find("unknown id \"C\"") != std::string::npos, true);
  EXPECT_EQ(ParseError(kSeries, train + "A,61,abc\n").field(), "value");
  EXPECT_EQ(ParseError(kSeries, train + "A,61,nan\n").field(), "value");
  EXPECT_EQ(ParseError(kSeries, train + "A,61,inf\n").field(), "value");
  Status gap = ParseError(kSeries, train + "A,62,5\n");
  EXPECT_NE(gap.message().find("missing period t = 61"), std::string::npos) << gap.message();
  Status repeat = ParseError(kSeries, train + "A,60,5\n");
  EXPECT_NE(repeat.message().find("repeats"), std::string::npos) << repeat.message();
  EXPECT_EQ(ParseError(kSeries, train + "A,1\n").message().find("columns") != std::string::npos, true);
  Status none = ParseError(std::string(kSeries) + "C,other,other,1,8,1\n", train);
  EXPECT_NE(none.message().find("no observations"), std::string::npos);
}

std::vector<BatchSeries> ManySeries() {
  std::vector<BatchSeries> out;
  for (int i = 0; i < 40; ++i) {
    BatchSeries s;
    s.id = "S" + std::to_string(i);
    s.horizon = 1 + i % 9;
    s.series.period = i % 3 == 0 ? 12 : (i % 3 == 1 ? 4 : 1);
    for (int t = 0; t < 20 + 3 * i; ++t) s.series.values.push_back(100 + std::sin(t * (i + 1)) * 10 + t * (i % 5));
    out.push_back(std::move(s));
  }
  return out;
}

TEST(RunBatch, SameResultForAnyThreadCount) {
  const std::vector<BatchSeries> series = ManySeries();
  for (const char* method : {"theta", "auto", "comb"}) {
    Result<std::vector<BatchOutcome>> one = RunBatch(series, method, 1);
    Result<std::vector<BatchOutcome>> four = RunBatch(series, method, 4);
    ASSERT_TRUE(one.ok() && four.ok());
    for (std::size_t i = 0; i < series.size(); ++i) {
      ASSERT_TRUE((*one)[i].status.ok());
      EXPECT_EQ((*one)[i].forecast.mean, (*four)[i].forecast.mean) << method << i;
      EXPECT_EQ((*one)[i].forecast.lo95, (*four)[i].forecast.lo95) << method << i;
      EXPECT_EQ((*one)[i].forecast.method, (*four)[i].forecast.method) << method << i;
    }
  }
}

TEST(RunBatch, ProgressRowsAndErrors) {
  const std::vector<BatchSeries> series = ManySeries();
  int calls = 0, last = 0, total_seen = 0;
  Result<std::vector<BatchOutcome>> out = RunBatch(series, "naive", 3, [&](int done, int total) {
    ++calls, last = done, total_seen = total;
  });
  EXPECT_EQ(total_seen, 40);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(calls, 40);
  EXPECT_EQ(last, 40);
  const std::vector<ForecastRow> rows = ForecastRows(series, *out);
  std::size_t expected = 0;
  for (const BatchSeries& s : series) expected += s.horizon;
  ASSERT_EQ(rows.size(), expected);
  EXPECT_EQ(rows[0].id, "S0");
  EXPECT_EQ(rows[0].h, 1);
  EXPECT_EQ(rows[0].method, "Naive");
  EXPECT_EQ(RunBatch(series, "nonsense", 2).status().field(), "method");
  EXPECT_EQ(RunBatch(series, "naive", 0).status().field(), "threads");
}

TEST(RunBatch, Cancel) {
  std::atomic<bool> cancel{true};
  EXPECT_EQ(RunBatch(ManySeries(), "theta", 2, {}, &cancel).status().code(), StatusCode::kCancelled);
}

TEST(RunBatch, BadSeriesKeepsItsStatus) {
  std::vector<BatchSeries> series = ManySeries();
  series[3].series.values[2] = std::nan("");
  Result<std::vector<BatchOutcome>> out = RunBatch(series, "theta", 2);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)[3].status.field(), "values");
  EXPECT_TRUE((*out)[4].status.ok());
  EXPECT_EQ(ForecastRows(series, *out).size() + series[3].horizon,
            ForecastRows(ManySeries(), *RunBatch(ManySeries(), "theta", 2)).size());
}


std::string WriteRows(const std::vector<ForecastRow>& rows) {
  std::string csv = "id,h,mean,lo80,hi80,lo95,hi95,method\n";
  for (const ForecastRow& r : rows) {
    csv += r.id + "," + std::to_string(r.h) + "," + std::to_string(r.mean) + "," +
           std::to_string(r.lo80) + "," + std::to_string(r.hi80) + "," + std::to_string(r.lo95) +
           "," + std::to_string(r.hi95) + ",\"" + r.method + "\"\n";
  }
  return csv;
}

TEST(ScoreBatch, ForecastFileRoundTripsAndIsScored) {
  auto in = ParseBatchInput(kSeries, Train());
  ASSERT_TRUE(in.ok());
  auto out = RunBatch(*in, "naive", 1);
  ASSERT_TRUE(out.ok());
  (*out)[1].forecast.method = "ETS(A,A,N)";  // a name with commas travels quoted
  auto parsed = ParseForecasts(WriteRows(ForecastRows(*in, *out)), *in);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ((*parsed)[0].mean.size(), 18u);
  EXPECT_NEAR((*parsed)[1].mean[0], (*out)[1].forecast.mean[0], 1e-6);
  EXPECT_EQ((*parsed)[1].method, "ETS(A,A,N)");
  // Actuals equal to the naive forecast of A: zero error there; B misses by 10 each step.
  std::vector<std::vector<double>> test(2);
  test[0].assign(18, (*in)[0].series.values.back());
  for (double m : (*parsed)[1].mean) test[1].push_back(m + 10);
  auto score = ScoreBatch(*in, test, *parsed);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  ASSERT_EQ(score->by_category.size(), 2u);
  EXPECT_EQ(score->by_category[0].first, "monthly");
  EXPECT_NEAR(score->by_category[0].second.SeriesMean().smape, 0, 1e-9);
  EXPECT_GT(score->by_category[1].second.SeriesMean().smape, 0);
  EXPECT_EQ(score->all.series(), 2);
  // The in-sample naive scale of B is 2 (it rises by 2 a step): MASE = 10 / 2.
  EXPECT_NEAR(score->by_category[1].second.SeriesMean().mase, 5, 1e-3);
}

TEST(ScoreBatch, ClearErrors) {
  auto in = ParseBatchInput(kSeries, Train());
  ASSERT_TRUE(in.ok());
  const std::string header = "id,h,mean,lo80,hi80,lo95,hi95,method\n";
  EXPECT_NE(ParseForecasts(header + "C,1,1,0,2,0,2,x\n", *in).status().message().find("unknown id"),
            std::string::npos);
  EXPECT_EQ(ParseForecasts(header + "A,2,1,0,2,0,2,x\n", *in).status().field(), "h");
  EXPECT_EQ(ParseForecasts(header + "A,1,abc,0,2,0,2,x\n", *in).status().field(), "mean");
  EXPECT_NE(ParseForecasts(header + "A,1,5,0,2,0,9,x\n", *in).status().message().find("order"),
            std::string::npos);
  // A series with actuals but no forecast is an error naming it.
  auto none = ParseForecasts(header + "A,1,1,0,2,0,2,x\n", *in);
  ASSERT_TRUE(none.ok());
  std::vector<std::vector<double>> test = {{1.0}, {2.0}};
  auto score = ScoreBatch(*in, test, *none);
  ASSERT_FALSE(score.ok());
  EXPECT_NE(score.status().message().find("series B"), std::string::npos);
  // Without actuals a series is counted, not scored.
  test[1].clear();
  auto partial = ScoreBatch(*in, test, *none);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->without_actuals, 1);
  EXPECT_EQ(partial->all.series(), 1);
}

}  // namespace
}  // namespace salesdesk::forecast
