// Adapter over the C library's iconv(3) (glibc: in libc, no extra dependency). This is
// the only file in salesdesk that calls iconv.
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

#include "io/encoding.h"

namespace salesdesk::io::internal {
namespace {

struct IconvCloser {
  void operator()(iconv_t cd) const { iconv_close(cd); }
};
// iconv_t is a pointer type in glibc; unique_ptr gives it RAII.
using IconvHandle = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser>;

IconvHandle OpenGb18030ToUtf8() {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  // (iconv_t)-1 is how POSIX reports failure.
  if (cd == reinterpret_cast<iconv_t>(-1)) return nullptr;  // NOLINT(performance-no-int-to-ptr)
  return IconvHandle(cd);
}

// End of the run of ASCII bytes starting at `i`. In GB18030 a byte below 0x80 that is
// not inside a multi-byte character is that ASCII character.
std::size_t AsciiRunEnd(std::string_view bytes, std::size_t i) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  for (std::uint64_t word; i + 8 <= bytes.size(); i += 8) {
    std::memcpy(&word, bytes.data() + i, 8);
    if ((word & kHighBits) != 0) break;
  }
  while (i < bytes.size() && static_cast<unsigned char>(bytes[i]) < 0x80) ++i;
  return i;
}

// End of the run of multi-byte characters starting at `i`: a lead byte (>= 0x80) opens a
// four-byte character when a digit follows, else a two-byte one. Ill-formed bytes only
// shape the run; iconv rejects them.
std::size_t MultiByteRunEnd(std::string_view bytes, std::size_t i) {
  const std::size_t n = bytes.size();
  while (i < n && static_cast<unsigned char>(bytes[i]) >= 0x80) {
    const bool four = i + 1 < n && bytes[i + 1] >= '0' && bytes[i + 1] <= '9';
    i = std::min(n, i + (four ? 4 : 2));
  }
  return i;
}

// Converts one run of multi-byte characters, appending at out[written]; grows `out` when
// needed. Fails with the offset (within `bytes`) of an undecodable sequence.
Status ConvertRun(iconv_t cd, std::string_view bytes, std::size_t begin, std::size_t end,
                  std::string& out, std::size_t& written) {
  // POSIX iconv takes a non-const input pointer but does not write through it.
  char* in = const_cast<char*>(bytes.data() + begin);
  std::size_t in_left = end - begin;
  while (in_left > 0) {
    char* o = out.data() + written;
    std::size_t o_left = out.size() - written;
    const std::size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
    written = static_cast<std::size_t>(o - out.data());
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const char* what =
        errno == EINVAL ? "GB18030 text ends in the middle of a character" : "not valid GB18030";
    return Status::Invalid("byte offset " + std::to_string(in - bytes.data()) + ": " + what);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> DecodeGb18030ToUtf8(std::string_view bytes) {
  IconvHandle cd = OpenGb18030ToUtf8();
  if (!cd) return Status::Internal("iconv cannot convert GB18030 to UTF-8 on this system");
  // GB18030 needs at most 1.5 output bytes per input byte (2 -> 3, 4 -> 4); grown if not.
  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  std::size_t written = 0;
  // ASCII runs are copied as they are; iconv sees only the multi-byte runs (it is slow).
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t ascii_end = AsciiRunEnd(bytes, i);
    if (written + (ascii_end - i) > out.size()) out.resize(written + (ascii_end - i));
    std::memcpy(out.data() + written, bytes.data() + i, ascii_end - i);
    written += ascii_end - i;
    const std::size_t run_end = MultiByteRunEnd(bytes, ascii_end);
    if (run_end > ascii_end) {
      SD_RETURN_IF_ERROR(ConvertRun(cd.get(), bytes, ascii_end, run_end, out, written));
    }
    i = run_end;
  }
  out.resize(written);
  constexpr std::string_view kBom = "\xEF\xBB\xBF";  // U+FEFF, GB18030 84 31 95 33
  if (std::string_view(out).starts_with(kBom)) out.erase(0, kBom.size());
  return out;
}

}  // namespace salesdesk::io::internal
