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

}  // namespace
}  // namespace salesdesk::forecast
