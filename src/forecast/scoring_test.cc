#include "forecast/scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace salesdesk::forecast {
namespace {

// Scope A: history scale (lag-1 naive MAE) 1.6; scope B: 25/3.
const std::vector<ScopeHistory> kHistories{{"A", {10, 12, 11, 13, 12, 14}, 1}, {"B", {100, 110, 105, 115}, 1}};
const std::vector<ActualValue> kActuals{{"A", "2026-01", 13}, {"A", "2026-02", 14}, {"B", "2026-01", 110},
                                        {"B", "2026-02", 118}};
const std::vector<KeptForecast> kForecasts{
    {"A", "2026-01", "ets", 12},  {"A", "2026-02", "ets", 15},  {"B", "2026-01", "ets", 120},
    {"B", "2026-02", "ets", 118}, {"A", "2026-03", "ets", 13},  {"A", "2026-01", "ann", 16},
    {"A", "2026-02", "ann", 17},  {"B", "2026-01", "ann", 130}, {"A", "2026-02", "newbie", 14}};

TEST(Scoring, LeagueTable) {
  auto r = ScoreTrackRecord(kForecasts, kActuals, kHistories);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->league.size(), 3u);
  const AuthorRecord& ets = r->league[0];
  EXPECT_EQ(ets.author, "ets");
  EXPECT_EQ(ets.rank, 1);
  EXPECT_EQ(ets.overall.n, 4);
  EXPECT_EQ(ets.pending, 1);
  EXPECT_NEAR(ets.overall.mase, (0.625 + 0.625 + 1.2 + 0) / 4, 1e-12);
  EXPECT_NEAR(ets.overall.mean_error, 2.5, 1e-12);
  EXPECT_NEAR(ets.overall.percent_bias, 1000.0 / 255, 1e-12);
  EXPECT_TRUE(ets.enough_history);
  const AuthorRecord& ann = r->league[1];
  EXPECT_EQ(ann.author, "ann");
  EXPECT_NEAR(ann.overall.mase, (1.875 + 1.875 + 2.4) / 3, 1e-12);
  EXPECT_NEAR(ann.overall.mean_error, 26.0 / 3, 1e-12);  // optimistic
  EXPECT_EQ(r->league[2].author, "newbie");
  EXPECT_FALSE(r->league[2].enough_history);
  EXPECT_EQ(r->league[2].rank, 3);
  // Over time with the default window (6): cumulative.
  ASSERT_EQ(ets.over_time.size(), 2u);
  EXPECT_EQ(ets.over_time[0].period, "2026-01");
  EXPECT_NEAR(ets.over_time[0].score.mase, (0.625 + 1.2) / 2, 1e-12);
  EXPECT_NEAR(ets.over_time[1].score.mase, ets.overall.mase, 1e-12);
}

TEST(Scoring, RollingWindow) {
  ScoringOptions o;
  o.window = 1;
  auto r = ScoreTrackRecord(kForecasts, kActuals, kHistories, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->league[0].over_time[1].score.mase, (0.625 + 0) / 2, 1e-12);
  EXPECT_EQ(r->league[0].over_time[1].score.n, 2);
}

TEST(Scoring, SuggestedCombination) {
  auto r = ScoreTrackRecord(kForecasts, kActuals, kHistories);
  ASSERT_TRUE(r.ok());
  const std::vector<KeptForecast> next{{"A", "2026-03", "ets", 13}, {"A", "2026-03", "ann", 15},
                                       {"A", "2026-03", "newbie", 14}};
  auto c = SuggestCombination(*r, next);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const double se = 1 / 0.6125, sa = 1 / 2.05, sn = (se + sa) / 2, t = se + sa + sn;
  EXPECT_NEAR(c->weights[0].weight, se / t, 1e-12);
  EXPECT_NEAR(c->weights[1].weight, sa / t, 1e-12);
  EXPECT_NEAR(c->weights[2].weight, sn / t, 1e-12);
  EXPECT_TRUE(c->weights[2].no_history);
  EXPECT_NEAR(c->value, (13 * se + 15 * sa + 14 * sn) / t, 1e-12);
  EXPECT_FALSE(c->note.empty());

  const std::vector<KeptForecast> strangers{{"A", "2026-03", "x", 10}, {"A", "2026-03", "y", 20}};
  auto equal = SuggestCombination(*r, strangers);
  EXPECT_DOUBLE_EQ(equal->value, 15);
  EXPECT_EQ(equal->note, "no track record yet: equal weights");
  const std::vector<KeptForecast> mixed{{"A", "2026-03", "x", 10}, {"B", "2026-03", "y", 20}};
  EXPECT_EQ(SuggestCombination(*r, mixed).status().message(), "forecast 2: for B in 2026-03, not A in 2026-03");
}

TEST(Scoring, Validates) {
  std::vector<KeptForecast> dup = kForecasts;
  dup.push_back({"A", "2026-01", "ets", 1});
  EXPECT_EQ(ScoreTrackRecord(dup, kActuals, kHistories).status().message(),
            "forecast 10: ets already has a forecast for A in 2026-01");
  const std::vector<ScopeHistory> only_a{kHistories[0]};
  EXPECT_EQ(ScoreTrackRecord(kForecasts, kActuals, only_a).status().message(),
            "forecast 3: scope B has an actual but no history to scale its errors");
  std::vector<ActualValue> twice = kActuals;
  twice.push_back({"A", "2026-01", 1});
  EXPECT_EQ(ScoreTrackRecord(kForecasts, twice, kHistories).status().message(),
            "actual 5: A in 2026-01 already has an actual");
  const std::vector<ScopeHistory> flat{kHistories[0], {"B", {5, 5, 5}, 1}};
  auto r = ScoreTrackRecord(kForecasts, kActuals, flat);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->note.find("B"), std::string::npos);
  // Nobody has 3 scored forecasts now; the league still sorts by MASE (newbie's one is exact).
  EXPECT_EQ(r->league[0].author, "newbie");
  EXPECT_EQ(r->league[1].author, "ets");
  EXPECT_EQ(r->league[1].overall.n, 2);
}

}  // namespace
}  // namespace salesdesk::forecast
