#include "io/encoding.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "io/csv.h"

namespace salesdesk::io {
namespace internal {
namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed multi-byte sequence starting at `p` (lead byte >= 0x80), or
// 0 when it is ill-formed. `avail` counts the bytes left from `p` (>= 1).
std::size_t MultiByteLength(const unsigned char* p, std::size_t avail) {
  const unsigned char lead = p[0];
  std::size_t len = 0;
  unsigned char lo = 0x80;  // allowed range of the second byte (RFC 3629, table 3-7)
  unsigned char hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;  // overlong
    if (lead == 0xED) hi = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;  // overlong
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (avail < len || p[1] < lo || p[1] > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!IsContinuation(p[k])) return 0;
  }
  return len;
}

// Writes code point `cp` (a scalar value) as UTF-8 at `out`; returns the end.
char* AppendUtf8(std::uint32_t cp, char* out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::uint32_t Unit16(const unsigned char* p) { return p[0] | (std::uint32_t{p[1]} << 8); }

Status BadByte(std::size_t offset, const char* what) {
  return Status::Invalid("byte offset " + std::to_string(offset) + ": " + what);
}

}  // namespace

std::size_t FindInvalidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // Sales files are mostly ASCII: skip eight ASCII bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = MultiByteLength(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return kValidUtf8;
}

namespace {

// End of the run of ASCII code units starting at unit `u`, taking four units at a time
// (a fast path: sales files are mostly ASCII); may stop short of the true end.
std::size_t AsciiUnitsEnd(const unsigned char* p, std::size_t u, std::size_t units) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kNonAscii = 0xFF80FF80FF80FF80ULL;
    for (std::uint64_t word; u + 4 <= units; u += 4) {
      std::memcpy(&word, p + 2 * u, 8);
      if ((word & kNonAscii) != 0) break;
    }
  }
  return u;
}

bool IsHighSurrogate(std::uint32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool IsLowSurrogate(std::uint32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// Checks UTF-16LE `bytes` and returns the length of their UTF-8 form, so that the output
// is allocated once at its exact size.
Result<std::size_t> Utf16Utf8Length(std::string_view bytes, std::size_t base_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t units = bytes.size() / 2;
  std::size_t length = 0;
  for (std::size_t u = 0; u < units; ++u) {
    const std::size_t ascii_end = AsciiUnitsEnd(p, u, units);
    length += ascii_end - u;
    u = ascii_end;
    if (u == units) break;
    const std::uint32_t unit = Unit16(p + 2 * u);
    if (IsLowSurrogate(unit)) {
      return BadByte(base_offset + 2 * u, "UTF-16 low surrogate without a high surrogate");
    }
    if (IsHighSurrogate(unit)) {
      if (u + 1 == units || !IsLowSurrogate(Unit16(p + 2 * (u + 1)))) {
        return BadByte(base_offset + 2 * u, "UTF-16 high surrogate without a low surrogate");
      }
      ++u;
      length += 4;
      continue;
    }
    length += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
  }
  if (bytes.size() % 2 != 0) {
    return BadByte(base_offset + bytes.size() - 1, "UTF-16 text ends in the middle of a unit");
  }
  return length;
}

}  // namespace

Result<std::string> DecodeUtf16LeToUtf8(std::string_view bytes, std::size_t base_offset) {
  SD_ASSIGN_OR_RETURN(const std::size_t length, Utf16Utf8Length(bytes, base_offset));
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t units = bytes.size() / 2;
  std::string out(length, '\0');
  char* w = out.data();
  for (std::size_t u = 0; u < units; ++u) {  // well-formed: checked above
    const std::size_t ascii_end = AsciiUnitsEnd(p, u, units);
    for (; u < ascii_end; ++u) *w++ = static_cast<char>(p[2 * u]);
    if (u == units) break;
    std::uint32_t cp = Unit16(p + 2 * u);
    if (IsHighSurrogate(cp)) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (Unit16(p + 2 * (u + 1)) - 0xDC00);
      ++u;
    }
    w = AppendUtf8(cp, w);
  }
  return out;
}

}  // namespace internal

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";

}  // namespace

TextEncoding DetectEncoding(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) return TextEncoding::kUtf8;
  if (bytes.starts_with(kUtf16LeBom)) return TextEncoding::kUtf16Le;
  return internal::FindInvalidUtf8(bytes) == internal::kValidUtf8 ? TextEncoding::kUtf8
                                                                  : TextEncoding::kGb18030;
}

Result<std::string> DecodeToUtf8(std::string_view bytes, TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8: {
      const std::size_t bom = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
      const std::string_view text = bytes.substr(bom);
      const std::size_t bad = internal::FindInvalidUtf8(text);
      if (bad != internal::kValidUtf8) {
        return Status::Invalid("byte offset " + std::to_string(bom + bad) + ": not valid UTF-8");
      }
      return std::string(text);
    }
    case TextEncoding::kUtf16Le: {
      const std::size_t bom = bytes.starts_with(kUtf16LeBom) ? kUtf16LeBom.size() : 0;
      return internal::DecodeUtf16LeToUtf8(bytes.substr(bom), bom);
    }
    case TextEncoding::kGb18030:
      return internal::DecodeGb18030ToUtf8(bytes);
  }
  return Status::Internal("unknown text encoding");
}

}  // namespace salesdesk::io
