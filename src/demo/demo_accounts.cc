// Products, customer accounts at real places, their owners and their contacts.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <span>

#include "demo/demo_internal.h"
#include "demo/demo_names.h"

namespace salesdesk::demo::internal {
namespace {

constexpr double kChinaShare = 0.85;        // of accounts; the rest are international
constexpr double kProspectShare = 0.12;     // accounts that have never bought
constexpr double kNearestOwnerShare = 0.7;  // CN accounts owned by the nearest rep

template <typename T>
const T& Any(Rng& rng, std::span<const T> items) {
  return items[static_cast<std::size_t>(rng.UniformInt(0, static_cast<int>(items.size()) - 1))];
}

std::string_view LegalSuffix(std::string_view country, Rng& rng) {
  if (country == "DE") return "GmbH";
  if (country == "GB") return "Ltd";
  if (country == "JP") return "Co., Ltd.";
  if (country == "SG") return "Pte. Ltd.";
  if (country == "AU") return "Pty Ltd";
  return rng.Bernoulli(0.7) ? "Inc." : "LLC";
}

void NameChineseAccount(Account& a, const City& city, Rng& rng, std::set<std::string>& taken) {
  const Province* province = FindProvince(city.admin);
  std::string prefix(ChineseCityName(city.name, city.admin));
  if (prefix.empty()) prefix = province ? std::string(province->zh) : "";
  static constexpr std::string_view kSuffixes[] = {
      "有限公司", "有限公司", "有限公司",     "有限公司",     "有限公司",
      "有限公司", "有限公司", "股份有限公司", "股份有限公司", "集团有限公司"};
  for (int attempt = 0;; ++attempt) {
    const Hanzi& brand = Any(rng, CompanyBrands());
    const Industry& industry = Any(rng, Industries());
    // Unique without the legal form, so no two accounts differ only in 有限公司/集团.
    std::string stem = prefix + std::string(brand.zh) + std::string(industry.company_zh);
    if (attempt >= 20) stem += std::to_string(attempt);
    if (!taken.insert(stem).second) continue;
    const std::string name = stem + std::string(kSuffixes[rng.UniformInt(0, 9)]);
    a.name = name;
    a.short_name = prefix + std::string(brand.zh);
    a.industry = industry.label;
    a.domain = std::string(brand.pinyin) + "-" + AsciiSlug(city.name) + ".example";
    return;
  }
}

void NameEnglishAccount(Account& a, const City& city, Rng& rng, std::set<std::string>& taken) {
  for (int attempt = 0;; ++attempt) {
    const std::string_view word = Any(rng, EnglishCompanyWords());
    const Industry& industry = Any(rng, Industries());
    std::string short_name = std::string(word) + " " + std::string(industry.company_en);
    if (attempt >= 10) short_name.insert(0, city.name + " ");
    if (attempt >= 20) short_name += " " + std::to_string(attempt);
    if (!taken.insert(short_name).second) continue;
    const std::string name = short_name + " " + std::string(LegalSuffix(city.country, rng));
    a.name = name;
    a.short_name = short_name;
    a.industry = industry.label;
    a.domain = AsciiSlug(word) + "-" + AsciiSlug(industry.company_en) + ".example";
    return;
  }
}

// The reps an account in `region` may belong to; every rep when the region has none.
std::vector<int> RepsOf(const Org& org, Region region) {
  std::vector<int> out;
  for (std::size_t i = 0; i < org.reps.size(); ++i)
    if (org.reps[i].region == region) out.push_back(static_cast<int>(i));
  if (out.empty())
    for (std::size_t i = 0; i < org.reps.size(); ++i) out.push_back(static_cast<int>(i));
  return out;
}

int NearestRep(const Org& org, Rng& rng, const Account& a, const std::vector<int>& reps) {
  std::vector<double> distance;
  for (int r : reps) {
    const City& home =
        org.cities[static_cast<std::size_t>(org.reps[static_cast<std::size_t>(r)].home_city)];
    distance.push_back(DistanceKm(a.lat, a.lon, home.lat, home.lon));
  }
  const double best = *std::min_element(distance.begin(), distance.end());
  std::vector<int> tied;  // reps living in the same city share its accounts
  for (std::size_t i = 0; i < reps.size(); ++i)
    if (distance[i] <= best + 1.0) tied.push_back(reps[i]);
  return rng.OneOf(tied);
}

// Gives a rep with fewer than `minimum` accounts some of the largest book in its region.
void TopUpSmallBooks(Org& org, std::size_t minimum) {
  for (std::size_t r = 0; r < org.reps.size(); ++r) {
    while (org.reps[r].accounts.size() < minimum) {
      std::size_t donor = r;
      for (std::size_t d = 0; d < org.reps.size(); ++d)
        if (org.reps[d].region == org.reps[r].region &&
            org.reps[d].accounts.size() > org.reps[donor].accounts.size())
          donor = d;
      if (donor == r || org.reps[donor].accounts.size() <= minimum) break;
      const int account = org.reps[donor].accounts.back();
      org.reps[donor].accounts.pop_back();
      org.reps[r].accounts.push_back(account);
      org.accounts[static_cast<std::size_t>(account)].owner = static_cast<int>(r);
    }
  }
}

// When the account buys, how much of its owner's business it is, and what it buys.
void DrawBuyingPattern(const Org& org, Rng& rng, Account& a) {
  const int months = org.options.months;
  a.weight = rng.Bernoulli(kProspectShare) ? 0.0 : rng.LogNormal(0, 1.0);
  a.first_month = 0;
  a.last_month = months - 1;
  if (months > 6 && rng.Bernoulli(0.15))
    a.first_month = rng.UniformInt(1, months - 4);  // new customer
  if (months > 6 && rng.Bernoulli(0.1))
    a.last_month = rng.UniformInt(a.first_month + 2, months - 2);  // lost
  a.discount = rng.Uniform(0.0, 0.15);
  std::vector<double> popularity;
  for (const Product& p : org.products) popularity.push_back(p.popularity);
  const int usual = rng.UniformInt(3, 6);
  for (int k = 0; k < usual; ++k) {
    const int p = static_cast<int>(rng.Pick(popularity));
    popularity[static_cast<std::size_t>(p)] = 0;  // distinct
    a.usual_products.push_back(p);
  }
}

std::string Digits(Rng& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng.UniformInt(0, 9));
  return out;
}

// Invented numbers in each country's usual format; where a regulator reserves a range for
// fiction (US 555-01xx, GB 020 7946 0xxx, AU 02 5550 xxxx) it is used.
std::string Phone(std::string_view country, Rng& rng) {
  if (country == "US")
    return "(" + std::to_string(rng.UniformInt(201, 989)) + ") 555-01" + Digits(rng, 2);
  if (country == "GB") return "020 7946 0" + Digits(rng, 3);
  if (country == "AU") return "(02) 5550 " + Digits(rng, 4);
  if (country == "DE") return "030 23125 " + Digits(rng, 3);
  if (country == "JP") return "03-" + Digits(rng, 4) + "-" + Digits(rng, 4);
  if (country == "SG") return "6" + Digits(rng, 3) + " " + Digits(rng, 4);
  static constexpr std::string_view kPrefixes[] = {"138", "139", "150", "158", "186", "188"};
  return std::string(kPrefixes[rng.UniformInt(0, 5)]) + " " + Digits(rng, 4) + " " + Digits(rng, 4);
}

}  // namespace

std::string CityLabel(const City& city) {
  if (city.country == "CN") {
    std::string_view zh = ChineseCityName(city.name, city.admin);
    if (!zh.empty()) return std::string(zh);
  }
  return city.name;
}

void BuildProducts(Org& org) {
  for (const CatalogueItem& item : Catalogue()) {
    const Category& c = Categories()[static_cast<std::size_t>(item.category)];
    org.products.push_back({.sku = std::string(item.sku),
                            .name = std::string(item.zh) + " " + std::string(item.en),
                            .category = std::string(c.zh) + " " + std::string(c.en),
                            .category_zh = std::string(c.zh),
                            .category_en = std::string(c.en),
                            .unit_price = ToMinor(org, item.price_cny * org.price_scale),
                            .popularity = item.popularity});
  }
}

void PlaceAccounts(Org& org, Rng& rng) {
  std::vector<double> china, abroad;
  for (const City& c : org.cities) {
    china.push_back(c.country == "CN" ? c.population : 0);
    abroad.push_back(c.country == "CN" ? 0 : c.population);
  }
  const WeightedPicker china_picker(china), abroad_picker(abroad);
  std::set<std::string> taken;
  for (int i = 0; i < org.options.accounts; ++i) {
    const bool in_china =
        abroad_picker.empty() || (!china_picker.empty() && rng.Bernoulli(kChinaShare));
    Account a;
    a.city = static_cast<int>((in_china ? china_picker : abroad_picker).Pick(rng));
    const City& city = org.cities[static_cast<std::size_t>(a.city)];
    char id[32];
    std::snprintf(id, sizeof id, "ACC-%05d", i + 1);
    a.external_id = id;
    a.chinese = in_china;
    a.city_label = CityLabel(city);
    a.lat = std::clamp(city.lat + rng.Normal(0, 0.02), -90.0, 90.0);
    a.lon = std::clamp(city.lon + rng.Normal(0, 0.02), -180.0, 180.0);
    if (in_china) {
      const Province* province = FindProvince(city.admin);
      a.region = province ? province->region : Region::kEast;
      a.territory = std::string(InfoOf(a.region).code) + "/" +
                    (province ? std::string(province->en) : city.admin);
      NameChineseAccount(a, city, rng, taken);
    } else {
      a.region = Region::kInternational;
      a.territory = "International/" + city.country;
      NameEnglishAccount(a, city, rng, taken);
    }
    org.accounts.push_back(std::move(a));
  }
}

void AssignAccounts(Org& org, Rng& rng) {
  std::array<std::vector<int>, kRegionCount> reps_of;
  for (int r = 0; r < kRegionCount; ++r) reps_of[r] = RepsOf(org, static_cast<Region>(r));
  for (std::size_t i = 0; i < org.accounts.size(); ++i) {
    Account& a = org.accounts[i];
    const std::vector<int>& candidates = reps_of[static_cast<int>(a.region)];
    // Territories grown over years: mostly the nearest rep, some accounts anyone's.
    const bool nearest = !a.chinese || rng.Bernoulli(kNearestOwnerShare);
    a.owner = nearest ? NearestRep(org, rng, a, candidates) : rng.OneOf(candidates);
    org.reps[static_cast<std::size_t>(a.owner)].accounts.push_back(static_cast<int>(i));
  }
  TopUpSmallBooks(org, 5);
  for (Account& a : org.accounts) DrawBuyingPattern(org, rng, a);
  // Every rep needs at least one account that buys, or a month's sales have nowhere to go.
  double total_weight = 0;
  for (Rep& rep : org.reps) {
    bool buys = false;
    for (int a : rep.accounts) buys = buys || org.accounts[static_cast<std::size_t>(a)].weight > 0;
    if (!buys && !rep.accounts.empty())
      org.accounts[static_cast<std::size_t>(rep.accounts[0])].weight = 1;
    for (int a : rep.accounts) total_weight += org.accounts[static_cast<std::size_t>(a)].weight;
  }
  // A bigger book sells more, though far less than in proportion.
  const double mean_weight = total_weight / static_cast<double>(org.reps.size());
  for (Rep& rep : org.reps) {
    double weight = 0;
    for (int a : rep.accounts) weight += org.accounts[static_cast<std::size_t>(a)].weight;
    rep.level *= std::clamp(std::pow(weight / mean_weight, 0.4), 0.6, 1.6);
  }
}

Table ProductTable(const Org& org) {
  Table t{.header = {"sku", "name", "category", "unit_price", "currency"}};
  for (const Product& p : org.products)
    t.Add({p.sku, p.name, p.category, MoneyCell(org, p.unit_price), org.options.currency});
  return t;
}

Table AccountTable(const Org& org) {
  Table t{.header = {"external_id", "name", "industry", "city", "country", "lat", "lon",
                     "potential", "currency", "owner_email", "territory"}};
  for (const Account& a : org.accounts) {
    const City& city = org.cities[static_cast<std::size_t>(a.city)];
    const Rep& owner = org.reps[static_cast<std::size_t>(a.owner)];
    t.Add({a.external_id, a.name, a.industry, a.city_label, city.country,
           Cell::Number(Fixed(a.lat, 5)), Cell::Number(Fixed(a.lon, 5)),
           MoneyCell(org, a.potential), org.options.currency,
           org.users[static_cast<std::size_t>(owner.user)].email, a.territory});
  }
  return t;
}

Table ContactTable(const Org& org, Rng& rng) {
  Table t{.header = {"account_external_id", "name", "email", "phone", "title"}};
  for (const Account& a : org.accounts) {
    const std::string& country = org.cities[static_cast<std::size_t>(a.city)].country;
    const int count = rng.Bernoulli(0.4) ? 2 : 1;
    std::string first_local;
    for (int k = 0; k < count; ++k) {
      std::string name, local;
      if (a.chinese) {
        const Surname& s = Any(rng, ChineseSurnames());
        const Hanzi& g = Any(rng, ChineseGivenNames());
        name = std::string(s.zh) + std::string(g.zh);
        local = std::string(g.pinyin) + "." + std::string(s.pinyin);
      } else {
        const std::string_view f = Any(rng, EnglishFirstNames()), l = Any(rng, EnglishLastNames());
        name = std::string(f) + " " + std::string(l);
        local = AsciiSlug(f) + "." + AsciiSlug(l);
      }
      if (local == first_local) local += "2";
      first_local = local;
      // The first contact is the buyer; a second one is someone else on the customer's side.
      auto titles = a.chinese ? TitlesZh() : TitlesEn();
      const std::string_view title = k == 0 ? titles[0]
                                            : titles[static_cast<std::size_t>(rng.UniformInt(
                                                  1, static_cast<int>(titles.size()) - 1))];
      t.Add({a.external_id, name, local + "@" + a.domain, Phone(a.chinese ? "CN" : country, rng),
             std::string(title)});
    }
  }
  return t;
}

}  // namespace salesdesk::demo::internal
