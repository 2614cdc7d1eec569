// Money: an integer number of minor units (cents, fen) plus an ISO 4217 currency code.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace salesdesk {

// Digits after the decimal point for `currency` (2 for most; 0 for JPY, KRW, ...).
int CurrencyMinorDigits(std::string_view currency);

// True when `code` is three ASCII capital letters.
bool IsCurrencyCode(std::string_view code);

// Parses a decimal amount written by a person or a spreadsheet ("1234.5", "-12",
// "1,234.50" is rejected: thousands separators are ambiguous across locales) into minor
// units of `currency`. Rejects more fractional digits than the currency has, and values
// beyond ±9e15 minor units.
Result<std::int64_t> ParseMoney(std::string_view text, std::string_view currency);

// Minor units to a plain decimal string: 123450 CNY -> "1234.50".
std::string FormatMoney(std::int64_t minor, std::string_view currency);

// Minor units to major units as a double, for charts and JSON numbers.
double MoneyToMajor(std::int64_t minor, std::string_view currency);

}  // namespace salesdesk
