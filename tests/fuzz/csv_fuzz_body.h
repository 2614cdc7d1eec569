// The CSV fuzz check, shared by the libFuzzer target (csv_fuzz.cc) and the corpus replay
// test (src/io/csv_corpus_test.cc) so that the seed corpus also runs under `ctest`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv.h"

namespace salesdesk::io::fuzz {

// Writes `table` (header, then rows) with CsvWriter; `is_number` is passed for every cell.
inline std::string WriteTable(const CsvTable& table, bool is_number) {
  std::string out;
  CsvWriter writer(&out);
  auto write_row = [&](const std::vector<std::string>& fields) {
    for (const std::string& field : fields) writer.Field(field, is_number);
    writer.EndRow();
  };
  if (!table.header.empty()) write_row(table.header);
  for (const CsvRow& row : table.rows) write_row(row.fields);
  return out;
}

// Whether `got` is what the writer should have produced from `want`: the same text, or
// the text behind an apostrophe when `want` starts like a formula.
inline bool SameCell(const std::string& want, const std::string& got) {
  if (got == want) return true;
  const bool trigger =
      !want.empty() && std::string_view("=+-@\t\r").find(want[0]) != std::string_view::npos;
  return trigger && got.size() == want.size() + 1 && got[0] == '\'' &&
         std::string_view(got).substr(1) == want;
}

// Empty when row `index` came back as written, else what differs.
inline std::string CompareRows(const std::vector<std::string>& want,
                               const std::vector<std::string>& got, std::size_t index) {
  if (want.size() != got.size()) {
    return "row " + std::to_string(index) + ": " + std::to_string(want.size()) + " fields became " +
           std::to_string(got.size());
  }
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!SameCell(want[i], got[i])) {
      return "row " + std::to_string(index) + " field " + std::to_string(i) + ": [" + want[i] +
             "] came back as [" + got[i] + "]";
    }
  }
  return {};
}

// Reads `text` as comma-separated CSV: the header, then the other rows.
inline bool ReadBack(std::string_view text, CsvTable& table) {
  CsvReader reader(text, ',');
  CsvRow row;
  if (reader.Next(row)) table.header = row.fields;
  while (reader.Next(row)) table.rows.push_back(row);
  return reader.status().ok();
}

// Writes `table`, reads the output back with ',' and compares every cell. (ParseCsv's
// delimiter detection is a heuristic: crafted cells can make ';' or tab split the header
// of the output more often, so the round trip reads with the writer's delimiter.)
inline std::string CheckRoundTrip(const CsvTable& table, bool is_number) {
  const std::string written = WriteTable(table, is_number);
  // The cells are UTF-8 and the writer adds only ASCII.
  if (!DecodeToUtf8(written, TextEncoding::kUtf8).ok()) return "writer output is not UTF-8";
  CsvTable again;
  if (!ReadBack(written, again)) return "writer output does not parse";
  if (again.rows.size() != table.rows.size()) return "row count changed in the round trip";
  std::string problem = CompareRows(table.header, again.header, 0);
  for (std::size_t r = 0; problem.empty() && r < table.rows.size(); ++r) {
    problem = CompareRows(table.rows[r].fields, again.rows[r].fields, r + 1);
  }
  (void)ParseCsv(written);  // must not crash either way
  return problem;
}

// Every explicit decoding must either fail or yield valid UTF-8.
inline std::string CheckDecoders(std::string_view bytes) {
  for (TextEncoding encoding :
       {TextEncoding::kUtf8, TextEncoding::kUtf16Le, TextEncoding::kGb18030}) {
    const Result<std::string> text = DecodeToUtf8(bytes, encoding);
    if (text.ok() && !DecodeToUtf8(*text, TextEncoding::kUtf8).ok()) {
      return "decoder " + std::to_string(static_cast<int>(encoding)) + " produced bad UTF-8";
    }
  }
  return {};
}

// Runs one input through the decoders, ParseCsv and a writer round trip (with and without
// is_number). Returns an empty string when every invariant holds, else what broke. Must
// never crash, whatever the bytes.
inline std::string CheckCsvInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string problem = CheckDecoders(bytes);
  if (!problem.empty()) return problem;
  const Result<CsvTable> table = ParseCsv(bytes);
  if (!table.ok()) return {};  // rejecting bad input is fine; crashing is not
  problem = CheckRoundTrip(*table, false);
  if (problem.empty()) problem = CheckRoundTrip(*table, true);
  return problem;
}

}  // namespace salesdesk::io::fuzz
