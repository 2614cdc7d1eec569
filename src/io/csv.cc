#include "io/csv.h"

#include <bit>
#include <cstring>
#include <utility>

#include "io/encoding.h"

namespace salesdesk::io {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Line breaks in `s`, counting CRLF, LF and a lone CR as one each. A CR at the end of
// `s` counts: callers cut at a quote, so it cannot be the first half of a CRLF.
std::int64_t CountLineBreaks(std::string_view s) {
  std::int64_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool lone_cr = s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n');
    if (s[i] == '\n' || lone_cr) ++count;
  }
  return count;
}

constexpr std::uint64_t kEachByte = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// High bit set in each byte of `x` that is zero. Bytes above a true zero may be flagged
// falsely (borrow), so only the lowest flag is exact -- all FirstStopByte needs.
std::uint64_t ZeroBytes(std::uint64_t x) { return (x - kEachByte) & ~x & kHighBits; }

// Index (0-7) of the first byte of little-endian `word` that is the delimiter (broadcast
// into every byte of `delimiter`), LF or CR; 8 when there is none.
std::size_t FirstStopByte(std::uint64_t word, std::uint64_t delimiter) {
  const std::uint64_t stops = ZeroBytes(word ^ delimiter) | ZeroBytes(word ^ (kEachByte * '\n')) |
                              ZeroBytes(word ^ (kEachByte * '\r'));
  return static_cast<std::size_t>(std::countr_zero(stops)) / 8;
}

std::string LinePrefix(std::int64_t line) { return "line " + std::to_string(line) + ": "; }

}  // namespace

// ---------------------------------------------------------------------------- reader

CsvReader::CsvReader(std::string_view utf8_text, char delimiter)
    : text_(utf8_text), delimiter_(delimiter) {}

bool CsvReader::Next(CsvRow& row) {
  if (!status_.ok()) return false;
  SkipBlankLines();
  if (pos_ >= text_.size()) return false;
  row.fields.clear();
  row.line = line_;
  bool more = true;
  while (more) {
    if (!ReadField(row.fields, more)) return false;
  }
  return true;
}

void CsvReader::SkipBlankLines() {
  while (pos_ < text_.size() && (text_[pos_] == '\r' || text_[pos_] == '\n')) {
    ConsumeLineEnd();
  }
}

// Consumes CRLF, LF or CR at pos_, if any, and counts the line.
void CsvReader::ConsumeLineEnd() {
  if (pos_ >= text_.size()) return;
  if (text_[pos_] == '\r') {
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  } else if (text_[pos_] == '\n') {
    ++pos_;
  } else {
    return;
  }
  ++line_;
}

// Position of the delimiter or line end that closes the unquoted text starting at pos_.
// Scans eight bytes per step (SWAR); this loop is most of the parse time of a big file.
std::size_t CsvReader::PlainFieldEnd() const {
  const char* const data = text_.data();
  const std::size_t size = text_.size();
  std::size_t i = pos_;
  if constexpr (std::endian::native == std::endian::little) {
    const std::uint64_t delimiter = kEachByte * static_cast<unsigned char>(delimiter_);
    for (; i + 8 <= size; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, data + i, 8);
      const std::size_t hit = FirstStopByte(word, delimiter);
      if (hit < 8) return i + hit;
    }
  }
  while (i < size && data[i] != delimiter_ && data[i] != '\n' && data[i] != '\r') ++i;
  return i;
}

// Reads the field at pos_ and what follows it: sets `more` after a delimiter, otherwise
// consumes the line end. Text after a closing quote is kept literally ("ab"c -> abc), as
// spreadsheets do.
bool CsvReader::ReadField(std::vector<std::string>& fields, bool& more) {
  if (pos_ < text_.size() && text_[pos_] == '"') {
    std::string& field = fields.emplace_back();
    if (!ReadQuoted(field)) return false;
    const std::size_t end = PlainFieldEnd();
    field.append(text_.substr(pos_, end - pos_));
    pos_ = end;
  } else {
    const std::size_t end = PlainFieldEnd();
    fields.emplace_back(text_.substr(pos_, end - pos_));
    pos_ = end;
  }
  more = pos_ < text_.size() && text_[pos_] == delimiter_;
  if (more) {
    ++pos_;
  } else {
    ConsumeLineEnd();
  }
  return true;
}

// Reads a quoted field whose opening quote is at pos_, leaving pos_ after the closing one.
bool CsvReader::ReadQuoted(std::string& field) {
  const std::int64_t start_line = line_;
  ++pos_;
  while (true) {
    const std::size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      status_ = Status::Invalid(LinePrefix(start_line) +
                                "a quoted field starts here but its closing quote is missing");
      return false;
    }
    const std::string_view chunk = text_.substr(pos_, quote - pos_);
    field.append(chunk);
    line_ += CountLineBreaks(chunk);
    pos_ = quote + 1;
    if (pos_ >= text_.size() || text_[pos_] != '"') return true;
    field.push_back('"');  // "" inside quotes is one quote
    ++pos_;
  }
}

// ---------------------------------------------------------------------------- detection

char DetectDelimiter(std::string_view utf8_text) {
  char best = ',';
  std::size_t best_fields = 0;
  for (const char candidate : {',', ';', '\t'}) {
    CsvReader reader(utf8_text, candidate);
    CsvRow header;
    const std::size_t fields = reader.Next(header) ? header.fields.size() : 0;
    if (fields > best_fields) {
      best = candidate;
      best_fields = fields;
    }
  }
  return best;
}

namespace {

// Makes `text` view the UTF-8 form of `bytes` without its BOM. Valid UTF-8 is viewed in
// place; other encodings are decoded into `storage`.
Status DecodeForParsing(std::string_view bytes, TextEncoding encoding, std::string& storage,
                        std::string_view& text) {
  if (encoding == TextEncoding::kUtf8) {
    if (!bytes.starts_with(kUtf8Bom)) {  // DetectEncoding has validated it already
      text = bytes;
      return Status::Ok();
    }
    const std::size_t bad = internal::FindInvalidUtf8(bytes.substr(kUtf8Bom.size()));
    if (bad != internal::kValidUtf8) {
      return Status::Invalid("byte offset " + std::to_string(bad + kUtf8Bom.size()) +
                             ": not valid UTF-8 although the file starts with a UTF-8 BOM");
    }
    text = bytes.substr(kUtf8Bom.size());
    return Status::Ok();
  }
  Result<std::string> decoded = DecodeToUtf8(bytes, encoding);
  if (!decoded.ok()) {
    if (encoding != TextEncoding::kGb18030) return decoded.status();
    const std::size_t bad = internal::FindInvalidUtf8(bytes);
    return Status::Invalid("the file is neither UTF-8 (byte offset " + std::to_string(bad) +
                           ": not valid UTF-8) nor GB18030/GBK (" + decoded.status().message() +
                           ")");
  }
  storage = std::move(decoded).value();
  text = storage;
  return Status::Ok();
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view bytes) {
  CsvTable table;
  table.encoding = DetectEncoding(bytes);
  std::string storage;
  std::string_view text;
  SD_RETURN_IF_ERROR(DecodeForParsing(bytes, table.encoding, storage, text));
  table.delimiter = DetectDelimiter(text);

  CsvReader reader(text, table.delimiter);
  CsvRow row;
  if (reader.Next(row)) {
    table.header = std::move(row.fields);
    row = CsvRow{};
    row.fields.reserve(table.header.size());
    while (reader.Next(row)) {
      table.rows.push_back(std::move(row));
      row = CsvRow{};
      row.fields.reserve(table.header.size());
    }
  }
  if (!reader.status().ok()) return reader.status();
  return table;
}

// ---------------------------------------------------------------------------- writer

namespace {

constexpr std::string_view kNeedsQuotes = ",\"\r\n;\t";

bool IsFormulaTrigger(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Consumes a run of digits from `s` at `i`; returns whether there was at least one.
bool SkipDigits(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i > start;
}

// [+-]? [0-9.,]* with at least one digit, then optionally [eE][+-]?[0-9]+.
bool IsPlainNumber(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool digits = false;
  for (; i < s.size() && (IsDigit(s[i]) || s[i] == '.' || s[i] == ','); ++i) {
    digits = digits || IsDigit(s[i]);
  }
  if (!digits) return false;
  if (i == s.size()) return true;
  if (s[i] != 'e' && s[i] != 'E') return false;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  return SkipDigits(s, i) && i == s.size();
}

// Appends `value` with every quote doubled.
void AppendEscaped(std::string_view value, std::string& out) {
  std::size_t from = 0;
  for (std::size_t q = value.find('"'); q != std::string_view::npos; q = value.find('"', from)) {
    out.append(value.substr(from, q + 1 - from));
    out.push_back('"');
    from = q + 1;
  }
  out.append(value.substr(from));
}

}  // namespace

void CsvWriter::Field(std::string_view value, bool is_number) {
  const std::size_t before = out_->size();
  if (!first_in_row_) out_->push_back(',');
  first_in_row_ = false;
  const bool neutralise =
      !value.empty() && IsFormulaTrigger(value[0]) && !(is_number && IsPlainNumber(value));
  const bool quote = value.find_first_of(kNeedsQuotes) != std::string_view::npos;
  if (quote) out_->push_back('"');
  if (neutralise) out_->push_back('\'');
  if (quote) {
    AppendEscaped(value, *out_);
    out_->push_back('"');
  } else {
    out_->append(value);
  }
  if (out_->size() != before) row_blank_ = false;
}

void CsvWriter::EndRow() {
  if (!first_in_row_ && row_blank_) out_->append("\"\"");
  out_->push_back('\n');
  first_in_row_ = true;
  row_blank_ = true;
}

}  // namespace salesdesk::io
