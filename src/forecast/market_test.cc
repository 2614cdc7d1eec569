// Reference values come from base R (commands in the comments; R 4.2.2).
#include "forecast/market.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace salesdesk::forecast {
namespace {

TEST(TestMarket, RatioEstimator) {
  // R: y <- c(120, 200, 90); x <- c(50, 90, 40); R <- sum(y) / sum(x)
  //    se <- 1000 * sqrt(sum((y - R * x)^2) / 2 / 3) / mean(x); R * 1000 + qt(.975, 2) * se
  const std::vector<TestRegion> regions{{"hangzhou", 120, 50}, {"suzhou", 200, 90}, {"wuxi", 90, 40}};
  TestMarketOptions o;
  o.market_factor_total = 1000;
  auto p = ProjectTestMarket(regions, o);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_NEAR(p->estimate, 2277.777777777777828, 1e-9);
  EXPECT_NEAR(p->std_error, 54.254308121132567, 1e-9);
  EXPECT_NEAR(p->hi95, 2511.215224715837394, 1e-6);
  EXPECT_NEAR(p->lo80, 2175.474873295012003, 1e-6);
  EXPECT_NEAR(p->coverage, 0.18, 1e-12);
  EXPECT_EQ(p->regions, 3);
  // The finite-population correction shrinks the error: 3 of 10 regions tested.
  o.market_regions = 10;
  auto fpc = ProjectTestMarket(regions, o);
  EXPECT_NEAR(fpc->std_error, 54.254308121132567 * std::sqrt(0.7), 1e-9);
}

TEST(TestMarket, Validates) {
  TestMarketOptions o;
  o.market_factor_total = 1000;
  const std::vector<TestRegion> one{{"a", 1, 1}};
  EXPECT_EQ(ProjectTestMarket(one, o).status().message(),
            "a test market needs at least 2 test regions to say how uncertain it is, got 1");
  const std::vector<TestRegion> zero{{"a", 1, 1}, {"b", 1, 0}};
  EXPECT_EQ(ProjectTestMarket(zero, o).status().message(), "region b: market factor 0 must be > 0");
  const std::vector<TestRegion> neg{{"a", -1, 1}, {"b", 1, 1}};
  EXPECT_EQ(ProjectTestMarket(neg, o).status().field(), "sales");
  o.market_factor_total = 1;
  const std::vector<TestRegion> ok{{"a", 1, 1}, {"b", 1, 1}};
  EXPECT_EQ(ProjectTestMarket(ok, o).status().field(), "market_factor_total");
}

TEST(PurchaseIntention, FivePointDefault) {
  // 3 x "definitely not" ... 2 x "definitely will": R: mean(p) = 0.194
  std::vector<int> answers;
  for (int point : {1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5}) answers.push_back(point);
  IntentionSurveyOptions o;
  o.market_size = 50000;
  auto e = EstimatePurchaseIntention(answers, FivePointScale(), o);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_NEAR(e->purchase_rate, 0.194, 1e-12);
  EXPECT_NEAR(e->expected_buyers, 9700, 1e-8);
  EXPECT_EQ(e->counts, (std::vector<int>{3, 5, 4, 6, 2}));
  EXPECT_LT(e->lo95, e->lo80);
  EXPECT_LT(e->lo80, e->expected_buyers);
  EXPECT_LT(e->expected_buyers, e->hi80);
  EXPECT_LT(e->hi80, e->hi95);
  o.adjustment = 0.5;
  EXPECT_NEAR(EstimatePurchaseIntention(answers, FivePointScale(), o)->purchase_rate, 0.097, 1e-12);
}

TEST(PurchaseIntention, IntervalIsWilsons) {
  // A yes/no scale: 4 of 20 will buy. R: prop.test(4, 20, correct = FALSE)$conf.int
  const IntentionScale yes_no{"yes/no", 0, 1, {0, 1}};
  std::vector<int> answers(20, 0);
  for (int i = 0; i < 4; ++i) answers[i] = 1;
  IntentionSurveyOptions o;
  o.market_size = 1000;
  auto e = EstimatePurchaseIntention(answers, yes_no, o);
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(e->lo95, 80.657662579798076, 1e-9);
  EXPECT_NEAR(e->hi95, 416.017432251893526, 1e-9);
  EXPECT_NEAR(e->lo80, 110.24848763714985, 1e-9);
  EXPECT_NEAR(e->hi80, 335.28369982930878, 1e-9);
}

TEST(PurchaseIntention, JusterAndValidation) {
  const IntentionScale juster = JusterScale();
  ASSERT_EQ(juster.probability.size(), 11u);
  IntentionSurveyOptions o;
  o.market_size = 100;
  auto e = EstimatePurchaseIntention(std::vector<int>{0, 10}, juster, o);
  EXPECT_NEAR(e->purchase_rate, 0.5, 1e-12);
  std::vector<int> answers(12, 3);
  answers[11] = 7;
  EXPECT_EQ(EstimatePurchaseIntention(answers, FivePointScale(), o).status().message(),
            "answer 12: 7 is outside the 1–5 scale");
  IntentionScale bad = FivePointScale();
  bad.probability.pop_back();
  EXPECT_EQ(EstimatePurchaseIntention(answers, bad, o).status().message(),
            "the scale 1–5 has 5 points but 4 probabilities");
  bad = FivePointScale();
  bad.probability[2] = 1.2;
  EXPECT_EQ(EstimatePurchaseIntention(answers, bad, o).status().message(),
            "scale point 3: probability 1.2 is outside 0..1");
  o.market_size = 0;
  EXPECT_EQ(EstimatePurchaseIntention(answers, FivePointScale(), o).status().field(), "market_size");
  o.market_size = 1;
  EXPECT_EQ(EstimatePurchaseIntention(std::vector<int>{}, FivePointScale(), o).status().field(), "answers");
}

TEST(MarketFactor, MatchesLm) {
  // R: d <- data.frame(sales = c(52, 80, 61, 120, 95), pop = c(10, 18, 15, 25, 22))
  //    f <- lm(sales ~ pop, d); summary(f); confint(f); cor(d$sales, d$pop)
  const std::vector<TerritoryFactor> t{{"a", 52, 10}, {"b", 80, 18}, {"c", 61, 15}, {"d", 120, 25}, {"e", 95, 22}};
  auto r = AnalyseMarketFactor(t);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(r->intercept, 0.6, 1e-10);
  EXPECT_NEAR(r->slope, 4.5, 1e-12);
  EXPECT_NEAR(r->slope_se, 0.62689326769564602, 1e-12);
  EXPECT_NEAR(r->slope_lo95, 2.5049458364147625, 1e-9);
  EXPECT_NEAR(r->slope_hi95, 6.495054163585241, 1e-9);
  EXPECT_NEAR(r->r_squared, 0.94498173948329511, 1e-12);
  EXPECT_NEAR(r->residual_se, 7.3643284373616336, 1e-12);
  EXPECT_NEAR(r->correlation, 0.97210171251947453, 1e-12);
  // Shortfalls (fitted - sales): c 7.1, e 4.6, b 1.6, a -6.4, d -6.9.
  ASSERT_EQ(r->gaps.size(), 5u);
  EXPECT_EQ(r->gaps[0].territory, "c");
  EXPECT_NEAR(r->gaps[0].shortfall, 7.1, 1e-10);
  EXPECT_NEAR(r->gaps[0].shortfall_percent, 100 * 7.1 / 68.1, 1e-9);
  EXPECT_EQ(r->gaps[1].territory, "e");
  EXPECT_EQ(r->gaps[4].territory, "d");
}

TEST(MarketFactor, Validates) {
  const std::vector<TerritoryFactor> two{{"a", 1, 1}, {"b", 2, 2}};
  EXPECT_EQ(AnalyseMarketFactor(two).status().message(), "at least 3 territories are needed, got 2");
  const std::vector<TerritoryFactor> flat{{"a", 1, 5}, {"b", 2, 5}, {"c", 3, 5}};
  EXPECT_EQ(AnalyseMarketFactor(flat).status().field(), "factor");
  const std::vector<TerritoryFactor> dup{{"a", 1, 1}, {"b", 2, 2}, {"a", 3, 3}};
  EXPECT_EQ(AnalyseMarketFactor(dup).status().message(), "territory a appears twice");
}

TEST(BuyingPower, ClassicWeights) {
  const std::vector<TerritoryMarket> t{{"east", 600, 300, 200, 70}, {"west", 400, 100, 300, 30}};
  auto b = BuyingPowerIndex(t);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  // east: 0.5 * 0.6 + 0.3 * 0.75 + 0.2 * 0.4 = 0.605
  EXPECT_NEAR((*b)[0].index, 0.605, 1e-12);
  EXPECT_NEAR((*b)[1].index, 0.395, 1e-12);
  EXPECT_NEAR((*b)[0].potential_sales, 60.5, 1e-12);
  EXPECT_NEAR((*b)[1].gap, 39.5 - 30, 1e-12);
  EXPECT_NEAR((*b)[1].performance, 100 * 0.3 / 0.395, 1e-12);
  BuyingPowerWeights w{1, 0, 0};
  EXPECT_NEAR(BuyingPowerIndex(t, w)->at(0).index, 0.6, 1e-12);
  const std::vector<TerritoryMarket> no_sales{{"east", 600, 300, 200}, {"west", 400, 100, 300}};
  EXPECT_DOUBLE_EQ(BuyingPowerIndex(no_sales)->at(0).potential_sales, 0);
  const std::vector<TerritoryMarket> bad{{"east", -1, 300, 200}};
  EXPECT_EQ(BuyingPowerIndex(bad).status().message(), "territory east: income -1 must be >= 0");
  EXPECT_EQ(BuyingPowerIndex(t, BuyingPowerWeights{0, 0, 0}).status().field(), "weights");
}

}  // namespace
}  // namespace salesdesk::forecast
