// Calendar dates, sales periods and time zones. Dates are civil (no zone): a sale on
// 2026-03-31 belongs to March wherever it is read. Instants are UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace salesdesk {

// A civil date.
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const Date&) const = default;
  std::string ToString() const;  // YYYY-MM-DD
  std::int64_t DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(std::int64_t days);
};

// Parses YYYY-MM-DD (years 1900..2999), rejecting impossible days such as 2026-02-30.
Result<Date> ParseDate(std::string_view text);

// A month or a quarter: "2026-03" or "2026-Q1". [first, last] are the days it covers.
struct Period {
  int year = 1970;
  int quarter = 0;  // 1..4 for a quarter, 0 for a month
  int month = 0;    // 1..12 for a month
  Date First() const;
  Date Last() const;
  std::string ToString() const;
};
Result<Period> ParsePeriod(std::string_view text);

// "YYYY-MM" of the month holding `d`.
std::string MonthOf(Date d);
// "YYYY-MM" of the month `delta` months after `month` ("YYYY-MM"; delta may be negative).
std::string AddMonths(std::string_view month, int delta);

// Parses YYYY-MM-DDTHH:MM:SSZ (UTC); returns seconds since the Unix epoch.
Result<std::int64_t> ParseTimestamp(std::string_view text);
std::string FormatTimestamp(std::int64_t unix_seconds);
std::int64_t NowUnixSeconds();

// True when `zone` names an IANA time zone in the tz database ("Asia/Shanghai").
bool IsTimeZone(std::string_view zone);

}  // namespace salesdesk
