// The people of 华瑞工业 (Huarui Industrial): teams, users and the reps' profiles.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "demo/demo_internal.h"
#include "demo/demo_names.h"

namespace salesdesk::demo::internal {
namespace {

constexpr std::string_view kDomain = "@huarui.example";
constexpr std::string_view kRootTeam = "华瑞工业 Huarui Industrial";
constexpr std::string_view kSalesTeam = "销售中心 Sales";
constexpr int kMaxDirectReports = 8;  // a region with more reps gets sub-teams with leads
constexpr int kRepsPerSubTeam = 7;

constexpr std::string_view kSkillNames[kSkillCount] = {"prospecting", "negotiation", "technical",
                                                       "closing", "account_management"};

struct Person {
  std::string name;
  std::string local;  // e-mail local part before de-duplication
};

Person ChinesePerson(Rng& rng) {
  static const WeightedPicker kSurnamePicker = [] {
    std::vector<double> w;
    for (const Surname& s : ChineseSurnames()) w.push_back(s.weight);
    return WeightedPicker(w);
  }();
  const Surname& surname = ChineseSurnames()[kSurnamePicker.Pick(rng)];
  auto given_names = ChineseGivenNames();
  const Hanzi& given = given_names[static_cast<std::size_t>(
      rng.UniformInt(0, static_cast<int>(given_names.size()) - 1))];
  return {std::string(surname.zh) + std::string(given.zh),
          std::string(surname.pinyin) + "." + std::string(given.pinyin)};
}

Person EnglishPerson(Rng& rng) {
  auto first = EnglishFirstNames(), last = EnglishLastNames();
  std::string_view f =
      first[static_cast<std::size_t>(rng.UniformInt(0, static_cast<int>(first.size()) - 1))];
  std::string_view l =
      last[static_cast<std::size_t>(rng.UniformInt(0, static_cast<int>(last.size()) - 1))];
  return {std::string(f) + " " + std::string(l), AsciiSlug(f) + "." + AsciiSlug(l)};
}

// Adds a user with a fresh e-mail address (wang.wei, wang.wei2, ...); returns its index.
int AddUser(Org& org, Rng& rng, bool chinese, std::string role, std::string manager_email,
            std::string team, std::string time_zone) {
  Person p = chinese ? ChinesePerson(rng) : EnglishPerson(rng);
  std::string local = p.local;
  for (int n = 2; org.used_emails.count(local); ++n) local = p.local + std::to_string(n);
  org.used_emails.insert(local);
  org.users.push_back({.email = local + std::string(kDomain),
                       .name = p.name,
                       .role = std::move(role),
                       .manager_email = std::move(manager_email),
                       .team = std::move(team),
                       .time_zone = std::move(time_zone),
                       .locale = chinese ? "zh-CN" : "en"});
  return static_cast<int>(org.users.size()) - 1;
}

std::string SubTeamName(Region region, int index) {
  static constexpr std::string_view kDigits[] = {"一", "二", "三", "四", "五",
                                                 "六", "七", "八", "九", "十"};
  const RegionInfo& info = InfoOf(region);
  std::string zh = index < 10 ? std::string(kDigits[index]) : std::to_string(index + 1);
  return std::string(info.team_zh) + zh + "组 " + std::string(info.team_en) + " " +
         std::to_string(index + 1);
}

// A rep's skills, experience and resulting sales level, win rate and way of working.
void DrawRepTraits(const Org& org, Rng& rng, Rep& rep) {
  rep.experience_years =
      std::round(std::clamp(rng.LogNormal(std::log(5.0), 0.6), 0.5, 25.0) * 2) / 2;
  const double mean_skill = 2.5 + 0.08 * std::min(rep.experience_years, 15.0);
  double skill_sum = 0;
  for (int& s : rep.skills) {
    s = std::clamp(static_cast<int>(std::lround(rng.Normal(mean_skill, 0.9))), 1, 5);
    skill_sum += s;
  }
  static constexpr double kCapacities[] = {32, 36, 40, 40, 40, 40, 44, 45};
  rep.weekly_capacity_hours = kCapacities[rng.UniformInt(0, 7)];
  const double experience_factor = std::min(1.25, 0.8 + 0.04 * rep.experience_years);
  const double skill_factor = 0.75 + 0.06 * skill_sum / kSkillCount;
  const double region_factor = rep.region == Region::kInternational ? 1.15 : 1.0;
  rep.level = 850000.0 * org.price_scale * rng.LogNormal(0, 0.25) * experience_factor *
              skill_factor * region_factor;
  rep.lines_per_month = rng.UniformInt(40, 75);
  rep.win_rate = std::clamp(0.22 + 0.05 * rep.skills[3] + rng.Normal(0, 0.04), 0.2, 0.6);
  rep.activity_mix = {0.06 + 0.05 * rep.skills[0] + rng.Uniform(-0.03, 0.05), 0.25,
                      0.2 + 0.02 * rep.skills[4], 0.25, 0.12 + rng.Uniform(0, 0.1)};
  double total = 0;
  for (double m : rep.activity_mix) total += m;
  for (double& m : rep.activity_mix) m /= total;
}

// Home cities of a region's `count` reps: the region's accounts ordered by country and
// province are cut into `count` equal runs, and each rep lives in the most populous city
// of one run. Every province or country thus gets reps in proportion to its accounts.
std::vector<int> DrawHomeCities(const Org& org, Region region, int count) {
  std::vector<int> cities;
  for (const Account& a : org.accounts)
    if (a.region == region) cities.push_back(a.city);
  if (cities.empty()) return std::vector<int>(static_cast<std::size_t>(count), 0);
  std::sort(cities.begin(), cities.end(), [&](int a, int b) {
    const City& x = org.cities[static_cast<std::size_t>(a)];
    const City& y = org.cities[static_cast<std::size_t>(b)];
    return std::tie(x.country, x.admin, a) < std::tie(y.country, y.admin, b);
  });
  const std::size_t n = cities.size(), runs = static_cast<std::size_t>(count);
  std::vector<int> homes;
  for (std::size_t k = 0; k < runs; ++k) {
    const std::size_t lo = std::min(n - 1, n * k / runs), hi = std::max(lo + 1, n * (k + 1) / runs);
    int best = cities[lo];
    for (std::size_t i = lo; i < hi && i < n; ++i)
      if (org.cities[static_cast<std::size_t>(cities[i])].population >
          org.cities[static_cast<std::size_t>(best)].population)
        best = cities[i];
    homes.push_back(best);
  }
  return homes;
}

// The series a rep's sales follow: a shuffled cycle over the series long enough.
std::vector<int> SeriesOrder(const Org& org, Rng& rng) {
  std::vector<int> order;
  for (std::size_t i = 0; i < org.series.size(); ++i)
    if (static_cast<int>(org.series[i].values.size()) >= org.options.months)
      order.push_back(static_cast<int>(i));
  rng.Shuffle(order);
  return order;
}

void AddRegion(Org& org, Rng& rng, Region region, const std::string& vp_email,
               const std::vector<int>& series_order) {
  const int count = org.reps_per_region[static_cast<int>(region)];
  if (count == 0) return;
  const RegionInfo& info = InfoOf(region);
  const bool chinese = region != Region::kInternational;
  const std::string region_team(info.team_name);
  org.teams.push_back(
      {.name = region_team, .parent = std::string(kSalesTeam), .region = std::string(info.code)});
  const std::string manager_zone = chinese ? "Asia/Shanghai" : "Asia/Singapore";
  const int manager = AddUser(org, rng, chinese, "manager", vp_email, region_team, manager_zone);
  org.teams.back().manager_email = org.users[static_cast<std::size_t>(manager)].email;
  const int sub_teams =
      count > kMaxDirectReports ? (count + kRepsPerSubTeam - 1) / kRepsPerSubTeam : 0;
  std::vector<int> leads;
  for (int g = 0; g < sub_teams; ++g) {
    org.teams.push_back(
        {.name = SubTeamName(region, g), .parent = region_team, .region = std::string(info.code)});
    leads.push_back(AddUser(org, rng, chinese, "manager",
                            org.users[static_cast<std::size_t>(manager)].email,
                            org.teams.back().name, manager_zone));
    org.teams.back().manager_email = org.users[static_cast<std::size_t>(leads.back())].email;
  }
  const std::vector<int> homes = DrawHomeCities(org, region, count);
  for (int i = 0; i < count; ++i) {
    Rep rep{.region = region, .home_city = homes[static_cast<std::size_t>(i)]};
    const int boss = sub_teams ? leads[static_cast<std::size_t>(i * sub_teams / count)] : manager;
    const User& boss_user = org.users[static_cast<std::size_t>(boss)];
    rep.user = AddUser(org, rng, chinese, "rep", boss_user.email, boss_user.team,
                       TimeZoneOf(org.cities[static_cast<std::size_t>(rep.home_city)]));
    DrawRepTraits(org, rng, rep);
    rep.series = series_order[org.reps.size() % series_order.size()];
    org.reps.push_back(std::move(rep));
  }
}

}  // namespace

std::string_view SkillName(int skill) { return kSkillNames[skill]; }

std::string TimeZoneOf(const City& city) {
  const std::string& c = city.country;
  if (c == "SG") return "Asia/Singapore";
  if (c == "JP") return "Asia/Tokyo";
  if (c == "DE") return "Europe/Berlin";
  if (c == "GB") return "Europe/London";
  if (c == "AU") {
    static const std::map<std::string, std::string> kAu = {
        {"03", "Australia/Darwin"}, {"04", "Australia/Brisbane"},  {"05", "Australia/Adelaide"},
        {"06", "Australia/Hobart"}, {"07", "Australia/Melbourne"}, {"08", "Australia/Perth"}};
    auto it = kAu.find(city.admin);
    return it == kAu.end() ? "Australia/Sydney" : it->second;
  }
  if (c == "US") {
    static const std::string kPacific = " CA WA OR NV ", kMountain = " MT ID WY UT CO NM ",
                             kCentral = " TX OK KS NE SD ND MN IA MO AR LA MS AL TN WI IL ";
    const std::string key = " " + city.admin + " ";
    if (city.admin == "AZ") return "America/Phoenix";
    if (city.admin == "HI") return "Pacific/Honolulu";
    if (city.admin == "AK") return "America/Anchorage";
    if (kPacific.find(key) != std::string::npos) return "America/Los_Angeles";
    if (kMountain.find(key) != std::string::npos) return "America/Denver";
    if (kCentral.find(key) != std::string::npos) return "America/Chicago";
    return "America/New_York";
  }
  return "Asia/Shanghai";
}

void PlanRegions(Org& org) {
  std::array<double, kRegionCount> accounts{};
  for (const Account& a : org.accounts) accounts[static_cast<int>(a.region)] += 1;
  const double reps = org.options.reps, total = static_cast<double>(org.accounts.size());
  std::array<double, kRegionCount> quota{};
  int assigned = 0;
  for (int r = 0; r < kRegionCount; ++r) {
    quota[r] = reps * accounts[r] / total;
    org.reps_per_region[r] = accounts[r] > 0 ? std::max(1, static_cast<int>(quota[r])) : 0;
    assigned += org.reps_per_region[r];
  }
  // Largest remainder: add where the quota is most underserved, take where most overserved.
  while (assigned != org.options.reps) {
    int best = -1;
    double best_gap = 0;
    for (int r = 0; r < kRegionCount; ++r) {
      if (accounts[r] == 0 || (assigned > org.options.reps && org.reps_per_region[r] == 0))
        continue;
      double gap = assigned < org.options.reps ? quota[r] - org.reps_per_region[r]
                                               : org.reps_per_region[r] - quota[r];
      // Take a region's only rep last, so every region keeps someone while reps last.
      if (assigned > org.options.reps && org.reps_per_region[r] == 1) gap -= 1000;
      if (best < 0 || gap > best_gap) best = r, best_gap = gap;
    }
    org.reps_per_region[best] += assigned < org.options.reps ? 1 : -1;
    assigned += assigned < org.options.reps ? 1 : -1;
  }
}

void BuildStaff(Org& org, Rng& rng) {
  org.used_emails.insert("admin");
  org.users.push_back({.email = "admin@huarui.example",
                       .name = "系统管理员",
                       .role = "admin",
                       .team = std::string(kRootTeam),
                       .time_zone = "Asia/Shanghai",
                       .locale = "zh-CN"});
  org.teams.push_back({.name = std::string(kRootTeam)});
  const int ceo = AddUser(org, rng, true, "executive", "", std::string(kRootTeam), "Asia/Shanghai");
  const std::string ceo_email = org.users[static_cast<std::size_t>(ceo)].email;
  org.teams.back().manager_email = ceo_email;
  org.teams.push_back({.name = std::string(kSalesTeam), .parent = std::string(kRootTeam)});
  const int vp =
      AddUser(org, rng, true, "executive", ceo_email, std::string(kSalesTeam), "Asia/Shanghai");
  const std::string vp_email = org.users[static_cast<std::size_t>(vp)].email;
  org.teams.back().manager_email = vp_email;
  const std::vector<int> series_order = SeriesOrder(org, rng);
  for (int r = 0; r < kRegionCount; ++r)
    AddRegion(org, rng, static_cast<Region>(r), vp_email, series_order);
}

Table TeamTable(const Org& org, bool with_managers) {
  Table t{.header = {"name", "manager_email", "parent_name", "region"}};
  for (const Team& team : org.teams)
    t.Add({team.name, with_managers ? team.manager_email : "", team.parent, team.region});
  return t;
}

Table UserTable(const Org& org) {
  Table t{.header = {"email", "name", "role", "manager_email", "team", "time_zone", "locale"}};
  for (const User& u : org.users)
    t.Add({u.email, u.name, u.role, u.manager_email, u.team, u.time_zone, u.locale});
  return t;
}

namespace {

// Up to two skills at `level` or beyond (strengths) / at or below (weaknesses); else the
// single best / worst skill.
std::string DescribeSkills(const Rep& rep, bool chinese, bool strengths) {
  std::vector<int> order(kSkillCount);
  for (int i = 0; i < kSkillCount; ++i) order[static_cast<std::size_t>(i)] = i;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return strengths ? rep.skills[a] > rep.skills[b] : rep.skills[a] < rep.skills[b];
  });
  std::string out;
  for (std::size_t k = 0; k < 2; ++k) {
    const int s = order[k];
    const bool qualifies = strengths ? rep.skills[s] >= 4 : rep.skills[s] <= 2;
    if (k > 0 && !qualifies) break;
    if (!out.empty()) out += chinese ? "；" : "; ";
    out += strengths ? StrengthText(s, chinese) : WeaknessText(s, chinese);
  }
  return out;
}

}  // namespace

Table RepProfileTable(const Org& org) {
  Table t{.header = {"email", "skills", "experience_years", "weekly_capacity_hours", "strengths",
                     "weaknesses", "home_city", "home_lat", "home_lon"}};
  for (const Rep& rep : org.reps) {
    std::string skills;
    for (int s = 0; s < kSkillCount; ++s)
      skills += (s ? ";" : "") + std::string(SkillName(s)) + ":" + std::to_string(rep.skills[s]);
    const bool chinese = rep.region != Region::kInternational;
    const City& home = org.cities[static_cast<std::size_t>(rep.home_city)];
    t.Add({org.users[static_cast<std::size_t>(rep.user)].email, skills,
           Cell::Number(Fixed(rep.experience_years, 1)),
           Cell::Number(Fixed(rep.weekly_capacity_hours, 0)), DescribeSkills(rep, chinese, true),
           DescribeSkills(rep, chinese, false), CityLabel(home), Cell::Number(Fixed(home.lat, 5)),
           Cell::Number(Fixed(home.lon, 5))});
  }
  return t;
}

}  // namespace salesdesk::demo::internal
