// Word lists of the demo organisation: people's and companies' names, provinces, the
// product catalogue and the phrases reps write. Invented except for place names and the
// common Chinese surnames; any likeness to a real company or person is by chance.
#pragma once

#include <span>
#include <string_view>

#include "demo/demo_internal.h"

namespace salesdesk::demo::internal {

// A Chinese word and its pinyin without tones, for ASCII e-mail addresses.
struct Hanzi {
  std::string_view zh;
  std::string_view pinyin;
};

struct Surname {
  std::string_view zh;
  std::string_view pinyin;
  double weight;  // relative frequency
};

struct Province {
  std::string_view code;  // GeoNames admin1 code of China
  std::string_view zh;
  std::string_view en;
  Region region;
};

struct RegionInfo {
  Region region;
  std::string_view code;       // teams.region
  std::string_view team_name;  // bilingual team name
  std::string_view team_zh;    // prefix of sub-team names
  std::string_view team_en;
};

struct Industry {
  std::string_view label;       // accounts.industry, bilingual
  std::string_view company_zh;  // the middle of a Chinese company name
  std::string_view company_en;  // the middle of an English company name
};

struct CatalogueItem {
  std::string_view sku;
  std::string_view zh;
  std::string_view en;
  int category;       // index into Categories()
  double price_cny;   // list price
  double popularity;  // relative frequency in orders
};

struct Category {
  std::string_view zh;
  std::string_view en;
};

std::span<const Surname> ChineseSurnames();
std::span<const Hanzi> ChineseGivenNames();
std::span<const std::string_view> EnglishFirstNames();
std::span<const std::string_view> EnglishLastNames();
std::span<const Hanzi> CompanyBrands();
std::span<const std::string_view> EnglishCompanyWords();
std::span<const Industry> Industries();
std::span<const Category> Categories();
std::span<const CatalogueItem> Catalogue();
const RegionInfo& InfoOf(Region region);

// The province with GeoNames admin1 `code`, or nullptr.
const Province* FindProvince(std::string_view code);
// The Chinese name of a CN city given its GeoNames name and admin1 code, or "" when the
// list does not know it.
std::string_view ChineseCityName(std::string_view name, std::string_view admin);

// Contact job titles.
std::span<const std::string_view> TitlesZh();
std::span<const std::string_view> TitlesEn();
// Reasons a deal was lost, in the account's language; the same index means the same
// reason in both.
std::span<const std::string_view> LostReasonsZh();
std::span<const std::string_view> LostReasonsEn();
// Activity notes per activity type (0 prospecting .. 4 paperwork); "{}" stands for the
// account's short name.
std::span<const std::string_view> ActivityNotes(int type, bool chinese);
// What a rep is good or weak at, per skill (see SkillName), in Chinese or English.
std::string_view StrengthText(int skill, bool chinese);
std::string_view WeaknessText(int skill, bool chinese);

}  // namespace salesdesk::demo::internal
