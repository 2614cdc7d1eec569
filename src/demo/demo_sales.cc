// Sales history and quotas. Each rep's monthly total follows one M3 monthly series
// (Makridakis & Hibon 2000, numbers from the Mcomp R package; see data/README.md),
// rescaled to the rep's level; the total is split over the rep's accounts and products.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "demo/demo_internal.h"

namespace salesdesk::demo::internal {
namespace {

struct LineKey {
  std::int64_t day = 0;  // days since the epoch
  int account = 0;
  int product = 0;
  bool operator<(const LineKey& o) const {
    return std::tie(day, account, product) < std::tie(o.day, o.account, o.product);
  }
};

// The workdays of `month` up to `today`, and how many workdays the whole month has.
std::pair<std::vector<std::int64_t>, int> Workdays(const Month& month, const Date& today) {
  const Period period{.year = month.year, .month = month.month};
  std::vector<std::int64_t> days;
  int total = 0;
  for (std::int64_t d = period.First().DaysSinceEpoch(); d <= period.Last().DaysSinceEpoch(); ++d) {
    if (!IsWorkday(d)) continue;
    ++total;
    if (d <= today.DaysSinceEpoch()) days.push_back(d);
  }
  return {days, total};
}

// The last `months` values of the rep's series, scaled so that their mean is rep.level.
std::vector<std::int64_t> PlanMonths(const Org& org, const Rep& rep) {
  const std::vector<double>& values = org.series[static_cast<std::size_t>(rep.series)].values;
  const std::size_t n = org.months.size();
  const std::vector<double> tail(values.end() - static_cast<std::ptrdiff_t>(n), values.end());
  const double mean = std::accumulate(tail.begin(), tail.end(), 0.0) / static_cast<double>(n);
  std::vector<std::int64_t> out;
  out.reserve(n);
  for (double v : tail) out.push_back(ToMinor(org, rep.level * v / mean));
  return out;
}

// The accounts a rep sells to in history month `m`, with their weights.
std::vector<int> BuyersOf(const Org& org, const Rep& rep, int m) {
  std::vector<int> active, any;
  for (int a : rep.accounts) {
    const Account& acc = org.accounts[static_cast<std::size_t>(a)];
    if (acc.weight <= 0) continue;
    any.push_back(a);
    if (acc.first_month <= m && m <= acc.last_month) active.push_back(a);
  }
  return active.empty() ? any : active;
}

// A product the account would buy for about `amount`: mostly one it usually buys, and
// one of which the line buys at least three units (unless nothing is that cheap), so that
// rounding the quantity moves the realised price little.
int ChooseProduct(const Org& org, Rng& rng, const Account& account, std::int64_t amount) {
  amount /= 3;
  std::vector<int> usual;
  for (int p : account.usual_products)
    if (org.products[static_cast<std::size_t>(p)].unit_price <= amount) usual.push_back(p);
  if (!usual.empty() && rng.Bernoulli(0.85)) return rng.OneOf(usual);
  std::vector<double> weights;
  int cheapest = 0;
  for (std::size_t p = 0; p < org.products.size(); ++p) {
    const Product& product = org.products[p];
    weights.push_back(product.unit_price <= amount ? product.popularity : 0.0);
    if (product.unit_price < org.products[static_cast<std::size_t>(cheapest)].unit_price)
      cheapest = static_cast<int>(p);
  }
  const bool any = std::any_of(weights.begin(), weights.end(), [](double w) { return w > 0; });
  return any ? static_cast<int>(rng.Pick(weights)) : cheapest;
}

// Splits `total` minor units into `count` positive-weight parts that add up exactly.
std::vector<std::int64_t> Split(std::int64_t total, const std::vector<double>& weights) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::int64_t> parts;
  std::int64_t assigned = 0;
  for (double w : weights) {
    parts.push_back(static_cast<std::int64_t>(std::floor(static_cast<double>(total) * w / sum)));
    assigned += parts.back();
  }
  auto largest = std::max_element(parts.begin(), parts.end());
  *largest += total - assigned;
  return parts;
}

// One rep's lines for one month, merged so that (day, account, product) is unique.
std::map<LineKey, std::int64_t> MonthLines(const Org& org, Rng& rng, const Rep& rep, int m,
                                           std::int64_t total, double line_factor,
                                           const std::vector<std::int64_t>& days) {
  const std::vector<int> buyers = BuyersOf(org, rep, m);
  std::vector<double> buyer_weights;
  buyer_weights.reserve(buyers.size());
  for (int a : buyers) buyer_weights.push_back(org.accounts[static_cast<std::size_t>(a)].weight);
  const WeightedPicker picker(buyer_weights);
  const int count =
      std::clamp(static_cast<int>(std::lround(rep.lines_per_month * line_factor)), 1, 200);
  std::vector<int> accounts;
  std::vector<double> weights;
  for (int k = 0; k < count; ++k) {
    accounts.push_back(buyers[picker.Pick(rng)]);
    // Big customers place bigger orders too, not only more of them.
    const double size =
        std::pow(org.accounts[static_cast<std::size_t>(accounts.back())].weight, 0.3);
    weights.push_back(size * std::clamp(rng.LogNormal(0, 0.6), 0.2, 5.0));
  }
  const std::vector<std::int64_t> amounts = Split(total, weights);
  std::map<LineKey, std::int64_t> lines;
  for (int k = 0; k < count; ++k) {
    const std::int64_t amount = amounts[static_cast<std::size_t>(k)];
    if (amount <= 0) continue;
    const Account& account =
        org.accounts[static_cast<std::size_t>(accounts[static_cast<std::size_t>(k)])];
    const LineKey key{.day = rng.OneOf(days),
                      .account = accounts[static_cast<std::size_t>(k)],
                      .product = ChooseProduct(org, rng, account, amount)};
    lines[key] += amount;
  }
  return lines;
}

void AddLines(const Org& org, const Rep& rep, const std::map<LineKey, std::int64_t>& lines,
              Table& table, std::vector<std::int64_t>& last_year_sales,
              std::int64_t last_year_from) {
  const std::string& rep_email = org.users[static_cast<std::size_t>(rep.user)].email;
  for (const auto& [key, amount] : lines) {
    const Account& account = org.accounts[static_cast<std::size_t>(key.account)];
    const Product& product = org.products[static_cast<std::size_t>(key.product)];
    const double net_price = static_cast<double>(product.unit_price) * (1.0 - account.discount);
    const std::int64_t quantity =
        std::max<std::int64_t>(1, std::llround(static_cast<double>(amount) / net_price));
    table.Add({Date::FromDaysSinceEpoch(key.day).ToString(), account.external_id, product.sku,
               rep_email, Cell::Number(std::to_string(quantity)), MoneyCell(org, amount),
               org.options.currency});
    if (key.day >= last_year_from) last_year_sales[static_cast<std::size_t>(key.account)] += amount;
  }
}

// Yearly potential: what the account bought in the last 12 months times its headroom;
// for a prospect, what a typical customer buys times a spread.
void SetPotentials(Org& org, Rng& rng, const std::vector<std::int64_t>& last_year_sales) {
  std::vector<std::int64_t> buying;
  for (std::int64_t s : last_year_sales)
    if (s > 0) buying.push_back(s);
  std::sort(buying.begin(), buying.end());
  const double typical =
      buying.empty() ? 1e6 * org.minor_per_major : static_cast<double>(buying[buying.size() / 2]);
  const double step = 10000 * org.price_scale * org.minor_per_major;  // round to 10k CNY
  for (std::size_t i = 0; i < org.accounts.size(); ++i) {
    const double base = last_year_sales[i] > 0
                            ? static_cast<double>(last_year_sales[i]) * rng.Uniform(1.3, 4.0)
                            : typical * rng.LogNormal(0, 0.8);
    org.accounts[i].potential = std::llround(std::max(1.0, std::round(base / step)) * step);
  }
}

}  // namespace

Table SalesTable(Org& org, Rng& rng) {
  Table table{.header = {"date", "account_external_id", "product_sku", "rep_email", "quantity",
                         "amount", "currency"}};
  for (Rep& rep : org.reps) rep.monthly = PlanMonths(org, rep);
  std::vector<std::int64_t> last_year_sales(org.accounts.size(), 0);
  const std::int64_t last_year_from = org.today.DaysSinceEpoch() - 365;
  for (std::size_t m = 0; m < org.months.size(); ++m) {
    const auto [days, month_workdays] = Workdays(org.months[m], org.today);
    if (days.empty()) continue;  // today is before the month's first workday
    const double elapsed = static_cast<double>(days.size()) / month_workdays;
    for (const Rep& rep : org.reps) {
      if (rep.accounts.empty()) continue;
      const double plan = static_cast<double>(rep.monthly[m]);
      const double mean = static_cast<double>(std::accumulate(rep.monthly.begin(),
                                                              rep.monthly.end(), std::int64_t{0})) /
                          static_cast<double>(rep.monthly.size());
      const auto total = std::llround(plan * elapsed);
      const auto lines = MonthLines(org, rng, rep, static_cast<int>(m), total,
                                    std::sqrt(plan / mean) * elapsed, days);
      AddLines(org, rep, lines, table, last_year_sales, last_year_from);
    }
  }
  SetPotentials(org, rng, last_year_sales);
  return table;
}

Table QuotaTable(const Org& org, Rng& rng) {
  Table table{.header = {"rep_email", "period", "amount", "currency"}};
  const double step = 1000 * org.price_scale * org.minor_per_major;  // quotas are round numbers
  auto round_quota = [&](double q) {
    return std::llround(std::max(1.0, std::round(q / step)) * step);
  };
  std::vector<Month> periods = HistoryMonths(org.today, static_cast<int>(org.months.size()) + 3);
  // HistoryMonths ends at today's month; shift by three to end three months later.
  for (Month& p : periods) {
    int index = p.year * 12 + p.month - 1 + 3;
    p = {index / 12, index % 12 + 1};
  }
  for (const Rep& rep : org.reps) {
    const std::string& email = org.users[static_cast<std::size_t>(rep.user)].email;
    const std::size_t n = rep.monthly.size();
    const double habit = rng.Uniform(0.85, 1.1);  // some reps beat their quotas, some do not
    for (std::size_t m = 0; m < n; ++m) {
      const double plan = static_cast<double>(rep.monthly[m]);
      const std::size_t lo = m == 0 ? 0 : m - 1, hi = std::min(n - 1, m + 1);
      double smooth = 0;
      for (std::size_t k = lo; k <= hi; ++k) smooth += static_cast<double>(rep.monthly[k]);
      smooth /= static_cast<double>(hi - lo + 1);
      const double attainment = std::clamp(habit * rng.LogNormal(0, 0.1), 0.62, 1.28);
      const double quota = std::clamp(smooth / attainment, plan / 1.28, plan / 0.62);
      table.Add(
          {email, periods[m].ToString(), MoneyCell(org, round_quota(quota)), org.options.currency});
    }
    const std::size_t recent = std::min<std::size_t>(3, n);
    double base = 0;
    for (std::size_t k = n - recent; k < n; ++k) base += static_cast<double>(rep.monthly[k]);
    base = base / static_cast<double>(recent) * rng.Uniform(1.02, 1.1);  // next quarter's stretch
    for (std::size_t m = n; m < n + 3; ++m)
      table.Add({email, periods[m].ToString(),
                 MoneyCell(org, round_quota(base * rng.LogNormal(0, 0.03))), org.options.currency});
  }
  return table;
}

Table PersonForecastTable(const Org& org, Rng& rng) {
  Table table{.header = {"owner_email", "scope_email", "period", "method", "amount", "currency", "made_on", "note"}};
  const int n = static_cast<int>(org.months.size());
  if (n < 16) return table;
  // Months [n - 13, n + 1]: twelve complete ones, the current one, two to come.
  auto month_at = [&](int m) {
    const int index = org.months[0].year * 12 + org.months[0].month - 1 + m;
    return Month{index / 12, index % 12 + 1};
  };
  auto made_on = [&](int m) { return month_at(m - 1).ToString() + "-25"; };
  // The full-month figure a person aims at: the plan for complete months, the recent
  // average for the current (prorated) month and the months to come.
  auto expected = [&](const Rep& rep, int m) {
    if (m < n - 1) return static_cast<double>(rep.monthly[static_cast<std::size_t>(m)]);
    double recent = 0;
    for (int k = n - 4; k < n - 1; ++k) recent += static_cast<double>(rep.monthly[static_cast<std::size_t>(k)]);
    return recent / 3;
  };
  for (const Rep& rep : org.reps) {
    const std::string& email = org.users[static_cast<std::size_t>(rep.user)].email;
    const double habit = rng.Uniform(-0.08, 0.18);
    for (int m = n - 13; m <= n + 1; ++m) {
      const double figure = expected(rep, m) * (1 + habit) * rng.LogNormal(0, 0.15);
      table.Add({email, email, month_at(m).ToString(), "composite", MoneyCell(org, std::llround(figure)),
                 org.options.currency, made_on(m), ""});
    }
  }
  for (const User& u : org.users) {
    if (u.role != "executive") continue;
    const double habit = rng.Uniform(-0.05, 0.1);
    for (int m = n - 13; m <= n + 1; ++m) {
      double total = 0;
      for (const Rep& rep : org.reps) total += expected(rep, m);
      const double figure = total * (1 + habit) * rng.LogNormal(0, 0.06);
      table.Add({u.email, "", month_at(m).ToString(), "executive", MoneyCell(org, std::llround(figure)),
                 org.options.currency, made_on(m), ""});
    }
  }
  return table;
}

}  // namespace salesdesk::demo::internal
