// BuildDemo: the steps in order, each in its own file, and the CSV rendering.
#include "demo/demo.h"

#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "demo/demo_internal.h"
#include "io/csv.h"

namespace salesdesk::demo {
namespace {

using internal::Cell;
using internal::Org;
using internal::Rng;
using internal::Table;

// Streams of random numbers, one per step (see Rng::Stream).
enum Step : std::uint64_t {
  kPlaces = 1,
  kStaff,
  kOwners,
  kSales,
  kQuotas,
  kContacts,
  kPipeline,
  kActivities,
  kForecasts
};

// Rough value of one CNY in `currency`, so that a demo in another currency has believable
// amounts; 1 for currencies not listed (amounts then read as if they were CNY).
double CnyRate(std::string_view currency) {
  static constexpr std::pair<std::string_view, double> kRates[] = {
      {"CNY", 1.0}, {"USD", 0.14}, {"EUR", 0.13}, {"GBP", 0.11}, {"JPY", 21.0},
      {"HKD", 1.1}, {"SGD", 0.19}, {"AUD", 0.21}, {"KRW", 190.0}};
  for (const auto& [code, rate] : kRates)
    if (code == currency) return rate;
  return 1.0;
}

DemoFile Render(std::string kind, const Table& table) {
  DemoFile file{.kind = std::move(kind)};
  io::CsvWriter writer(&file.csv);
  for (const std::string& name : table.header) writer.Field(name);
  writer.EndRow();
  for (const std::vector<Cell>& row : table.rows) {
    for (const Cell& cell : row) writer.Field(cell.text, cell.number);
    writer.EndRow();
  }
  return file;
}

Result<Org> LoadInputs(const DemoOptions& options, std::string_view cities_csv,
                       std::string_view m3_monthly_csv) {
  SD_RETURN_IF_ERROR(internal::ValidateOptions(options));
  Org org;
  org.options = options;
  org.today = ParseDate(options.today).value();
  org.minor_digits = CurrencyMinorDigits(options.currency);
  org.minor_per_major = std::pow(10.0, org.minor_digits);
  org.price_scale = CnyRate(options.currency);
  SD_ASSIGN_OR_RETURN(org.cities, internal::ParseCities(cities_csv));
  SD_ASSIGN_OR_RETURN(org.series, internal::ParseSeries(m3_monthly_csv));
  const bool long_enough =
      std::any_of(org.series.begin(), org.series.end(), [&](const internal::Series& s) {
        return static_cast<int>(s.values.size()) >= options.months;
      });
  if (!long_enough)
    return Status::Invalid("is longer than every series in m3_monthly.csv", "months");
  org.months = internal::HistoryMonths(org.today, options.months);
  return org;
}

}  // namespace

Result<DemoData> BuildDemo(const DemoOptions& options, std::string_view cities_csv,
                           std::string_view m3_monthly_csv) {
  SD_ASSIGN_OR_RETURN(Org org, LoadInputs(options, cities_csv, m3_monthly_csv));
  auto rng = [&](Step step) { return Rng::Stream(options.seed, step); };
  internal::BuildProducts(org);
  Rng places = rng(kPlaces), staff = rng(kStaff), owners = rng(kOwners);
  internal::PlaceAccounts(org, places);
  internal::PlanRegions(org);
  internal::BuildStaff(org, staff);
  internal::AssignAccounts(org, owners);
  Rng sales_rng = rng(kSales), quota_rng = rng(kQuotas), contact_rng = rng(kContacts),
      pipeline_rng = rng(kPipeline), activity_rng = rng(kActivities), forecast_rng = rng(kForecasts);
  const Table sales = internal::SalesTable(org, sales_rng);  // also sets account potentials

  DemoData data{.admin_email = "admin@huarui.example", .password = "salesdesk-demo"};
  // Users name their team and teams name their manager: teams first without managers,
  // then users, then teams again (an upsert) with managers.
  data.files.push_back(Render("teams", internal::TeamTable(org, false)));
  data.files.push_back(Render("users", internal::UserTable(org)));
  data.files.push_back(Render("teams", internal::TeamTable(org, true)));
  data.files.push_back(Render("rep_profiles", internal::RepProfileTable(org)));
  data.files.push_back(Render("products", internal::ProductTable(org)));
  data.files.push_back(Render("accounts", internal::AccountTable(org)));
  data.files.push_back(Render("contacts", internal::ContactTable(org, contact_rng)));
  data.files.push_back(Render("opportunities", internal::OpportunityTable(org, pipeline_rng)));
  data.files.push_back(Render("sales", sales));
  data.files.push_back(Render("quotas", internal::QuotaTable(org, quota_rng)));
  data.files.push_back(Render("activities", internal::ActivityTable(org, activity_rng)));
  data.files.push_back(Render("forecasts", internal::PersonForecastTable(org, forecast_rng)));
  return data;
}

}  // namespace salesdesk::demo
