// Market-based forecasts: what the market says sales could be.
//  - test market (市场测试): sales in a few test regions scaled to the whole market by a
//    market factor, with the uncertainty a small test carries;
//  - purchase-intention survey (消费者购买意向): stated intentions on a scale turned into
//    purchase probabilities by an adjustable calibration, times the market size;
//  - market-factor analysis (市场因素 / 相关分析): sales regressed on one market factor
//    across territories, the territories ranked by how far they fall short of it; and the
//    buying-power index.
// Pure computation: no I/O, no global state, deterministic, thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace salesdesk::forecast {

// ---------------------------------------------------------------------------------------
// Test market

struct TestRegion {
  std::string region;
  double sales = 0;          // >= 0, over the test period
  double market_factor = 0;  // > 0: population, outlets, households ... in the same unit as the total
};

struct TestMarketOptions {
  double market_factor_total = 0;  // the factor over the whole market, >= the test regions' sum
  // Number of regions the whole market consists of, for the finite-population correction
  // (1 - n/N); 0 = unknown (no correction).
  int market_regions = 0;
};

struct TestMarketProjection {
  int regions = 0;
  double ratio = 0;       // sales per unit of factor in the test: sum sales / sum factor
  double estimate = 0;    // ratio x market_factor_total
  double std_error = 0;   // of the estimate
  double lo80 = 0, hi80 = 0, lo95 = 0, hi95 = 0;  // Student t with regions - 1 df, floored at 0
  double coverage = 0;    // share of the market's factor the test covered
};

// The ratio estimator (Cochran, "Sampling Techniques", 3rd ed. 1977, section 6.3):
//   total = R X with R = sum y / sum x, X = market_factor_total,
//   Var(total) ~= X^2 (1 - f) s_r^2 / (n xbar^2), s_r^2 = sum (y - R x)^2 / (n - 1),
// xbar the test regions' mean factor, f = n / market_regions (0 when unknown).
// kInvalidArgument (naming the region) for fewer than 2 test regions, negative or
// non-finite sales, a factor <= 0, or a total smaller than the test regions' factors.
Result<TestMarketProjection> ProjectTestMarket(std::span<const TestRegion> regions,
                                               const TestMarketOptions& options);

// ---------------------------------------------------------------------------------------
// Purchase-intention survey

// A stated-intention scale from `low` to `high` (integers) with the purchase probability
// assigned to each point (probability[i] belongs to point low + i).
struct IntentionScale {
  std::string name;
  int low = 1, high = 5;
  std::vector<double> probability;
};

// 5-point scale: 1 definitely not, 2 probably not, 3 might or might not, 4 probably,
// 5 definitely will buy. Default calibration 0.01, 0.05, 0.10, 0.30, 0.70: a common
// rule of thumb that stated intentions overstate purchases, not a published constant;
// replace it with your own survey-versus-actual history.
IntentionScale FivePointScale();
// Juster's 11-point purchase-probability scale 0..10 (Juster 1966, "Consumer buying
// intentions and purchase probability", JASA 61(315)): the verbal anchors' stated
// probabilities 0.01 ("no chance, almost no chance"), 0.1, 0.2, ..., 0.9, 0.99
// ("certain, practically certain").
IntentionScale JusterScale();

struct IntentionSurveyOptions {
  double market_size = 0;   // people or firms in the market the respondents represent, > 0
  // Multiplies every calibrated probability (capped at 1): a quick overall correction,
  // e.g. 0.8 when past surveys ran 25% high. 1 = none.
  double adjustment = 1;
};

struct IntentionEstimate {
  int respondents = 0;
  std::vector<int> counts;           // answers per scale point, low..high
  double purchase_rate = 0;          // mean calibrated probability
  double expected_buyers = 0;        // purchase_rate x market_size
  double lo80 = 0, hi80 = 0, lo95 = 0, hi95 = 0;  // of buyers
};

// Converts answers to an expected number of buyers. The interval is Wilson's score
// interval (Wilson 1927) for a proportion at the purchase rate with n = respondents,
// scaled by the market size: the variance of a purchase rate estimated from n
// respondents is at most rate (1 - rate) / n, whatever the spread of their stated
// intentions, so this is analytic, never zero-width, and stays inside [0, market].
// kInvalidArgument for a scale without one probability in 0..1 per point, no answers,
// an answer off the scale ("answer 12: 7 is outside the 1–5 scale"), or bad options.
Result<IntentionEstimate> EstimatePurchaseIntention(std::span<const int> answers, const IntentionScale& scale,
                                                    const IntentionSurveyOptions& options);

// ---------------------------------------------------------------------------------------
// Market-factor analysis

struct TerritoryFactor {
  std::string territory;
  double sales = 0;
  double factor = 0;  // the market factor (population, businesses, income ...)
};

struct TerritoryGap {
  std::string territory;
  double sales = 0;
  double expected = 0;     // what the factor predicts: intercept + slope x factor
  double shortfall = 0;    // expected - sales; positive = below what the factor predicts
  double shortfall_percent = 0;  // 100 shortfall / expected; NaN when expected is 0
  double standardised = 0;       // residual / residual_se (sign as shortfall)
};

struct FactorRegression {
  int territories = 0;
  double intercept = 0, slope = 0;
  double slope_se = 0, slope_lo95 = 0, slope_hi95 = 0;  // Student t, n - 2 df
  double correlation = 0;  // Pearson r of sales and factor
  double r_squared = 0;
  double residual_se = 0;
  std::vector<TerritoryGap> gaps;  // largest shortfall first (ties by territory)
};

// Least-squares line sales = a + b factor across territories. kInvalidArgument naming
// the territory for non-finite values, a repeated territory, fewer than 3 territories,
// or a factor that does not vary.
Result<FactorRegression> AnalyseMarketFactor(std::span<const TerritoryFactor> territories);

struct TerritoryMarket {
  std::string territory;
  double income = 0;        // effective buying income, >= 0
  double retail_sales = 0;  // >= 0
  double population = 0;    // >= 0
  double sales = -1;        // our sales there; negative = not given
};

// Sales & Marketing Management's classic "Survey of Buying Power" weights.
struct BuyingPowerWeights {
  double income = 0.5, retail_sales = 0.3, population = 0.2;
};

struct TerritoryBuyingPower {
  std::string territory;
  double income_share = 0, retail_sales_share = 0, population_share = 0;
  double index = 0;             // weighted sum of the shares; sums to 1 over territories
  // Only when every territory has sales:
  double sales_share = 0;       // our share of our own sales there
  double potential_sales = 0;   // index x total sales
  double gap = 0;               // potential_sales - sales (positive = untapped)
  double performance = 0;       // 100 sales_share / index (100 = on par)
};

// BPI = w_i income share + w_r retail-sales share + w_p population share, with the
// weights normalised to sum to 1. kInvalidArgument naming the territory for negative or
// non-finite values or a repeated territory, a component whose total is 0, or weights
// that are negative or sum to 0.
Result<std::vector<TerritoryBuyingPower>> BuyingPowerIndex(std::span<const TerritoryMarket> territories,
                                                           const BuyingPowerWeights& weights = {});

}  // namespace salesdesk::forecast
