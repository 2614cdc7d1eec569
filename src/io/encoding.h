// Byte-level text decoding used by the CSV reader: UTF-8 validation and decoders from
// UTF-16LE and GB18030 to UTF-8. Internal to the io module; callers outside io use
// DetectEncoding / DecodeToUtf8 in io/csv.h. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace salesdesk::io::internal {

// Returned by FindInvalidUtf8 when the text is well-formed.
inline constexpr std::size_t kValidUtf8 = static_cast<std::size_t>(-1);

// Returns the offset of the first byte of the first ill-formed UTF-8 sequence in `bytes`
// (overlong forms, surrogates, code points above U+10FFFF and truncated sequences are
// ill-formed, per RFC 3629), or kValidUtf8 when the whole text is well-formed.
std::size_t FindInvalidUtf8(std::string_view bytes);

// Decodes UTF-16LE code units (no BOM) to UTF-8. Surrogate pairs become one 4-byte
// sequence; a lone surrogate or an odd trailing byte is an error naming its byte offset,
// counted from `base_offset` (the position of `bytes` within the caller's input).
Result<std::string> DecodeUtf16LeToUtf8(std::string_view bytes, std::size_t base_offset);

// Decodes GB18030 (hence GBK and GB2312) to UTF-8 through the C library's iconv; the
// only place iconv is used (gb18030_iconv.cc). A leading GB18030 BOM is dropped. An
// undecodable or truncated sequence is an error naming its byte offset in `bytes`.
Result<std::string> DecodeGb18030ToUtf8(std::string_view bytes);

}  // namespace salesdesk::io::internal
