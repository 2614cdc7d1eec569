#include "io/pdf.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace salesdesk::io {
namespace {

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (std::size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

TEST(PdfWrapTest, LinesStayWithinTheWidthAndKeepEveryWord) {
  const std::string text =
      "Visit the top twenty customers in the Yangtze delta every quarter and bring the service engineer along";
  const auto lines = internal::WrapText(text, 120, 10);
  ASSERT_GT(lines.size(), 3u);
  std::string joined;
  for (const std::string& l : lines) {
    EXPECT_LE(internal::TextWidth(l, 10), 120.0) << l;
    EXPECT_FALSE(l.empty());
    EXPECT_NE(l.front(), ' ');
    EXPECT_NE(l.back(), ' ');
    joined += (joined.empty() ? "" : " ") + l;
  }
  EXPECT_EQ(joined, text);
}

TEST(PdfWrapTest, ChineseBreaksBetweenCharactersButNotBeforeClosingPunctuation) {
  // 10 pt characters, 45 pt wide: four characters per line; "，" may hang past the edge.
  const auto lines = internal::WrapText("一二三四，五六七八九十", 45, 10);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "一二三四，");
  EXPECT_EQ(lines[1], "五六七八");
  EXPECT_EQ(lines[2], "九十");
  // An opening bracket moves to the next line with what it opens.
  const auto open = internal::WrapText("一二三（四五", 40, 10);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0], "一二三");
  EXPECT_EQ(open[1], "（四五");
}

TEST(PdfWrapTest, LongWordsBreakHardLinesStayAndEmptyIsOneLine) {
  const auto lines = internal::WrapText(std::string(60, 'W'), 100, 10);  // W is 9.44 pt
  ASSERT_EQ(lines.size(), 6u);
  for (const std::string& l : lines) EXPECT_LE(internal::TextWidth(l, 10), 100.0);
  EXPECT_EQ(internal::WrapText("a\nb", 500, 10), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(internal::WrapText("", 500, 10), std::vector<std::string>{""});
  EXPECT_NEAR(internal::TextWidth("Hi 中", 10), 7.22 + 2.22 + 2.78 + 10, 1e-9);
}

// Every object the cross-reference table points at starts exactly there, and the trailer's
// startxref points at the table: what a reader relies on to open the file.
TEST(PdfTest, CrossReferenceTablePointsAtEveryObject) {
  const std::string pdf = MarkdownToPdf("# 区域计划 East\n\nSome text.\n", {"East plan", "", "2026-11-28"});
  ASSERT_EQ(pdf.rfind("%PDF-1.4\n", 0), 0u);
  ASSERT_GE(pdf.size(), 6u);
  EXPECT_EQ(pdf.substr(pdf.size() - 6), "%%EOF\n");
  const std::size_t sx = pdf.rfind("startxref\n");
  ASSERT_NE(sx, std::string::npos);
  const std::size_t xref = std::stoul(pdf.substr(sx + 10));
  ASSERT_EQ(pdf.compare(xref, 5, "xref\n"), 0);
  std::istringstream in(pdf.substr(xref + 5));
  int first = -1, count = 0;
  in >> first >> count;
  ASSERT_EQ(first, 0);
  ASSERT_GE(count, 11);  // 8 shared objects + one page and its content
  std::string line;
  std::getline(in, line);
  std::getline(in, line);  // object 0, the free list head
  for (int obj = 1; obj < count; ++obj) {
    ASSERT_TRUE(std::getline(in, line));
    ASSERT_EQ(line.size(), 19u) << line;  // 20 bytes with the newline
    const std::size_t offset = std::stoul(line.substr(0, 10));
    const std::string header = std::to_string(obj) + " 0 obj\n";
    EXPECT_EQ(pdf.compare(offset, header.size(), header), 0) << "object " << obj;
  }
  EXPECT_NE(pdf.find("/Size " + std::to_string(count)), std::string::npos);
  EXPECT_NE(pdf.find("/CreationDate (D:20261128)"), std::string::npos);
}

TEST(PdfTest, ChineseIsUtf16InTheCjkFontAndLatinIsInHelvetica) {
  const std::string pdf = MarkdownToPdf("销售计划 (East)\n", {"t", "", ""});
  EXPECT_NE(pdf.find("/F2 10.50 Tf <9500552E8BA15212> Tj"), std::string::npos);  // 销售计划
  EXPECT_NE(pdf.find("/F1 10.50 Tf ( \\(East\\)) Tj"), std::string::npos);
  EXPECT_NE(pdf.find("<9500> <95FF> <9500>"), std::string::npos);  // the ToUnicode range for 销
  EXPECT_NE(pdf.find("/Encoding /UniGB-UTF16-H"), std::string::npos);
}

TEST(PdfTest, LongDocumentsFlowOntoNumberedPagesAndTablesRepeatTheirHeader) {
  std::string md = "# Plan\n\n| item | owner |\n| --- | --- |\n";
  for (int i = 0; i < 120; ++i) md += "| Visit customer " + std::to_string(i) + " | Li Lei |\n";
  const std::string pdf = MarkdownToPdf(md, {"t", "", ""});
  const int pages = Count(pdf, "/Type /Page ");
  ASSERT_GE(pages, 3);
  EXPECT_NE(pdf.find("/Count " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(pdf.find("(1 / " + std::to_string(pages) + ") Tj"), std::string::npos);
  EXPECT_NE(pdf.find("(" + std::to_string(pages) + " / " + std::to_string(pages) + ") Tj"), std::string::npos);
  EXPECT_EQ(Count(pdf, "(item) Tj"), pages);  // the header on every page of the table
  for (int i : {0, 59, 119}) EXPECT_EQ(Count(pdf, "(Visit customer " + std::to_string(i) + ") Tj"), 1) << i;
}

TEST(PdfTest, ASingleNewlineInAParagraphIsALineBreak) {
  const std::string pdf = MarkdownToPdf("line one\nline two\r\nthird\n\nnext paragraph\n", {"t", "", ""});
  for (const char* line : {"(line one) Tj", "(line two) Tj", "(third) Tj", "(next paragraph) Tj"})
    EXPECT_NE(pdf.find(line), std::string::npos) << line;
  EXPECT_EQ(pdf.find("<000A>"), std::string::npos);
  EXPECT_EQ(pdf.find("000A"), std::string::npos);
}

TEST(PdfTest, InvalidUtf8AndOddCharactersNeverBreakTheFile) {
  const std::string pdf = MarkdownToPdf(std::string("bad \xff\xfe bytes, emoji \xF0\x9F\x98\x80, tab\tend"), {"", "", ""});
  EXPECT_NE(pdf.find("<FFFDFFFD>"), std::string::npos);
  EXPECT_NE(pdf.find("<003F>"), std::string::npos);  // outside the BMP
  EXPECT_NE(pdf.find("tab end"), std::string::npos);
}

// Poppler (Debian's poppler-utils, installed by scripts/install-deps.sh) reads the text
// back: the file is valid for a real reader, and the Chinese comes out as Chinese.
TEST(PdfTest, PopplerReadsTheTextBack) {
  const std::string md =
      "# 华东区域计划 East plan\n\n## 第一阶段：市场趋势\n\n- 版本：2\n\n"
      "| 事项 | 截止日期 |\n| --- | --- |\n| 拜访重点客户 | 2026-12-31 |\n";
  const std::string dir = ::testing::TempDir();
  const std::string pdf_path = dir + "/salesdesk_pdf_test.pdf", txt_path = dir + "/salesdesk_pdf_test.txt";
  {
    std::ofstream out(pdf_path, std::ios::binary);
    out << MarkdownToPdf(md, {"华东区域计划", "salesdesk", "2026-11-28"});
  }
  const std::string command = "pdftotext -enc UTF-8 '" + pdf_path + "' '" + txt_path + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(txt_path);
  std::stringstream text;
  text << in.rdbuf();
  for (const char* expected : {"华东区域计划 East plan", "第一阶段：市场趋势", "版本：2", "拜访重点客户", "2026-12-31"})
    EXPECT_NE(text.str().find(expected), std::string::npos) << expected << " not in:\n" << text.str();
  std::remove(pdf_path.c_str());
  std::remove(txt_path.c_str());
}

}  // namespace
}  // namespace salesdesk::io
