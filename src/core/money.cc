#include "core/money.h"

#include <cmath>
#include <cstdlib>

namespace salesdesk {

int CurrencyMinorDigits(std::string_view currency) {
  static constexpr std::string_view kZero[] = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XOF", "XAF"};
  static constexpr std::string_view kThree[] = {"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"};
  for (auto c : kZero)
    if (c == currency) return 0;
  for (auto c : kThree)
    if (c == currency) return 3;
  return 2;
}

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

Result<std::int64_t> ParseMoney(std::string_view text, std::string_view currency) {
  const int digits = CurrencyMinorDigits(currency);
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::int64_t whole = 0;
  int whole_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
    if (whole > 900'000'000'000'000 / 10) return Status::Invalid("amount is too large");
    whole = whole * 10 + (text[i] - '0');
  }
  std::int64_t frac = 0;
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits >= digits) {
        if (text[i] != '0')
          return Status::Invalid("has more than " + std::to_string(digits) +
                                 " decimal places for " + std::string(currency));
        continue;
      }
      frac = frac * 10 + (text[i] - '0');
    }
  }
  if (i != text.size() || (whole_digits == 0 && frac_digits == 0)) {
    std::string message = "'";  // built by appending: "'" + std::string trips GCC 12's -Wrestrict at -O3
    message.append(text).append("' is not a number like 1234.50");
    return Status::Invalid(message);
  }
  for (int d = std::min(frac_digits, digits); d < digits; ++d) frac *= 10;
  std::int64_t scale = 1;
  for (int d = 0; d < digits; ++d) scale *= 10;
  if (whole > 9'000'000'000'000'000 / scale) return Status::Invalid("amount is too large");
  std::int64_t minor = whole * scale + frac;
  return negative ? -minor : minor;
}

std::string FormatMoney(std::int64_t minor, std::string_view currency) {
  const int digits = CurrencyMinorDigits(currency);
  const bool negative = minor < 0;
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::uint64_t scale = 1;
  for (int d = 0; d < digits; ++d) scale *= 10;
  std::string out = negative ? "-" : "";
  out += std::to_string(v / scale);
  if (digits > 0) {
    std::string frac = std::to_string(v % scale);
    out += '.';
    out.append(digits - frac.size(), '0');
    out += frac;
  }
  return out;
}

double MoneyToMajor(std::int64_t minor, std::string_view currency) {
  return static_cast<double>(minor) / std::pow(10.0, CurrencyMinorDigits(currency));
}

}  // namespace salesdesk
