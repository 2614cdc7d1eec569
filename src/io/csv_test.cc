#include "io/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace salesdesk::io {
namespace {

using Fields = std::vector<std::string>;

// Reads every row of `text` with `delimiter`; fails the test on a syntax error.
std::vector<CsvRow> ReadAll(std::string_view text, char delimiter = ',') {
  CsvReader reader(text, delimiter);
  std::vector<CsvRow> rows;
  CsvRow row;
  while (reader.Next(row)) rows.push_back(row);
  EXPECT_TRUE(reader.status().ok()) << reader.status().ToString();
  return rows;
}

std::vector<Fields> FieldsOf(const std::vector<CsvRow>& rows) {
  std::vector<Fields> out;
  out.reserve(rows.size());
  for (const CsvRow& row : rows) out.push_back(row.fields);
  return out;
}

std::vector<std::int64_t> LinesOf(const std::vector<CsvRow>& rows) {
  std::vector<std::int64_t> out;
  out.reserve(rows.size());
  for (const CsvRow& row : rows) out.push_back(row.line);
  return out;
}

// ------------------------------------------------------------------ RFC 4180 reading

TEST(CsvReader, SplitsPlainFields) {
  EXPECT_EQ(FieldsOf(ReadAll("name,amount\nAcme,100\n")),
            (std::vector<Fields>{{"name", "amount"}, {"Acme", "100"}}));
}

TEST(CsvReader, LastLineMayLackALineEnd) {
  EXPECT_EQ(FieldsOf(ReadAll("a,b\nc,d")), (std::vector<Fields>{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvReader, KeepsEmptyFieldsAndSpaces) {
  EXPECT_EQ(FieldsOf(ReadAll("a,,c\n,\n x , y \na,\n")),
            (std::vector<Fields>{{"a", "", "c"}, {"", ""}, {" x ", " y "}, {"a", ""}}));
}

TEST(CsvReader, QuotedFieldMayHoldDelimiters) {
  EXPECT_EQ(FieldsOf(ReadAll("\"Acme, Inc.\",5\n")), (std::vector<Fields>{{"Acme, Inc.", "5"}}));
  EXPECT_EQ(FieldsOf(ReadAll("\"a;b\";c\n", ';')), (std::vector<Fields>{{"a;b", "c"}}));
}

TEST(CsvReader, DoubledQuoteIsOneQuote) {
  EXPECT_EQ(FieldsOf(ReadAll("\"say \"\"hi\"\"\",\"\"\"\"\n")),
            (std::vector<Fields>{{"say \"hi\"", "\""}}));
}

TEST(CsvReader, EmptyQuotedFieldIsARowNotABlankLine) {
  EXPECT_EQ(FieldsOf(ReadAll("\"\"\n\"\",\"\"\n")), (std::vector<Fields>{{""}, {"", ""}}));
}

TEST(CsvReader, QuotedNewlinesAreKeptVerbatim) {
  const auto rows = ReadAll("\"a\nb\",\"c\r\nd\",\"e\rf\"\nnext\n");
  EXPECT_EQ(FieldsOf(rows), (std::vector<Fields>{{"a\nb", "c\r\nd", "e\rf"}, {"next"}}));
  EXPECT_EQ(LinesOf(rows), (std::vector<std::int64_t>{1, 5}));
}

TEST(CsvReader, AcceptsCrlfLfAndCrLineEnds) {
  const std::vector<Fields> want{{"a", "b"}, {"c", "d"}, {"e", "f"}};
  EXPECT_EQ(FieldsOf(ReadAll("a,b\r\nc,d\r\ne,f\r\n")), want);
  EXPECT_EQ(FieldsOf(ReadAll("a,b\nc,d\ne,f\n")), want);
  EXPECT_EQ(FieldsOf(ReadAll("a,b\rc,d\re,f\r")), want);
  EXPECT_EQ(FieldsOf(ReadAll("a,b\r\nc,d\ne,f\r")), want);
}

TEST(CsvReader, SkipsBlankLinesButCountsThem) {
  const auto rows = ReadAll("\n\r\nh1,h2\n\n\r\r\nx,y\r\n\n");
  EXPECT_EQ(FieldsOf(rows), (std::vector<Fields>{{"h1", "h2"}, {"x", "y"}}));
  EXPECT_EQ(LinesOf(rows), (std::vector<std::int64_t>{3, 7}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsLiteral) {
  EXPECT_EQ(FieldsOf(ReadAll("12\" pipe,a\"b\"\n")),
            (std::vector<Fields>{{"12\" pipe", "a\"b\""}}));
  EXPECT_EQ(FieldsOf(ReadAll(" \"x\",y\n")), (std::vector<Fields>{{" \"x\"", "y"}}));
}

TEST(CsvReader, TextAfterClosingQuoteIsKept) {
  EXPECT_EQ(FieldsOf(ReadAll("\"ab\"cd,e\n")), (std::vector<Fields>{{"abcd", "e"}}));
}

TEST(CsvReader, EmptyInputHasNoRows) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\n\r\n\r").empty());
}

TEST(CsvReader, LeavesRowUntouchedAtEnd) {
  CsvReader reader("a\n", ',');
  CsvRow row;
  ASSERT_TRUE(reader.Next(row));
  EXPECT_FALSE(reader.Next(row));
  EXPECT_TRUE(reader.status().ok());
  EXPECT_EQ(row.fields, Fields{"a"});
  EXPECT_EQ(row.line, 1);
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereTheFieldStarted) {
  CsvReader reader("h\n\"ok\nstill ok\"\nx,\"never\nclosed\n\n", ',');
  CsvRow row;
  ASSERT_TRUE(reader.Next(row));
  ASSERT_TRUE(reader.Next(row));
  EXPECT_EQ(row.line, 2);
  EXPECT_FALSE(reader.Next(row));
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(reader.status().message().find("line 4"), std::string::npos)
      << reader.status().message();
  EXPECT_FALSE(reader.Next(row));  // stays failed
}

TEST(CsvReader, TabDelimiter) {
  EXPECT_EQ(FieldsOf(ReadAll("a\tb,c\t\"d\te\"\n", '\t')),
            (std::vector<Fields>{{"a", "b,c", "d\te"}}));
}

// ------------------------------------------------------------------ delimiter detection

TEST(DetectDelimiter, PicksTheOneThatSplitsTheHeaderMost) {
  EXPECT_EQ(DetectDelimiter("name,amount,date\n1;2,3\n"), ',');
  EXPECT_EQ(DetectDelimiter("Kunde;Betrag;Datum\nA;1,5;2024\n"), ';');
  EXPECT_EQ(DetectDelimiter("name\tamount,usd\tdate\n"), '\t');
}

TEST(DetectDelimiter, IgnoresDelimitersInsideQuotes) {
  EXPECT_EQ(DetectDelimiter("\"a;b;c\",d\n"), ',');
  EXPECT_EQ(DetectDelimiter("\"a,b,c\";d;e\n"), ';');
  EXPECT_EQ(DetectDelimiter("\"x\ny,z\"\tq\n"), '\t');  // header spans two lines
}

TEST(DetectDelimiter, OnlyLooksAtTheHeader) {
  EXPECT_EQ(DetectDelimiter("a;b\n1,2,3,4,5\n"), ';');
  EXPECT_EQ(DetectDelimiter("\n\na\tb\n"), '\t');  // leading blank lines are not the header
}

TEST(DetectDelimiter, TiesAndNoHeaderGiveComma) {
  EXPECT_EQ(DetectDelimiter(""), ',');
  EXPECT_EQ(DetectDelimiter("single\n"), ',');
  EXPECT_EQ(DetectDelimiter("a,b;c\n"), ',');
  EXPECT_EQ(DetectDelimiter("a;b\tc\n"), ';');
}

// ------------------------------------------------------------------ encodings

// 客户 (customer) and 金额 (amount) in the encodings under test.
constexpr std::string_view kCustomerUtf8 = "\xE5\xAE\xA2\xE6\x88\xB7";
constexpr std::string_view kAmountUtf8 = "\xE9\x87\x91\xE9\xA2\x9D";
constexpr std::string_view kCustomerGbk = "\xBF\xCD\xBB\xA7";
constexpr std::string_view kAmountGbk = "\xBD\xF0\xB6\xEE";

std::string Utf8(std::string_view a, std::string_view sep, std::string_view b) {
  return std::string(a) + std::string(sep) + std::string(b);
}

TEST(DetectEncoding, BomOrValidityDecides) {
  EXPECT_EQ(DetectEncoding(""), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("plain,ascii\n"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding(Utf8(kCustomerUtf8, ",", kAmountUtf8)), TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF"
                           "a"),
            TextEncoding::kUtf8);
  EXPECT_EQ(DetectEncoding(std::string_view("\xFF\xFE"
                                            "a\0",
                                            4)),
            TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectEncoding(Utf8(kCustomerGbk, ",", kAmountGbk)), TextEncoding::kGb18030);
}

TEST(DecodeToUtf8, DropsUtf8Bom) {
  auto text = DecodeToUtf8(
      "\xEF\xBB\xBF"
      "a,b\n",
      TextEncoding::kUtf8);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "a,b\n");
}

TEST(DecodeToUtf8, RejectsIllFormedUtf8WithOffset) {
  const std::vector<std::pair<std::string_view, std::size_t>> cases{
      {"ab\xC0\xAF", 2},            // overlong '/'
      {"a\xED\xA0\x80", 1},         // surrogate D800
      {"abc\xF4\x90\x80\x80", 3},   // above U+10FFFF
      {"\xE5\xAE\xA2\xE6\x88", 3},  // truncated
      {"\xEF\xBB\xBF"
       "x\x80",
       4},  // offset counts the BOM
  };
  for (const auto& [bytes, offset] : cases) {
    auto text = DecodeToUtf8(bytes, TextEncoding::kUtf8);
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.status().message().find("byte offset " + std::to_string(offset)),
              std::string::npos)
        << text.status().message();
  }
}

TEST(DecodeToUtf8, DecodesGbkAndGb18030) {
  auto text = DecodeToUtf8(kCustomerGbk, TextEncoding::kGb18030);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, kCustomerUtf8);
  // Four-byte GB18030: U+00A9 and U+1F600; and the GB18030 BOM is dropped.
  text = DecodeToUtf8("\x84\x31\x95\x33\x81\x30\x84\x38\x94\x39\xFC\x36", TextEncoding::kGb18030);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "\xC2\xA9\xF0\x9F\x98\x80");
}

TEST(DecodeToUtf8, RejectsBadGb18030WithOffset) {
  auto text = DecodeToUtf8("ab\xBF\xCD\xFF\xFF", TextEncoding::kGb18030);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("byte offset 4"), std::string::npos)
      << text.status().message();
  text = DecodeToUtf8("ab\xBF", TextEncoding::kGb18030);  // truncated
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("byte offset 2"), std::string::npos)
      << text.status().message();
}

TEST(DecodeToUtf8, DecodesUtf16LeWithSurrogatePairs) {
  // BOM, "客户,😀\r\n"
  const std::string_view bytes("\xFF\xFE\xA2\x5B\x37\x62\x2C\x00\x3D\xD8\x00\xDE\x0D\x00\x0A\x00",
                               16);
  auto text = DecodeToUtf8(bytes, TextEncoding::kUtf16Le);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, std::string(kCustomerUtf8) + ",\xF0\x9F\x98\x80\r\n");
}

TEST(DecodeToUtf8, RejectsLoneSurrogatesAndOddLengthInUtf16) {
  const std::vector<std::pair<std::string_view, std::size_t>> cases{
      {std::string_view("\xFF\xFE"
                        "a\0\x3D\xD8"
                        "b\0",
                        8),
       4},  // high, then not low
      {std::string_view("\xFF\xFE"
                        "a\0\x3D\xD8",
                        6),
       4},                                           // high at the end
      {std::string_view("\xFF\xFE\x00\xDE", 4), 2},  // low alone
      {std::string_view("\xFF\xFE"
                        "a\0b",
                        5),
       4},  // odd byte count
  };
  for (const auto& [bytes, offset] : cases) {
    auto text = DecodeToUtf8(bytes, TextEncoding::kUtf16Le);
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.status().message().find("byte offset " + std::to_string(offset)),
              std::string::npos)
        << text.status().message();
  }
}

// "abc丂,客户 x©y😀z 12345678,ü\r\n": ASCII runs of every length around two-byte (one with
// an ASCII-range trail byte, 81 40), four-byte and surrogate-pair characters.
std::string FromHex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}
std::string MixedUtf8() {
  return FromHex("616263e4b8822ce5aea2e688b72078c2a979f09f98807a2031323334353637382cc3bc0d0a");
}

TEST(DecodeToUtf8, MixedGb18030Runs) {
  auto text = DecodeToUtf8(
      FromHex("61626381402cbfcdbba7207881308438799439fc367a2031323334353637382ca8b90d0a"),
      TextEncoding::kGb18030);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, MixedUtf8());
}

TEST(DecodeToUtf8, MixedUtf16LeRuns) {
  auto text = DecodeToUtf8(
      FromHex("fffe610062006300024e2c00a25b376220007800a90079003dd800de7a002000310032003300"
              "340035003600370038002c00fc000d000a00"),
      TextEncoding::kUtf16Le);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, MixedUtf8());
}

// ------------------------------------------------------------------ ParseCsv

TEST(ParseCsv, SplitsHeaderFromRowsAndKeepsLines) {
  auto table = ParseCsv("name,amount\n\nAcme,\"1\n2\"\nBeta,3\n");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Fields{"name", "amount"}));
  EXPECT_EQ(FieldsOf(table->rows), (std::vector<Fields>{{"Acme", "1\n2"}, {"Beta", "3"}}));
  EXPECT_EQ(LinesOf(table->rows), (std::vector<std::int64_t>{3, 5}));
  EXPECT_EQ(table->encoding, TextEncoding::kUtf8);
  EXPECT_EQ(table->delimiter, ',');
}

TEST(ParseCsv, EmptyFileIsAnEmptyTable) {
  auto table = ParseCsv("");
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->header.empty());
  EXPECT_TRUE(table->rows.empty());
}

TEST(ParseCsv, Utf8WithBom) {
  auto table = ParseCsv(std::string("\xEF\xBB\xBF") + Utf8(kCustomerUtf8, ";", kAmountUtf8) +
                        "\r\nA;1,5\r\n");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Fields{std::string(kCustomerUtf8), std::string(kAmountUtf8)}));
  EXPECT_EQ(FieldsOf(table->rows), (std::vector<Fields>{{"A", "1,5"}}));
  EXPECT_EQ(table->delimiter, ';');
}

TEST(ParseCsv, GbkAsExcelWritesIt) {
  auto table = ParseCsv(Utf8(kCustomerGbk, ",", kAmountGbk) + "\r\n\xD5\xC5\xC8\xFD,100\r\n");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->encoding, TextEncoding::kGb18030);
  EXPECT_EQ(table->header, (Fields{std::string(kCustomerUtf8), std::string(kAmountUtf8)}));
  EXPECT_EQ(FieldsOf(table->rows), (std::vector<Fields>{{"\xE5\xBC\xA0\xE4\xB8\x89", "100"}}));
}

TEST(ParseCsv, Utf16LeWithBomAndTabs) {
  // BOM, "客户\t金额\r\nx\t1\r\n"
  const std::string_view bytes(
      "\xFF\xFE\xA2\x5B\x37\x62\x09\x00\xd1\x91\x9d\x98\x0D\x00\x0A\x00"
      "x\x00\x09\x00"
      "1\x00\x0D\x00\x0A\x00",
      26);
  auto table = ParseCsv(bytes);
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->encoding, TextEncoding::kUtf16Le);
  EXPECT_EQ(table->delimiter, '\t');
  EXPECT_EQ(table->header, (Fields{std::string(kCustomerUtf8), std::string(kAmountUtf8)}));
  EXPECT_EQ(FieldsOf(table->rows), (std::vector<Fields>{{"x", "1"}}));
}

TEST(ParseCsv, UndecodableBytesNameTheOffset) {
  auto table = ParseCsv("name\nok\n\x80\xFF");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(table.status().message().find("byte offset 8"), std::string::npos)
      << table.status().message();
}

TEST(ParseCsv, BadUtf8AfterBomIsAnError) {
  auto table = ParseCsv(
      "\xEF\xBB\xBF"
      "a\n\xBF\xCD\n");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("byte offset 5"), std::string::npos)
      << table.status().message();
}

TEST(ParseCsv, UnterminatedQuoteNamesTheLine) {
  auto table = ParseCsv("a,b\n1,2\n\n3,\"x\ny\n");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("line 4"), std::string::npos) << table.status().message();
  table = ParseCsv("\"oops\n");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("line 1"), std::string::npos);
}

// ------------------------------------------------------------------ writer

std::string WriteRow(const std::vector<std::string_view>& cells, bool is_number = false) {
  std::string out;
  CsvWriter writer(&out);
  for (std::string_view cell : cells) writer.Field(cell, is_number);
  writer.EndRow();
  return out;
}

TEST(CsvWriter, WritesPlainFields) {
  EXPECT_EQ(WriteRow({"Acme", "100", ""}), "Acme,100,\n");
  EXPECT_EQ(WriteRow({}), "\n");
}

TEST(CsvWriter, QuotesWhenNeeded) {
  EXPECT_EQ(WriteRow({"Acme, Inc."}), "\"Acme, Inc.\"\n");
  EXPECT_EQ(WriteRow({"say \"hi\""}), "\"say \"\"hi\"\"\"\n");
  EXPECT_EQ(WriteRow({"a\nb", "c\rd"}), "\"a\nb\",\"c\rd\"\n");
  EXPECT_EQ(WriteRow({"a;b", "c\td"}), "\"a;b\",\"c\td\"\n");
}

TEST(CsvWriter, LoneEmptyFieldIsQuoted) {
  EXPECT_EQ(WriteRow({""}), "\"\"\n");
  EXPECT_EQ(WriteRow({"", ""}), ",\n");
}

TEST(CsvWriter, NeutralisesFormulas) {
  EXPECT_EQ(WriteRow({"=SUM(A1:A9)"}), "'=SUM(A1:A9)\n");
  EXPECT_EQ(WriteRow({"+1", "-2", "@cmd"}), "'+1,'-2,'@cmd\n");
  EXPECT_EQ(WriteRow({"\tx"}), "\"'\tx\"\n");
  EXPECT_EQ(WriteRow({"\rx"}), "\"'\rx\"\n");
  EXPECT_EQ(WriteRow({"=HYPERLINK(\"http://x\",\"y\")"}),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n");
  EXPECT_EQ(WriteRow({"a=b", "1-2"}), "a=b,1-2\n");  // only the first character counts
}

TEST(CsvWriter, NumbersAreWrittenAsIs) {
  EXPECT_EQ(WriteRow({"-12.5", "+3", "-1e-5", "1,234.50"}, true), "-12.5,+3,-1e-5,\"1,234.50\"\n");
  EXPECT_EQ(WriteRow({"-12.5"}, false), "'-12.5\n");
}

TEST(CsvWriter, MislabelledNumberIsStillNeutralised) {
  EXPECT_EQ(WriteRow({"=1+2", "-1+2", "-", "+e5", "-2e"}, true), "'=1+2,'-1+2,'-,'+e5,'-2e\n");
}

TEST(CsvWriter, AppendsToExistingText) {
  std::string out = "x\n";
  CsvWriter writer(&out);
  writer.Field("a");
  writer.Field("b");
  writer.EndRow();
  writer.Field("c");
  writer.EndRow();
  EXPECT_EQ(out, "x\na,b\nc\n");
}

TEST(CsvWriter, RoundTripsThroughTheReader) {
  const std::vector<Fields> table{
      {"name", "note", "amount"},
      {"Acme, Inc.", "say \"hi\"\nbye", "-12.5"},
      {"", "a;b\tc", "=1+2"},
      {std::string(kCustomerUtf8), "\r\n", ""},
      {""},
  };
  std::string out;
  CsvWriter writer(&out);
  for (const Fields& row : table) {
    for (std::size_t i = 0; i < row.size(); ++i) writer.Field(row[i], i == 2);
    writer.EndRow();
  }
  auto parsed = ParseCsv(out);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->delimiter, ',');
  EXPECT_EQ(parsed->header, table[0]);
  std::vector<Fields> want(table.begin() + 1, table.end());
  want[1][2] = "'=1+2";  // neutralised: a formula is not a number
  want[2][1] = "'\r\n";  // starts with CR: neutralised too
  EXPECT_EQ(FieldsOf(parsed->rows), want);
}

}  // namespace
}  // namespace salesdesk::io
