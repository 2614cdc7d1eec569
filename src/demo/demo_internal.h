// Internals of the demo generator, shared by its source files and its test; not part of
// the demo module's interface. Everything here is pure computation on in-memory values.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dates.h"
#include "core/status.h"
#include "demo/demo.h"

namespace salesdesk::demo::internal {

// Random numbers that are identical on every standard library: std::mt19937_64 is fully
// specified by the standard, std:: distributions are not, so the distributions are ours.
// Not thread-safe.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // An independent stream for one part of the demo, so that drawing more numbers in one
  // part does not change any other part.
  static Rng Stream(std::uint64_t seed, std::uint64_t part);

  double Uniform();                           // [0, 1)
  double Uniform(double lo, double hi);       // [lo, hi)
  int UniformInt(int lo, int hi);             // [lo, hi], lo <= hi
  bool Bernoulli(double p);                   // true with probability p
  double Normal(double mean, double sd);      // Box-Muller
  double LogNormal(double mu, double sigma);  // exp(Normal(mu, sigma))
  // An index drawn with probability weights[i] / sum(weights); weights are >= 0 with a
  // positive sum. O(n); use WeightedPicker for repeated draws.
  std::size_t Pick(const std::vector<double>& weights);

  template <typename T>
  void Shuffle(std::vector<T>& items) {  // Fisher-Yates
    for (std::size_t i = items.size(); i > 1; --i)
      std::swap(items[i - 1],
                items[static_cast<std::size_t>(UniformInt(0, static_cast<int>(i) - 1))]);
  }

  template <typename T>
  const T& OneOf(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(UniformInt(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

// Repeated weighted draws in O(log n): cumulative weights plus binary search.
class WeightedPicker {
 public:
  explicit WeightedPicker(const std::vector<double>& weights);
  bool empty() const { return total_ <= 0; }
  std::size_t Pick(Rng& rng) const;  // requires !empty()

 private:
  std::vector<double> cumulative_;
  double total_ = 0;
};

// The demo company's sales regions. International covers every country but China.
enum class Region { kEast, kNorth, kSouth, kWest, kInternational };
inline constexpr int kRegionCount = 5;

struct City {
  std::string name;     // as in GeoNames (pinyin for China)
  std::string country;  // ISO 3166-1 alpha-2
  std::string admin;    // GeoNames admin1 code
  double lat = 0;
  double lon = 0;
  double population = 0;
};

struct Series {
  std::string id;  // M3 id, e.g. N1455
  std::vector<double> values;
};

struct Team {
  std::string name;
  std::string parent;
  std::string region;
  std::string manager_email;
};

struct User {
  std::string email;
  std::string name;
  std::string role;
  std::string manager_email;
  std::string team;
  std::string time_zone;
  std::string locale;
};

inline constexpr int kSkillCount = 5;  // see SkillName()

struct Rep {
  int user = 0;  // index into Org::users
  Region region = Region::kEast;
  int home_city = 0;                      // index into Org::cities
  std::array<int, kSkillCount> skills{};  // 1..5
  double experience_years = 0;
  double weekly_capacity_hours = 40;
  double level = 0;  // mean monthly sales over the history, in major units of the currency
  int series = 0;    // index into Org::series: the shape of this rep's monthly sales
  int lines_per_month = 50;
  double win_rate = 0.4;
  std::array<double, 5> activity_mix{};  // prospecting, call, meeting, email, paperwork
  std::vector<int> accounts;             // indexes into Org::accounts
  // Planned sales per history month, minor units: the rep's series rescaled. The sales
  // lines of a month add up to this, except the current month, which is prorated.
  std::vector<std::int64_t> monthly;
};

struct Account {
  std::string external_id;
  std::string name;
  std::string short_name;  // brand, for opportunity names and notes
  std::string industry;
  std::string city_label;
  std::string domain;  // e-mail domain of its contacts
  std::string territory;
  int city = 0;
  Region region = Region::kEast;
  bool chinese = true;
  double lat = 0;
  double lon = 0;
  int owner = -1;       // index into Org::reps
  double weight = 0;    // share of its owner's business; 0 for a prospect
  int first_month = 0;  // history months [first_month, last_month] in which it buys
  int last_month = 0;
  double discount = 0;  // negotiated discount off list, 0..0.2
  std::vector<int> usual_products;
  std::int64_t potential = 0;  // yearly, minor units
};

struct Product {
  std::string sku;
  std::string name;
  std::string category;
  std::string category_zh;
  std::string category_en;
  std::int64_t unit_price = 0;  // minor units
  double popularity = 1;
};

// A calendar month of the history (index 0 is the oldest).
struct Month {
  int year = 0;
  int month = 0;
  std::string ToString() const;  // YYYY-MM
};

// Everything generated so far; each step fills some parts and reads earlier ones.
struct Org {
  DemoOptions options;
  Date today;
  int minor_digits = 2;
  double minor_per_major = 100;
  double price_scale = 1;  // currency units per CNY
  std::vector<City> cities;
  std::vector<Series> series;
  std::vector<Month> months;
  std::vector<Team> teams;
  std::vector<User> users;
  std::vector<Rep> reps;
  std::vector<Product> products;
  std::vector<Account> accounts;
  std::array<int, kRegionCount> reps_per_region{};
  std::set<std::string> used_emails;  // local parts taken at huarui.example
};

// One CSV cell; `number` marks plain numbers (such as -122.4) that must be written as is.
struct Cell {
  Cell(std::string value) : text(std::move(value)) {}  // NOLINT: implicit by design
  Cell(const char* value) : text(value) {}             // NOLINT
  static Cell Number(std::string value) {
    Cell c(std::move(value));
    c.number = true;
    return c;
  }
  std::string text;
  bool number = false;
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
  void Add(std::initializer_list<Cell> cells) { rows.emplace_back(cells); }
};

// --- demo_inputs.cc ---
Status ValidateOptions(const DemoOptions& options);
// Parses data/cities.csv (name,country,admin,lat,lon,population).
Result<std::vector<City>> ParseCities(std::string_view csv);
// Parses data/m3_monthly.csv (id,t,value), ordered by id then t.
Result<std::vector<Series>> ParseSeries(std::string_view csv);
// The `count` months ending with `today`'s month.
std::vector<Month> HistoryMonths(const Date& today, int count);
// Formatting helpers.
std::string Fixed(double value, int decimals);
Cell MoneyCell(const Org& org, std::int64_t minor);
std::int64_t ToMinor(const Org& org, double major);
// Lower-case ASCII letters and digits of `text` (accents folded, the rest dropped).
std::string AsciiSlug(std::string_view text);
// Great-circle distance in km.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);
// Monday..Friday.
bool IsWorkday(std::int64_t days_since_epoch);

// --- demo_staff.cc ---
// Decides how many reps each region gets from where the accounts are.
void PlanRegions(Org& org);
// Teams, users (admin, executives, managers, leads, reps) and the reps' profiles.
void BuildStaff(Org& org, Rng& rng);
Table TeamTable(const Org& org, bool with_managers);
Table UserTable(const Org& org);
Table RepProfileTable(const Org& org);
std::string_view SkillName(int skill);
// The IANA time zone of a place the demo sells in.
std::string TimeZoneOf(const City& city);

// --- demo_accounts.cc ---
void BuildProducts(Org& org);
// Places accounts at cities (without owners yet).
void PlaceAccounts(Org& org, Rng& rng);
// Gives each account an owner among its region's reps and its buying pattern.
void AssignAccounts(Org& org, Rng& rng);
Table ProductTable(const Org& org);
Table AccountTable(const Org& org);
Table ContactTable(const Org& org, Rng& rng);
// A city's name for display: Chinese for the larger CN cities, else the GeoNames name.
std::string CityLabel(const City& city);

// --- demo_sales.cc ---
// Sales lines; also fills Rep::monthly and Account::potential.
Table SalesTable(Org& org, Rng& rng);
Table QuotaTable(const Org& org, Rng& rng);
// Kept forecasts people made (issue 3): each rep's sales-force composite figure for their
// own sales and each executive's opinion of the organisation's, for the last twelve
// months, this month and the next two, each made on the 25th of the month before. Every
// person has a habit (reps lean optimistic, some more than others) plus noise, so the
// track record has something to tell.
Table PersonForecastTable(const Org& org, Rng& rng);

// --- demo_pipeline.cc ---
Table OpportunityTable(const Org& org, Rng& rng);
Table ActivityTable(const Org& org, Rng& rng);
// Offset of local time from UTC in minutes on `date` (daylight saving included) for the
// zones the demo uses; 0 for any other zone.
int UtcOffsetMinutes(std::string_view zone, const Date& date);

}  // namespace salesdesk::demo::internal
