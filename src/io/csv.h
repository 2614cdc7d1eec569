// CSV as spreadsheets and other systems write it: RFC 4180 (quoted fields may hold
// delimiters, doubled quotes and newlines), in UTF-8 with or without a BOM, UTF-16LE
// (with BOM), or GB18030/GBK (what Excel writes on Chinese Windows); delimited by comma,
// semicolon or tab. Everything is decoded to UTF-8 before parsing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace salesdesk::io {

enum class TextEncoding { kUtf8, kUtf16Le, kGb18030 };

// Guesses the encoding of `bytes`: a UTF-8 or UTF-16LE BOM decides; otherwise valid UTF-8
// is UTF-8 and anything else is taken as GB18030 (a superset of GBK and GB2312).
TextEncoding DetectEncoding(std::string_view bytes);

// Decodes `bytes` in `encoding` to UTF-8, dropping a leading BOM. Fails with the byte
// offset of the first undecodable sequence.
Result<std::string> DecodeToUtf8(std::string_view bytes, TextEncoding encoding);

// Picks the delimiter (',' ';' or '\t') that splits the header line (outside quotes)
// into the most fields; ',' when there is a tie or no header. Ties between ';' and '\t'
// go to ';'. The header is the first non-blank row, read as CsvReader reads it.
char DetectDelimiter(std::string_view utf8_text);

// One parsed row: its fields and the 1-based physical line on which it starts (a quoted
// newline makes a row span several lines; errors must name the line a user sees).
struct CsvRow {
  std::vector<std::string> fields;
  std::int64_t line = 0;
};

// Streaming RFC 4180 reader over UTF-8 text that outlives the reader.
// Accepts CRLF, LF or CR line ends; a blank line is skipped. A quote inside an unquoted
// field is taken literally; an unterminated quoted field is an error naming its line.
class CsvReader {
 public:
  CsvReader(std::string_view utf8_text, char delimiter);
  // Reads the next row into `row`. Returns false at the end of input (row untouched) or on
  // a syntax error (then status() is not OK and row holds the fields read so far).
  // `delimiter` must not be '"', CR or LF. Not thread-safe.
  bool Next(CsvRow& row);
  const Status& status() const { return status_; }

 private:
  void SkipBlankLines();
  void ConsumeLineEnd();
  std::size_t PlainFieldEnd() const;
  bool ReadField(std::vector<std::string>& fields, bool& more);
  bool ReadQuoted(std::string& field);

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  Status status_;
};

// Reads a whole file's bytes: detects the encoding and the delimiter, decodes, and parses
// every row. The first row is the header; `rows` holds the rest (row lengths may differ
// from the header's: checking them is the caller's business). Errors name the line, or
// the byte offset when the bytes cannot be decoded. Valid UTF-8 input is parsed in place.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  TextEncoding encoding = TextEncoding::kUtf8;
  char delimiter = ',';
};
Result<CsvTable> ParseCsv(std::string_view bytes);

// Writes RFC 4180 CSV (comma, CRLF-free "\n" line ends, UTF-8 without BOM). Quotes a field
// when it holds the delimiter, a quote, CR or LF, and also ';' or a tab, so that
// DetectDelimiter keeps choosing ',' when the output is read back. A field that a
// spreadsheet would run as a formula (first character = + - @, or a tab or CR) is
// neutralised by a leading apostrophe, as OWASP recommends, unless `is_number` says the
// cell is a plain number such as -12.5 (then it is written as is). is_number is honoured
// only for text shaped like a number ([+-]digits with '.' or ',', optional exponent), so a
// mislabelled cell cannot smuggle a formula through. A row made of one empty field is
// written as "" so that it is not read back as a blank line. Appends to `*out`, which
// must outlive the writer. Not thread-safe.
class CsvWriter {
 public:
  explicit CsvWriter(std::string* out) : out_(out) {}
  // Appends one cell to the current row.
  void Field(std::string_view value, bool is_number = false);
  // Ends the current row with "\n"; a row with no Field() call becomes a blank line.
  void EndRow();

 private:
  std::string* out_;
  bool first_in_row_ = true;
  bool row_blank_ = true;  // nothing written for the current row yet
};

}  // namespace salesdesk::io
