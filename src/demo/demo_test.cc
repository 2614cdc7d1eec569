#include "demo/demo.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "core/dates.h"
#include "core/money.h"
#include "core/schema.h"
#include "demo/demo_internal.h"
#include "io/csv.h"

namespace salesdesk::demo {
namespace {

// Tests run from the project root (see salesdesk_test), where data/ lives.
std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path << " (run from the project root)";
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const std::string& CitiesCsv() {
  static const std::string kText = ReadFile("data/cities.csv");
  return kText;
}

const std::string& M3Csv() {
  static const std::string kText = ReadFile("data/m3_monthly.csv");
  return kText;
}

// One generated file, parsed back with the product's own CSV reader.
struct Parsed {
  std::string kind;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int Col(std::string_view name) const {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  }
  const std::string& At(std::size_t row, std::string_view column) const {
    static const std::string kMissing;
    const int c = Col(column);
    return c < 0 ? kMissing : rows[row][static_cast<std::size_t>(c)];
  }
};

std::vector<Parsed> ParseAll(const DemoData& data) {
  std::vector<Parsed> out;
  for (const DemoFile& file : data.files) {
    auto table = io::ParseCsv(file.csv);
    EXPECT_TRUE(table.ok()) << file.kind << ": " << table.status().ToString();
    if (!table.ok()) continue;
    Parsed p{.kind = file.kind, .header = table->header};
    for (io::CsvRow& row : table->rows) {
      EXPECT_EQ(row.fields.size(), p.header.size()) << file.kind << " line " << row.line;
      p.rows.push_back(std::move(row.fields));
    }
    out.push_back(std::move(p));
  }
  return out;
}

struct Built {
  DemoData data;
  std::vector<Parsed> files;
  double seconds = 0;
};

Built Build(const DemoOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto result = BuildDemo(options, CitiesCsv(), M3Csv());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return {};
  Built b{.data = std::move(result).value(), .seconds = seconds};
  b.files = ParseAll(b.data);
  return b;
}

const Built& Default() {
  static const Built kBuilt = [] {
    Built b = Build(DemoOptions{});
    std::cout << "[demo] BuildDemo with default options took " << b.seconds << " s\n";
    for (const Parsed& p : b.files)
      std::cout << "[demo] " << p.kind << ": " << p.rows.size() << " rows\n";
    return b;
  }();
  return kBuilt;
}

const Parsed& FileOf(const Built& b, std::string_view kind, int occurrence = 0) {
  for (const Parsed& p : b.files)
    if (p.kind == kind && occurrence-- == 0) return p;
  static const Parsed kEmpty;
  ADD_FAILURE() << "no file of kind " << kind;
  return kEmpty;
}

// The typed value of a CSV cell as the importer would see it (references are not typed).
Value Typed(const FieldSpec& field, const std::string& text, const std::string& currency) {
  if (text.empty()) return std::monostate{};
  switch (field.type) {
    case FieldType::kReal: {
      double d = 0;
      std::istringstream in(text);
      in >> d;
      return in && in.eof() ? Value(d) : Value(text);
    }
    case FieldType::kMoney: {
      auto m = ParseMoney(text, currency);
      return m.ok() ? Value(*m) : Value(text);
    }
    case FieldType::kRef:
      return std::int64_t{1};
    default:
      return text;
  }
}

// Checks every cell against the record schema, required cells, unique natural keys and
// that every reference names a row of an earlier file (or an earlier row of the same).
void CheckAgainstSchema(const Built& b) {
  std::map<std::string, std::set<std::string>> seen;  // kind -> natural keys so far
  for (const Parsed& p : b.files) {
    const KindSpec* kind = FindKind(p.kind);
    ASSERT_NE(kind, nullptr) << p.kind;
    for (const FieldSpec& f : kind->fields) {
      if (f.required && !f.csv_column.empty()) {
        EXPECT_GE(p.Col(f.csv_column), 0) << p.kind << "." << f.csv_column;
      }
    }
    std::set<std::string> keys;
    for (std::size_t r = 0; r < p.rows.size(); ++r) {
      const std::string currency = p.At(r, "currency");
      for (const FieldSpec& f : kind->fields) {
        if (f.csv_column.empty() || p.Col(f.csv_column) < 0) continue;
        const std::string& cell = p.At(r, f.csv_column);
        Status s = ValidateValue(f, Typed(f, cell, currency));
        ASSERT_TRUE(s.ok()) << p.kind << " row " << r + 2 << " " << f.csv_column << "='" << cell
                            << "': " << s.ToString();
        if (f.type != FieldType::kRef || cell.empty()) continue;
        ASSERT_TRUE(seen[std::string(f.ref_kind)].count(cell))
            << p.kind << " row " << r + 2 << ": " << f.csv_column << " '" << cell
            << "' is not an earlier row";
      }
      std::string key;
      for (std::string_view field : kind->natural_key)
        key += p.At(r, kind->Field(field)->csv_column) + "|";
      if (!kind->natural_key.empty()) {
        EXPECT_TRUE(keys.insert(key).second) << p.kind << " repeats natural key " << key;
        seen[p.kind].insert(p.At(r, kind->Field(kind->natural_key[0])->csv_column));
      }
    }
  }
}

TEST(Demo, FilesComeInImportOrder) {
  const std::vector<std::string> expected = {"teams",    "users",    "teams",     "rep_profiles",
                                             "products", "accounts", "contacts",  "opportunities",
                                             "sales",    "quotas",   "activities", "forecasts"};
  std::vector<std::string> kinds;
  for (const DemoFile& f : Default().data.files) kinds.push_back(f.kind);
  EXPECT_EQ(kinds, expected);
  EXPECT_EQ(Default().data.admin_email, "admin@huarui.example");
  EXPECT_EQ(Default().data.password, "salesdesk-demo");
}

TEST(Demo, HeadersAreTheDocumentedLayouts) {
  const std::map<std::string, std::vector<std::string>> layouts = {
      {"teams", {"name", "manager_email", "parent_name", "region"}},
      {"users", {"email", "name", "role", "manager_email", "team", "time_zone", "locale"}},
      {"rep_profiles",
       {"email", "skills", "experience_years", "weekly_capacity_hours", "strengths", "weaknesses",
        "home_city", "home_lat", "home_lon"}},
      {"products", {"sku", "name", "category", "unit_price", "currency"}},
      {"accounts",
       {"external_id", "name", "industry", "city", "country", "lat", "lon", "potential", "currency",
        "owner_email", "territory"}},
      {"contacts", {"account_external_id", "name", "email", "phone", "title"}},
      {"opportunities",
       {"external_id", "account_external_id", "name", "stage", "amount", "currency", "close_date",
        "probability", "forecast_category", "owner_email", "lost_reason"}},
      {"sales",
       {"date", "account_external_id", "product_sku", "rep_email", "quantity", "amount",
        "currency"}},
      {"quotas", {"rep_email", "period", "amount", "currency"}},
      {"activities",
       {"user_email", "type", "account_external_id", "started_at", "minutes", "note"}},
      {"forecasts",
       {"owner_email", "scope_email", "period", "method", "amount", "currency", "made_on", "note"}}};
  for (const Parsed& p : Default().files) EXPECT_EQ(p.header, layouts.at(p.kind)) << p.kind;
}

TEST(Demo, IsDeterministicForASeed) {
  DemoOptions options;
  auto a = BuildDemo(options, CitiesCsv(), M3Csv());
  auto b = BuildDemo(options, CitiesCsv(), M3Csv());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->files.size(), b->files.size());
  for (std::size_t i = 0; i < a->files.size(); ++i)
    EXPECT_TRUE(a->files[i].csv == b->files[i].csv) << a->files[i].kind;
  options.seed += 1;
  auto c = BuildDemo(options, CitiesCsv(), M3Csv());
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->files[8].csv, c->files[8].csv);
}

TEST(Demo, CellsValidateAndReferencesResolveToEarlierRows) { CheckAgainstSchema(Default()); }

TEST(Demo, SmallAndForeignCurrencyDemosAreConsistentToo) {
  CheckAgainstSchema(Build({.seed = 7, .reps = 3, .accounts = 40, .months = 12}));
  CheckAgainstSchema(
      Build({.seed = 8, .reps = 12, .accounts = 300, .months = 48, .currency = "JPY"}));
}

TEST(Demo, RequiredCellsAreFilled) {
  const std::map<std::string, std::vector<std::string>> filled = {
      {"users", {"email", "name", "role", "team", "time_zone", "locale"}},
      {"rep_profiles",
       {"email", "skills", "experience_years", "weekly_capacity_hours", "strengths", "weaknesses",
        "home_city", "home_lat", "home_lon"}},
      {"products", {"sku", "name", "category", "unit_price", "currency"}},
      {"accounts",
       {"external_id", "name", "industry", "city", "country", "lat", "lon", "potential", "currency",
        "owner_email", "territory"}},
      {"contacts", {"account_external_id", "name", "email", "phone", "title"}},
      {"opportunities",
       {"external_id", "account_external_id", "name", "stage", "amount", "currency", "close_date",
        "probability", "forecast_category", "owner_email"}},
      {"sales",
       {"date", "account_external_id", "product_sku", "rep_email", "quantity", "amount",
        "currency"}},
      {"quotas", {"rep_email", "period", "amount", "currency"}},
      {"activities", {"user_email", "type", "started_at", "minutes"}}};
  for (const Parsed& p : Default().files) {
    if (!filled.count(p.kind)) continue;
    for (std::size_t r = 0; r < p.rows.size(); ++r)
      for (const std::string& column : filled.at(p.kind))
        ASSERT_FALSE(p.At(r, column).empty()) << p.kind << " row " << r + 2 << " " << column;
  }
}

TEST(Demo, HasTheCompanyShape) {
  const Parsed& users = FileOf(Default(), "users");
  std::map<std::string, int> roles;
  for (std::size_t r = 0; r < users.rows.size(); ++r) {
    roles[users.At(r, "role")]++;
    const std::string& name = users.At(r, "name");
    const bool ascii =
        std::all_of(name.begin(), name.end(), [](char c) { return (c & 0x80) == 0; });
    EXPECT_EQ(ascii, users.At(r, "locale") == "en") << name;
    EXPECT_TRUE(IsTimeZone(users.At(r, "time_zone"))) << users.At(r, "time_zone");
    const std::string& email = users.At(r, "email");
    EXPECT_TRUE(std::all_of(email.begin(), email.end(), [](char c) { return (c & 0x80) == 0; }))
        << email;
  }
  EXPECT_EQ(roles["rep"], 40);
  EXPECT_EQ(roles["admin"], 1);
  EXPECT_EQ(roles["executive"], 2);
  EXPECT_GE(roles["manager"], 5);
  std::set<std::string> regions;
  const Parsed& teams = FileOf(Default(), "teams", 1);
  for (std::size_t r = 0; r < teams.rows.size(); ++r) {
    regions.insert(teams.At(r, "region"));
    EXPECT_FALSE(teams.At(r, "manager_email").empty()) << teams.At(r, "name");
  }
  for (const char* region : {"East", "North", "South", "West", "International"})
    EXPECT_TRUE(regions.count(region));
  EXPECT_EQ(FileOf(Default(), "accounts").rows.size(), 3000u);
  EXPECT_GE(FileOf(Default(), "products").rows.size(), 25u);
}

TEST(Demo, PipelineHasEveryStageAndConsistentCategories) {
  const Parsed& opps = FileOf(Default(), "opportunities");
  const std::map<std::string, std::set<std::string>> allowed = {
      {"prospecting", {"pipeline", "omitted"}},
      {"qualification", {"pipeline", "omitted"}},
      {"proposal", {"pipeline", "best_case"}},
      {"negotiation", {"best_case", "commit"}},
      {"closed_won", {"closed"}},
      {"closed_lost", {"omitted"}}};
  std::map<std::string, int> stages;
  const std::string today = DemoOptions{}.today;
  for (std::size_t r = 0; r < opps.rows.size(); ++r) {
    const std::string& stage = opps.At(r, "stage");
    stages[stage]++;
    EXPECT_TRUE(allowed.at(stage).count(opps.At(r, "forecast_category"))) << stage;
    EXPECT_EQ(stage == "closed_lost", !opps.At(r, "lost_reason").empty());
    if (stage.starts_with("closed")) {
      EXPECT_LE(opps.At(r, "close_date"), today);
    }
  }
  EXPECT_EQ(stages.size(), 6u);
  for (const auto& [stage, count] : stages) EXPECT_GE(count, 20) << stage;
}

// Pearson correlation.
double Correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

// Monthly sales per rep e-mail over the history; index 0 is the oldest month.
std::map<std::string, std::vector<double>> MonthlySales(const Built& b,
                                                        const DemoOptions& options) {
  const Date today = ParseDate(options.today).value();
  const int last = today.year * 12 + today.month - 1;
  std::map<std::string, std::vector<double>> out;
  const Parsed& sales = FileOf(b, "sales");
  for (std::size_t r = 0; r < sales.rows.size(); ++r) {
    const Date d = ParseDate(sales.At(r, "date")).value();
    const int m = d.year * 12 + d.month - 1 - (last - options.months + 1);
    EXPECT_TRUE(m >= 0 && m < options.months && d <= today) << sales.At(r, "date");
    auto& months = out[sales.At(r, "rep_email")];
    months.resize(static_cast<std::size_t>(options.months));
    months[static_cast<std::size_t>(m)] += std::stod(sales.At(r, "amount"));
  }
  return out;
}

TEST(Demo, RepMonthlySalesFollowAnM3Series) {
  auto m3 = io::ParseCsv(M3Csv());
  ASSERT_TRUE(m3.ok());
  std::map<std::string, std::vector<double>> series;
  for (const io::CsvRow& row : m3->rows) series[row.fields[0]].push_back(std::stod(row.fields[2]));
  const DemoOptions options;
  const auto sales = MonthlySales(Default(), options);
  ASSERT_EQ(sales.size(), 40u);
  const std::size_t full =
      static_cast<std::size_t>(options.months) - 1;  // the current month is partial
  for (const auto& [rep, months] : sales) {
    const std::vector<double> observed(months.begin(),
                                       months.begin() + static_cast<std::ptrdiff_t>(full));
    double best = -1;
    for (const auto& [id, values] : series) {
      // The last `months` points of the series; the history's full months are all but the last.
      const auto start = values.end() - options.months;
      best = std::max(
          best, Correlation(observed,
                            std::vector<double>(start, start + static_cast<std::ptrdiff_t>(full))));
    }
    EXPECT_GT(best, 0.99) << rep;
    EXPECT_GT(months.back(), 0) << rep;
  }
}

TEST(Demo, SalesVolumeAndUniqueness) {
  const Parsed& sales = FileOf(Default(), "sales");
  EXPECT_GE(sales.rows.size(), 60000u);
  EXPECT_LE(sales.rows.size(), 120000u);
  std::set<std::tuple<std::string, std::string, std::string, std::string>> tuples;
  for (std::size_t r = 0; r < sales.rows.size(); ++r) {
    EXPECT_TRUE(tuples
                    .emplace(sales.At(r, "date"), sales.At(r, "account_external_id"),
                             sales.At(r, "product_sku"), sales.At(r, "rep_email"))
                    .second);
    EXPECT_GE(std::stod(sales.At(r, "quantity")), 1);
    const std::string& amount = sales.At(r, "amount");
    const auto dot = amount.find('.');
    EXPECT_TRUE(dot == std::string::npos || amount.size() - dot - 1 <= 2) << amount;
  }
  const std::size_t activities = FileOf(Default(), "activities").rows.size();
  EXPECT_GE(activities, 2000u);
  EXPECT_LE(activities, 10000u);
}

TEST(Demo, QuotasCoverEveryRepMonthAndAttainmentVaries) {
  const DemoOptions options;
  const auto sales = MonthlySales(Default(), options);
  const Parsed& quotas = FileOf(Default(), "quotas");
  EXPECT_EQ(quotas.rows.size(), 40u * static_cast<std::size_t>(options.months + 3));
  const Date today = ParseDate(options.today).value();
  const int first = today.year * 12 + today.month - 1 - options.months + 1;
  std::vector<double> attainment;
  for (std::size_t r = 0; r < quotas.rows.size(); ++r) {
    const Period p = ParsePeriod(quotas.At(r, "period")).value();
    const int m = p.year * 12 + p.month - 1 - first;
    ASSERT_TRUE(m >= 0 && m < options.months + 3) << quotas.At(r, "period");
    if (m >= options.months - 1) continue;  // the current month is partial, later ones are ahead
    attainment.push_back(sales.at(quotas.At(r, "rep_email"))[static_cast<std::size_t>(m)] /
                         std::stod(quotas.At(r, "amount")));
  }
  std::sort(attainment.begin(), attainment.end());
  EXPECT_GT(attainment.front(), 0.55);
  EXPECT_LT(attainment.back(), 1.35);
  EXPECT_LT(attainment[attainment.size() / 10], 0.85);      // a tenth of rep-months fall well short
  EXPECT_GT(attainment[attainment.size() * 9 / 10], 1.05);  // and a tenth beat the quota
}

TEST(Demo, ActivitiesAreRecentWorkingHours) {
  const Parsed& activities = FileOf(Default(), "activities");
  const Parsed& users = FileOf(Default(), "users");
  std::map<std::string, std::string> zone;
  for (std::size_t r = 0; r < users.rows.size(); ++r)
    zone[users.At(r, "email")] = users.At(r, "time_zone");
  const std::int64_t today_end = (ParseDate(DemoOptions{}.today)->DaysSinceEpoch() + 1) * 86400;
  std::set<std::string> types;
  for (std::size_t r = 0; r < activities.rows.size(); ++r) {
    const std::int64_t t = ParseTimestamp(activities.At(r, "started_at")).value();
    EXPECT_LT(t, today_end + 86400);
    EXPECT_GT(t, today_end - std::int64_t{58} * 86400);
    types.insert(activities.At(r, "type"));
    if (zone[activities.At(r, "user_email")] == "Asia/Shanghai") {
      const std::int64_t local_hour = (t / 3600 + 8) % 24;
      EXPECT_TRUE(local_hour >= 8 && local_hour < 19) << activities.At(r, "started_at");
    }
  }
  EXPECT_EQ(types.size(), 5u);
}

TEST(Demo, UtcOffsetsAgreeWithTheTzDatabase) {
  for (const char* zone :
       {"Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo", "Europe/Berlin", "Europe/London",
        "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
        "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "Australia/Sydney",
        "Australia/Melbourne", "Australia/Hobart", "Australia/Brisbane", "Australia/Adelaide",
        "Australia/Darwin", "Australia/Perth"}) {
    const date::time_zone* tz = date::locate_zone(zone);
    const std::int64_t first = ParseDate("2024-01-01")->DaysSinceEpoch();
    for (std::int64_t day = first; day < first + 4 * 366; ++day) {
      // Working hours: noon local is never inside a transition.
      const date::local_seconds noon{std::chrono::seconds(day * 86400 + 12 * 3600)};
      const auto info = tz->get_info(tz->to_sys(noon));
      const Date d = Date::FromDaysSinceEpoch(day);
      ASSERT_EQ(internal::UtcOffsetMinutes(zone, d),
                std::chrono::duration_cast<std::chrono::minutes>(info.offset).count())
          << zone << " " << d.ToString();
    }
  }
}

TEST(Demo, RejectsBadInput) {
  EXPECT_EQ(BuildDemo({.reps = 0}, CitiesCsv(), M3Csv()).status().field(), "reps");
  EXPECT_EQ(BuildDemo({.months = 200}, CitiesCsv(), M3Csv()).status().field(), "months");
  EXPECT_EQ(BuildDemo({.months = 36}, CitiesCsv(), "id,t,value\nN1,1,5\nN1,2,6\n").status().field(),
            "months");
  EXPECT_FALSE(BuildDemo({.today = "2026-02-30"}, CitiesCsv(), M3Csv()).ok());
  EXPECT_FALSE(BuildDemo({}, "name,country\nX,CN\n", M3Csv()).ok());
  EXPECT_FALSE(BuildDemo({}, CitiesCsv(), "id,t,value\nN1,1,abc\n").ok());
}

}  // namespace
}  // namespace salesdesk::demo
