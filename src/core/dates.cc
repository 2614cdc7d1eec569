#include "core/dates.h"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>

namespace salesdesk {
namespace {

bool ParseInt(std::string_view text, int& out) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

}  // namespace

std::string Date::ToString() const {
  char buf[32];  // room for any two ints, so -Wformat-truncation has nothing to say
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::int64_t Date::DaysSinceEpoch() const {
  auto ymd = date::year{year} / date::month{static_cast<unsigned>(month)} /
             date::day{static_cast<unsigned>(day)};
  return date::sys_days{ymd}.time_since_epoch().count();
}

Date Date::FromDaysSinceEpoch(std::int64_t days) {
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

namespace {
// 'text' in quotes, built by appending ("'" + std::string(text) trips GCC 12's false
// -Wrestrict at -O3, as in money.cc).
std::string Quoted(std::string_view text) {
  std::string out = "'";
  out.append(text);
  out += '\'';
  return out;
}
}  // namespace

Result<Date> ParseDate(std::string_view text) {
  Date d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseInt(text.substr(0, 4), d.year) ||
      !ParseInt(text.substr(5, 2), d.month) || !ParseInt(text.substr(8, 2), d.day))
    return Status::Invalid(Quoted(text) + " is not a date like 2026-03-31");
  auto ymd = date::year{d.year} / date::month{static_cast<unsigned>(d.month)} /
             date::day{static_cast<unsigned>(d.day)};
  if (d.year < 1900 || d.year > 2999 || !ymd.ok())
    return Status::Invalid(Quoted(text) + " is not a real calendar date");
  return d;
}

Date Period::First() const {
  if (quarter) return {year, (quarter - 1) * 3 + 1, 1};
  return {year, month, 1};
}

Date Period::Last() const {
  int last_month = quarter ? quarter * 3 : month;
  auto ymdl = date::year{year} / date::month{static_cast<unsigned>(last_month)} / date::last;
  return {year, last_month, static_cast<int>(static_cast<unsigned>(ymdl.day()))};
}

std::string Period::ToString() const {
  char buf[32];  // room for any two ints, so -Wformat-truncation has nothing to say
  if (quarter)
    std::snprintf(buf, sizeof buf, "%04d-Q%d", year, quarter);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

Result<Period> ParsePeriod(std::string_view text) {
  Period p;
  auto bad = [&] {
    return Status::Invalid(Quoted(text) + " is not a period like 2026-03 or 2026-Q1");
  };
  if (text.size() != 7 || text[4] != '-' || !ParseInt(text.substr(0, 4), p.year) || p.year < 1900 ||
      p.year > 2999)
    return bad();
  if (text[5] == 'Q') {
    if (!ParseInt(text.substr(6, 1), p.quarter) || p.quarter < 1 || p.quarter > 4) return bad();
  } else if (!ParseInt(text.substr(5, 2), p.month) || p.month < 1 || p.month > 12) {
    return bad();
  }
  return p;
}

Result<std::int64_t> ParseTimestamp(std::string_view text) {
  int hh = 0, mm = 0, ss = 0;
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z' ||
      !ParseInt(text.substr(11, 2), hh) || !ParseInt(text.substr(14, 2), mm) ||
      !ParseInt(text.substr(17, 2), ss) || hh > 23 || mm > 59 || ss > 60)
    return Status::Invalid(Quoted(text) + " is not a UTC time like 2026-03-31T09:30:00Z");
  auto d = ParseDate(text.substr(0, 10));
  if (!d.ok()) return d.status();
  return d->DaysSinceEpoch() * 86400 + hh * 3600 + mm * 60 + ss;
}

std::string FormatTimestamp(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  std::int64_t rest = unix_seconds - days * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", Date::FromDaysSinceEpoch(days).ToString().c_str(),
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return buf;
}

std::int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsTimeZone(std::string_view zone) {
  if (zone.empty() || zone.size() > 64) return false;
  try {
    return date::locate_zone(std::string(zone)) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

std::string MonthOf(Date d) {
  char buf[32];  // room for any two ints, so -Wformat-truncation has nothing to say
  std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
  return buf;
}

std::string AddMonths(std::string_view month, int delta) {
  const int index = std::stoi(std::string(month.substr(0, 4))) * 12 + std::stoi(std::string(month.substr(5, 2))) - 1 + delta;
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  return MonthOf(Date{year, index - year * 12 + 1, 1});
}

}  // namespace salesdesk
