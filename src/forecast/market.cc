#include "forecast/market.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "forecast/util.h"

namespace salesdesk::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Num(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

bool NonNegative(double v) { return v >= 0 && std::isfinite(v); }

// Wilson's score interval for a proportion p from n trials at normal quantile z.
void Wilson(double p, double n, double z, double* lo, double* hi) {
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  *lo = std::max(0.0, centre - half);
  *hi = std::min(1.0, centre + half);
}

}  // namespace

Result<TestMarketProjection> ProjectTestMarket(std::span<const TestRegion> regions,
                                               const TestMarketOptions& options) {
  if (regions.size() < 2) {
    return Status::Invalid("a test market needs at least 2 test regions to say how uncertain it is, got " +
                               std::to_string(regions.size()),
                           "regions");
  }
  double sum_y = 0, sum_x = 0;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const TestRegion& r = regions[i];
    const std::string where = "region " + (r.region.empty() ? std::to_string(i + 1) : r.region);
    if (!r.region.empty() && !seen.insert(r.region).second) return Status::Invalid(where + " appears twice", "region");
    if (!NonNegative(r.sales)) return Status::Invalid(where + ": sales " + Num(r.sales) + " must be >= 0", "sales");
    if (!(r.market_factor > 0) || !std::isfinite(r.market_factor)) {
      return Status::Invalid(where + ": market factor " + Num(r.market_factor) + " must be > 0", "market_factor");
    }
    sum_y += r.sales, sum_x += r.market_factor;
  }
  const double total = options.market_factor_total;
  if (!std::isfinite(total) || total < sum_x * (1 - 1e-12)) {
    return Status::Invalid("the market's factor " + Num(total) + " is smaller than the test regions' " + Num(sum_x),
                           "market_factor_total");
  }
  const int n = static_cast<int>(regions.size());
  if (options.market_regions != 0 && options.market_regions < n) {
    return Status::Invalid("the market has fewer regions (" + std::to_string(options.market_regions) +
                               ") than the test (" + std::to_string(n) + ")",
                           "market_regions");
  }
  TestMarketProjection p;
  p.regions = n;
  p.ratio = sum_y / sum_x;
  p.estimate = p.ratio * total;
  p.coverage = sum_x / total;
  double sr2 = 0;
  for (const TestRegion& r : regions) sr2 += std::pow(r.sales - p.ratio * r.market_factor, 2);
  sr2 /= n - 1;
  const double xbar = sum_x / n;
  const double f = options.market_regions > 0 ? static_cast<double>(n) / options.market_regions : 0;
  p.std_error = total * std::sqrt((1 - f) * sr2 / n) / xbar;
  const double t80 = internal::StudentTQuantile(0.9, n - 1), t95 = internal::StudentTQuantile(0.975, n - 1);
  p.lo80 = std::max(0.0, p.estimate - t80 * p.std_error), p.hi80 = p.estimate + t80 * p.std_error;
  p.lo95 = std::max(0.0, p.estimate - t95 * p.std_error), p.hi95 = p.estimate + t95 * p.std_error;
  return p;
}

IntentionScale FivePointScale() { return {"5-point intention", 1, 5, {0.01, 0.05, 0.10, 0.30, 0.70}}; }

IntentionScale JusterScale() {
  return {"Juster 11-point", 0, 10, {0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99}};
}

Result<IntentionEstimate> EstimatePurchaseIntention(std::span<const int> answers, const IntentionScale& scale,
                                                    const IntentionSurveyOptions& options) {
  if (scale.high <= scale.low) return Status::Invalid("the scale's top must be above its bottom", "scale");
  const int points = scale.high - scale.low + 1;
  if (static_cast<int>(scale.probability.size()) != points) {
    return Status::Invalid("the scale " + std::to_string(scale.low) + "–" + std::to_string(scale.high) + " has " +
                               std::to_string(points) + " points but " + std::to_string(scale.probability.size()) +
                               " probabilities",
                           "probability");
  }
  for (int i = 0; i < points; ++i) {
    if (!(scale.probability[i] >= 0 && scale.probability[i] <= 1)) {
      return Status::Invalid("scale point " + std::to_string(scale.low + i) + ": probability " +
                                 Num(scale.probability[i]) + " is outside 0..1",
                             "probability");
    }
  }
  if (!(options.market_size > 0) || !std::isfinite(options.market_size)) {
    return Status::Invalid("must be a number > 0", "market_size");
  }
  if (!NonNegative(options.adjustment)) return Status::Invalid("must be a number >= 0", "adjustment");
  if (answers.empty()) return Status::Invalid("no survey answers", "answers");
  IntentionEstimate e;
  e.counts.assign(points, 0);
  double sum = 0;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const int a = answers[i];
    if (a < scale.low || a > scale.high) {
      return Status::Invalid("answer " + std::to_string(i + 1) + ": " + std::to_string(a) + " is outside the " +
                                 std::to_string(scale.low) + "–" + std::to_string(scale.high) + " scale",
                             "answers");
    }
    ++e.counts[a - scale.low];
    sum += std::min(1.0, scale.probability[a - scale.low] * options.adjustment);
  }
  const double n = static_cast<double>(answers.size());
  e.respondents = static_cast<int>(answers.size());
  e.purchase_rate = sum / n;
  e.expected_buyers = e.purchase_rate * options.market_size;
  double lo, hi;
  Wilson(e.purchase_rate, n, internal::kZ80, &lo, &hi);
  e.lo80 = lo * options.market_size, e.hi80 = hi * options.market_size;
  Wilson(e.purchase_rate, n, internal::kZ95, &lo, &hi);
  e.lo95 = lo * options.market_size, e.hi95 = hi * options.market_size;
  return e;
}

Result<FactorRegression> AnalyseMarketFactor(std::span<const TerritoryFactor> territories) {
  if (territories.size() < 3) {
    return Status::Invalid("at least 3 territories are needed, got " + std::to_string(territories.size()),
                           "territories");
  }
  std::set<std::string, std::less<>> seen;
  double sx = 0, sy = 0;
  for (std::size_t i = 0; i < territories.size(); ++i) {
    const TerritoryFactor& t = territories[i];
    const std::string where = "territory " + (t.territory.empty() ? std::to_string(i + 1) : t.territory);
    if (t.territory.empty()) return Status::Invalid(where + ": no name", "territory");
    if (!seen.insert(t.territory).second) return Status::Invalid(where + " appears twice", "territory");
    if (!std::isfinite(t.sales)) return Status::Invalid(where + ": sales is not a finite number", "sales");
    if (!std::isfinite(t.factor)) return Status::Invalid(where + ": factor is not a finite number", "factor");
    sx += t.factor, sy += t.sales;
  }
  const double n = static_cast<double>(territories.size());
  const double mx = sx / n, my = sy / n;
  double sxx = 0, sxy = 0, syy = 0;
  for (const TerritoryFactor& t : territories) {
    sxx += (t.factor - mx) * (t.factor - mx);
    sxy += (t.factor - mx) * (t.sales - my);
    syy += (t.sales - my) * (t.sales - my);
  }
  if (!(sxx > 1e-12 * (mx * mx * n + 1e-300))) {
    return Status::Invalid("the factor is the same in every territory: it cannot explain sales", "factor");
  }
  FactorRegression r;
  r.territories = static_cast<int>(n);
  r.slope = sxy / sxx;
  r.intercept = my - r.slope * mx;
  double rss = 0;
  for (const TerritoryFactor& t : territories) rss += std::pow(t.sales - r.intercept - r.slope * t.factor, 2);
  r.residual_se = std::sqrt(rss / (n - 2));
  r.slope_se = r.residual_se / std::sqrt(sxx);
  const double t95 = internal::StudentTQuantile(0.975, n - 2);
  r.slope_lo95 = r.slope - t95 * r.slope_se, r.slope_hi95 = r.slope + t95 * r.slope_se;
  r.correlation = syy > 0 ? sxy / std::sqrt(sxx * syy) : kNaN;
  r.r_squared = syy > 0 ? 1 - rss / syy : kNaN;
  for (const TerritoryFactor& t : territories) {
    TerritoryGap g;
    g.territory = t.territory;
    g.sales = t.sales;
    g.expected = r.intercept + r.slope * t.factor;
    g.shortfall = g.expected - t.sales;
    g.shortfall_percent = g.expected != 0 ? 100 * g.shortfall / g.expected : kNaN;
    g.standardised = r.residual_se > 0 ? g.shortfall / r.residual_se : 0;
    r.gaps.push_back(g);
  }
  std::sort(r.gaps.begin(), r.gaps.end(), [](const TerritoryGap& a, const TerritoryGap& b) {
    return a.shortfall != b.shortfall ? a.shortfall > b.shortfall : a.territory < b.territory;
  });
  return r;
}

Result<std::vector<TerritoryBuyingPower>> BuyingPowerIndex(std::span<const TerritoryMarket> territories,
                                                           const BuyingPowerWeights& weights) {
  if (!NonNegative(weights.income) || !NonNegative(weights.retail_sales) || !NonNegative(weights.population)) {
    return Status::Invalid("weights must be numbers >= 0", "weights");
  }
  const double wsum = weights.income + weights.retail_sales + weights.population;
  if (!(wsum > 0)) return Status::Invalid("weights sum to 0", "weights");
  if (territories.empty()) return Status::Invalid("no territories", "territories");
  double income = 0, retail = 0, population = 0, sales = 0;
  bool all_sales = true;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < territories.size(); ++i) {
    const TerritoryMarket& t = territories[i];
    const std::string where = "territory " + (t.territory.empty() ? std::to_string(i + 1) : t.territory);
    if (t.territory.empty()) return Status::Invalid(where + ": no name", "territory");
    if (!seen.insert(t.territory).second) return Status::Invalid(where + " appears twice", "territory");
    if (!NonNegative(t.income)) return Status::Invalid(where + ": income " + Num(t.income) + " must be >= 0", "income");
    if (!NonNegative(t.retail_sales)) {
      return Status::Invalid(where + ": retail sales " + Num(t.retail_sales) + " must be >= 0", "retail_sales");
    }
    if (!NonNegative(t.population)) {
      return Status::Invalid(where + ": population " + Num(t.population) + " must be >= 0", "population");
    }
    if (!std::isfinite(t.sales)) return Status::Invalid(where + ": sales is not a finite number", "sales");
    income += t.income, retail += t.retail_sales, population += t.population;
    if (t.sales < 0) all_sales = false;
    sales += std::max(0.0, t.sales);
  }
  if ((weights.income > 0 && !(income > 0)) || (weights.retail_sales > 0 && !(retail > 0)) ||
      (weights.population > 0 && !(population > 0))) {
    return Status::Invalid("a weighted component (income, retail sales or population) is 0 in every territory",
                           "territories");
  }
  std::vector<TerritoryBuyingPower> out;
  for (const TerritoryMarket& t : territories) {
    TerritoryBuyingPower b;
    b.territory = t.territory;
    b.income_share = income > 0 ? t.income / income : 0;
    b.retail_sales_share = retail > 0 ? t.retail_sales / retail : 0;
    b.population_share = population > 0 ? t.population / population : 0;
    b.index = (weights.income * b.income_share + weights.retail_sales * b.retail_sales_share +
               weights.population * b.population_share) /
              wsum;
    if (all_sales && sales > 0) {
      b.sales_share = t.sales / sales;
      b.potential_sales = b.index * sales;
      b.gap = b.potential_sales - t.sales;
      b.performance = b.index > 0 ? 100 * b.sales_share / b.index : kNaN;
    }
    out.push_back(b);
  }
  return out;
}

}  // namespace salesdesk::forecast
