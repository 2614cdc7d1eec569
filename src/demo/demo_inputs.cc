// Random numbers, the parsing of the shipped data files, and small formatting helpers.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>

#include "core/money.h"
#include "demo/demo_internal.h"
#include "io/csv.h"

namespace salesdesk::demo::internal {
namespace {

// SplitMix64 (Steele, Lea & Flood 2014): spreads nearby seeds over the whole state.
std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool ParseDouble(const std::string& text, double& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size() && std::isfinite(out);
}

// Index of each of `wanted` in `header`; fails naming the first missing column.
Result<std::vector<std::size_t>> ColumnIndexes(const std::vector<std::string>& header,
                                               std::initializer_list<std::string_view> wanted,
                                               std::string_view file) {
  std::vector<std::size_t> out;
  for (std::string_view name : wanted) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end())
      return Status::Invalid(std::string(file) + " has no column '" + std::string(name) + "'",
                             std::string(name));
    out.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  return out;
}

Status BadRow(std::string_view file, std::int64_t line, std::string_view what) {
  return Status::Invalid(std::string(file) + " line " + std::to_string(line) + ": " +
                         std::string(what));
}

}  // namespace

Rng Rng::Stream(std::uint64_t seed, std::uint64_t part) {
  return Rng(SplitMix64(seed ^ SplitMix64(part + 0x51ed2701ULL)));
}

double Rng::Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double Rng::Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }

int Rng::UniformInt(int lo, int hi) {
  const double span = static_cast<double>(hi) - lo + 1;
  return std::min(hi, lo + static_cast<int>(Uniform() * span));
}

bool Rng::Bernoulli(double p) { return Uniform() < p; }

double Rng::Normal(double mean, double sd) {
  const double u1 = 1.0 - Uniform();  // (0, 1]: log stays finite
  const double u2 = Uniform();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::LogNormal(double mu, double sigma) { return std::exp(Normal(mu, sigma)); }

std::size_t Rng::Pick(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  double x = Uniform() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  // Rounding can leave x just above the last weight: take the last positive one.
  for (std::size_t i = weights.size(); i > 0; --i)
    if (weights[i - 1] > 0) return i - 1;
  return 0;
}

WeightedPicker::WeightedPicker(const std::vector<double>& weights) {
  cumulative_.reserve(weights.size());
  for (double w : weights) {
    total_ += std::max(0.0, w);
    cumulative_.push_back(total_);
  }
}

std::size_t WeightedPicker::Pick(Rng& rng) const {
  const double x = rng.Uniform() * total_;
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  if (it == cumulative_.end()) --it;
  // A zero weight repeats its predecessor's cumulative value, so upper_bound skips it.
  return static_cast<std::size_t>(it - cumulative_.begin());
}

Status ValidateOptions(const DemoOptions& options) {
  if (options.reps < 1 || options.reps > 1000)
    return Status::Invalid("must be between 1 and 1000", "reps");
  if (options.accounts < options.reps || options.accounts > 200000)
    return Status::Invalid("must be between the number of reps and 200000", "accounts");
  if (options.months < 1 || options.months > 120)
    return Status::Invalid("must be between 1 and 120", "months");
  if (!IsCurrencyCode(options.currency))
    return Status::Invalid("must be an ISO 4217 code like CNY", "currency");
  return ParseDate(options.today).status();
}

Result<std::vector<City>> ParseCities(std::string_view csv) {
  SD_ASSIGN_OR_RETURN(io::CsvTable table, io::ParseCsv(csv));
  SD_ASSIGN_OR_RETURN(
      std::vector<std::size_t> col,
      ColumnIndexes(table.header, {"name", "country", "admin", "lat", "lon", "population"},
                    "cities.csv"));
  std::vector<City> cities;
  for (const io::CsvRow& row : table.rows) {
    if (row.fields.size() < table.header.size())
      return BadRow("cities.csv", row.line, "too few fields");
    City c{.name = row.fields[col[0]], .country = row.fields[col[1]], .admin = row.fields[col[2]]};
    if (c.name.empty() || c.country.size() != 2 || !ParseDouble(row.fields[col[3]], c.lat) ||
        !ParseDouble(row.fields[col[4]], c.lon) || !ParseDouble(row.fields[col[5]], c.population) ||
        c.population <= 0)
      return BadRow("cities.csv", row.line,
                    "needs a name, a country code, lat, lon and a population");
    cities.push_back(std::move(c));
  }
  if (cities.empty()) return Status::Invalid("cities.csv has no cities");
  return cities;
}

Result<std::vector<Series>> ParseSeries(std::string_view csv) {
  SD_ASSIGN_OR_RETURN(io::CsvTable table, io::ParseCsv(csv));
  SD_ASSIGN_OR_RETURN(std::vector<std::size_t> col,
                      ColumnIndexes(table.header, {"id", "t", "value"}, "m3_monthly.csv"));
  std::map<std::string, std::map<int, double>> by_id;  // sorted: the result is deterministic
  for (const io::CsvRow& row : table.rows) {
    double t = 0, value = 0;
    if (row.fields.size() < table.header.size() || !ParseDouble(row.fields[col[1]], t) ||
        !ParseDouble(row.fields[col[2]], value) || value <= 0)
      return BadRow("m3_monthly.csv", row.line, "needs an id, a position t and a positive value");
    by_id[row.fields[col[0]]][static_cast<int>(t)] = value;
  }
  std::vector<Series> out;
  for (auto& [id, points] : by_id) {
    Series s{.id = id};
    for (auto& [t, v] : points) s.values.push_back(v);
    out.push_back(std::move(s));
  }
  if (out.empty()) return Status::Invalid("m3_monthly.csv has no series");
  return out;
}

std::string Month::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::vector<Month> HistoryMonths(const Date& today, int count) {
  std::vector<Month> months(static_cast<std::size_t>(count));
  int index = today.year * 12 + (today.month - 1);
  for (int i = count - 1; i >= 0; --i, --index)
    months[static_cast<std::size_t>(i)] = {index / 12, index % 12 + 1};
  return months;
}

std::string Fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string out = buf;
  if (out.find_first_not_of("-0.") == std::string::npos && out[0] == '-') out.erase(0, 1);
  return out;
}

Cell MoneyCell(const Org& org, std::int64_t minor) {
  return Cell::Number(FormatMoney(minor, org.options.currency));
}

std::int64_t ToMinor(const Org& org, double major) {
  return std::llround(major * org.minor_per_major);
}

std::string AsciiSlug(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
      ++i;
      continue;
    }
    const int n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    unsigned cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (int k = 1; k < n && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
    i += static_cast<std::size_t>(n);
    static constexpr std::string_view kLatin1 =  // U+00C0..U+00FF folded; '.' = dropped
        "aaaaaaaceeeeiiiidnooooo.ouuuuy.saaaaaaaceeeeiiiidnooooo.ouuuuy.y";
    if (cp >= 0xC0 && cp <= 0xFF) {
      char f = kLatin1[cp - 0xC0];
      if (cp == 0xDF)
        out += "ss";
      else if (f != '.')
        out += f;
    } else if (cp >= 0x100 && cp <= 0x17F) {  // Latin Extended-A: pairs of one letter
      static constexpr std::string_view kExtA =
          "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrr"
          "rrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
      std::size_t k = cp - 0x100;
      if (k < kExtA.size()) out += kExtA[k];
    }
  }
  return out;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

bool IsWorkday(std::int64_t days_since_epoch) {
  const std::int64_t weekday =
      ((days_since_epoch % 7) + 7 + 3) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
  return weekday < 5;
}

}  // namespace salesdesk::demo::internal
