#include "io/pdf.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace salesdesk::io {
namespace {

// Helvetica advance widths (1/1000 em) for ASCII 32..126, from Adobe's Helvetica AFM.
constexpr short kHelvetica[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0..?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};      // p..~

constexpr double kPageWidth = 595.28, kPageHeight = 841.89, kMargin = 56.7, kBottom = 56.7;
constexpr double kTextWidth = kPageWidth - 2 * kMargin;

using Text = std::u32string;

Text Decode(std::string_view s) {
  Text out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    bool good = len > 0 && i + len <= s.size();
    for (int k = 1; good && k < len; ++k) {
      const unsigned char t = static_cast<unsigned char>(s[i + k]);
      good = (t & 0xc0) == 0x80;
      cp = (cp << 6) | (t & 0x3f);
    }
    if (good && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                 cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)))
      good = false;  // overlong, out of range or a surrogate
    if (!good) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    if (cp == '\t') cp = ' ';
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string Encode(const Text& t) {
  std::string out;
  for (char32_t c : t) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xc0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xe0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  return out;
}

bool Latin(char32_t c) { return c >= 32 && c < 127; }
double Width(char32_t c, double size) { return Latin(c) ? kHelvetica[c - 32] * size / 1000 : size; }
double Width(const Text& t, double size) {
  double w = 0;
  for (char32_t c : t) w += Width(c, size);
  return w;
}

// Characters a line may break around on their own (CJK ideographs, kana, full-width forms).
bool BreaksAnywhere(char32_t c) { return c >= 0x2e80; }
bool NoBreakBefore(char32_t c) {
  static const std::u32string kClosers = U"，。、；：？！）》」』】〕,.;:?!)]}%";
  return kClosers.find(c) != std::u32string::npos;
}
bool NoBreakAfter(char32_t c) {
  static const std::u32string kOpeners = U"（《「『【〔([{";
  return kOpeners.find(c) != std::u32string::npos;
}

// Greedy line filling of one hard line; see internal::WrapText.
std::vector<Text> Wrap(const Text& line, double width, double size) {
  // Units: a space run, a word (no spaces, no break-anywhere characters), or one
  // break-anywhere character.
  std::vector<Text> units;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t j = i + 1;
    if (line[i] == ' ') {
      while (j < line.size() && line[j] == ' ') ++j;
    } else if (!BreaksAnywhere(line[i])) {
      while (j < line.size() && line[j] != ' ' && !BreaksAnywhere(line[j])) ++j;
    }
    units.push_back(line.substr(i, j - i));
    i = j;
  }
  std::vector<Text> lines;
  std::vector<Text> current;  // units of the line being filled
  double used = 0;
  Text pending_space;
  auto flush = [&] {
    std::vector<Text> carry;
    // An opening bracket does not end a line: move it (and nothing else) to the next.
    if (current.size() > 1 && current.back().size() == 1 && NoBreakAfter(current.back()[0])) {
      carry.push_back(current.back());
      current.pop_back();
    }
    Text joined;
    for (const Text& u : current) joined += u;
    lines.push_back(joined);
    current = carry;
    used = current.empty() ? 0 : Width(current[0], size);
    pending_space.clear();
  };
  for (const Text& u : units) {
    if (u[0] == ' ') {
      if (!current.empty()) pending_space = u;
      continue;
    }
    const double w = Width(u, size);
    const double space = Width(pending_space, size);
    if (!current.empty() && used + space + w > width && !NoBreakBefore(u[0])) flush();
    if (!current.empty() && !pending_space.empty()) {
      current.push_back(pending_space);
      used += space;
    }
    pending_space.clear();
    if (w <= width || NoBreakBefore(u[0])) {
      current.push_back(u);
      used += w;
      continue;
    }
    // A word wider than a line: on lines of its own, broken between characters.
    if (!current.empty()) flush();
    Text piece;
    for (char32_t c : u) {
      if (!piece.empty() && used + Width(c, size) > width) {
        lines.push_back(piece);
        piece.clear();
        used = 0;
      }
      piece += c;
      used += Width(c, size);
    }
    current.push_back(piece);
  }
  if (!current.empty() || lines.empty()) flush();
  return lines;
}

// `t` cut at its newlines (a CR before one is dropped); an empty text is one empty line.
std::vector<Text> HardLines(const Text& t) {
  std::vector<Text> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i < t.size() && t[i] != '\n') continue;
    Text line = t.substr(start, i - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = i + 1;
  }
  return lines;
}

// Wrap for each of `t`'s hard lines, in order.
std::vector<Text> WrapLines(const Text& t, double width, double size) {
  std::vector<Text> out;
  for (const Text& line : HardLines(t))
    for (Text& l : Wrap(line, width, size)) out.push_back(std::move(l));
  return out;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string Hex16(char32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(c > 0xffff ? U'?' : c));
  return buf;
}

// Lays out blocks on pages and records the drawing operators of each page.
class Layout {
 public:
  Layout() { NewPage(); }

  void Heading(const Text& t, int level) {
    const double size = level == 1 ? 18 : level == 2 ? 14 : 11.5;
    const double before = level == 1 ? 0 : level == 2 ? 14 : 8;
    const double after = level == 1 ? 10 : level == 2 ? 6 : 3;
    if (y_ < kPageHeight - kMargin - 1) y_ -= before;
    const std::vector<Text> lines = Wrap(t, kTextWidth, size);
    // Keep a heading with at least two lines of what follows.
    Need(lines.size() * size * 1.3 + 2 * 10.5 * 1.45);
    for (const Text& line : lines) {
      y_ -= size * 1.3;
      Draw(kMargin, y_ + size * 0.25, line, size, true);
    }
    if (level <= 2) Rule(kMargin, kMargin + kTextWidth, y_ - 2, 0.8, 0.6);
    y_ -= after;
  }

  void Paragraph(const Text& t, bool bullet) {
    const double size = 10.5, leading = size * 1.45, indent = bullet ? 14 : 0;
    bool first = true;
    for (const Text& line : WrapLines(t, kTextWidth - indent, size)) {
      Need(leading);
      y_ -= leading;
      if (first && bullet) ops_ += "0.3 g " + Number(kMargin + 3) + " " + Number(y_ + 4.2) + " 3 3 re f 0 g\n";
      Draw(kMargin + indent, y_ + 3, line, size, false);
      first = false;
    }
    y_ -= bullet ? 1.5 : 6;
  }

  void Table(const std::vector<std::vector<Text>>& rows) {
    if (rows.empty()) return;
    const double size = 9.5, leading = size * 1.35, pad = 4;
    std::size_t columns = 0;
    for (const auto& r : rows) columns = std::max(columns, r.size());
    std::vector<double> natural(columns, 36);
    for (const auto& r : rows)
      for (std::size_t c = 0; c < r.size(); ++c) natural[c] = std::max(natural[c], Width(r[c], size) + 2 * pad);
    double total = 0;
    for (double w : natural) total += w;
    std::vector<double> widths(columns);
    for (std::size_t c = 0; c < columns; ++c) widths[c] = natural[c] * kTextWidth / total;
    y_ -= 4;
    auto row_height = [&](const std::vector<std::vector<Text>>& cells) {
      std::size_t lines = 1;
      for (const auto& cell : cells) lines = std::max(lines, cell.size());
      return lines * leading + 2 * pad;
    };
    auto wrap_row = [&](const std::vector<Text>& r) {
      std::vector<std::vector<Text>> cells(columns);
      for (std::size_t c = 0; c < columns; ++c)
        cells[c] = Wrap(c < r.size() ? r[c] : Text(), widths[c] - 2 * pad, size);
      return cells;
    };
    const auto header = wrap_row(rows[0]);
    auto draw_row = [&](const std::vector<std::vector<Text>>& cells, bool is_header) {
      const double h = row_height(cells);
      if (is_header) {
        ops_ += "0.93 g " + Number(kMargin) + " " + Number(y_ - h) + " " + Number(kTextWidth) + " " + Number(h) +
                " re f 0 g\n";
      }
      double x = kMargin;
      for (std::size_t c = 0; c < columns; ++c) {
        double line_y = y_ - pad;
        for (const Text& line : cells[c]) {
          line_y -= leading;
          Draw(x + pad, line_y + 3, line, size, is_header);
        }
        x += widths[c];
      }
      y_ -= h;
      Rule(kMargin, kMargin + kTextWidth, y_, is_header ? 0.8 : 0.4, is_header ? 0.5 : 0.75);
    };
    Need(row_height(header) + (rows.size() > 1 ? row_height(wrap_row(rows[1])) : 0));
    draw_row(header, true);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto cells = wrap_row(rows[i]);
      if (y_ - row_height(cells) < kBottom) {
        NewPage();
        draw_row(header, true);
      }
      draw_row(cells, false);
    }
    y_ -= 8;
  }

  // The finished pages' operators, each with its "n / N" footer.
  std::vector<std::string> Pages() {
    Close();
    std::vector<std::string> out = pages_;
    for (std::size_t i = 0; i < out.size(); ++i) {
      const Text footer = Decode(std::to_string(i + 1) + " / " + std::to_string(out.size()));
      std::string saved;
      std::swap(saved, ops_);
      ops_ += "0.45 g\n";
      Draw((kPageWidth - Width(footer, 9)) / 2, 30, footer, 9, false);
      ops_ += "0 g\n";
      out[i] += ops_;
      std::swap(saved, ops_);
    }
    return out;
  }

  const std::set<unsigned>& WideHighBytes() const { return high_bytes_; }

 private:
  void Close() {
    if (!ops_.empty() || pages_.empty()) pages_.push_back(ops_);
    ops_.clear();
  }
  void NewPage() {
    if (open_) Close();
    open_ = true;
    y_ = kPageHeight - kMargin;
  }
  void Need(double height) {
    if (y_ - height < kBottom && y_ < kPageHeight - kMargin - 1) NewPage();
  }
  void Rule(double x1, double x2, double y, double width, double grey) {
    ops_ += Number(grey) + " G " + Number(width) + " w " + Number(x1) + " " + Number(y) + " m " + Number(x2) + " " +
            Number(y) + " l S 0 G\n";
  }
  // One line of text at baseline (x, y): runs of ASCII in /F1, the rest in /F2.
  void Draw(double x, double y, const Text& t, double size, bool bold) {
    if (t.empty()) return;
    ops_ += "BT " + std::string(bold ? "2 Tr 0.35 w " : "") + "1 0 0 1 " + Number(x) + " " + Number(y) + " Tm\n";
    for (std::size_t i = 0; i < t.size();) {
      const bool latin = Latin(t[i]);
      std::size_t j = i;
      while (j < t.size() && Latin(t[j]) == latin) ++j;
      if (latin) {
        ops_ += "/F1 " + Number(size) + " Tf (";
        for (std::size_t k = i; k < j; ++k) {
          const char c = static_cast<char>(t[k]);
          if (c == '(' || c == ')' || c == '\\') ops_ += '\\';
          ops_ += c;
        }
        ops_ += ") Tj\n";
      } else {
        ops_ += "/F2 " + Number(size) + " Tf <";
        for (std::size_t k = i; k < j; ++k) {
          const char32_t c = t[k] > 0xffff ? U'?' : t[k];
          high_bytes_.insert(static_cast<unsigned>(c) >> 8);
          ops_ += Hex16(c);
        }
        ops_ += "> Tj\n";
      }
      i = j;
    }
    ops_ += std::string(bold ? "0 Tr " : "") + "ET\n";
  }

  std::vector<std::string> pages_;
  std::string ops_;
  double y_ = 0;
  bool open_ = false;
  std::set<unsigned> high_bytes_;
};

Text Trim(const Text& t) {
  std::size_t b = 0, e = t.size();
  while (b < e && t[b] == ' ') ++b;
  while (e > b && t[e - 1] == ' ') --e;
  return t.substr(b, e - b);
}

Text DropEmphasis(Text t) {
  for (std::size_t p; (p = t.find(U"**")) != Text::npos;) t.erase(p, 2);
  return t;
}

bool IsTableLine(const Text& t) { return !t.empty() && t[0] == '|'; }
bool IsSeparator(const Text& t) {
  if (!IsTableLine(t)) return false;
  return std::all_of(t.begin(), t.end(), [](char32_t c) { return c == '|' || c == '-' || c == ':' || c == ' '; });
}
std::vector<Text> Cells(Text t) {
  t = Trim(t);
  if (!t.empty() && t.front() == '|') t.erase(0, 1);
  if (!t.empty() && t.back() == '|') t.pop_back();
  std::vector<Text> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || t[i] == '|') {
      cells.push_back(DropEmphasis(Trim(t.substr(start, i - start))));
      start = i + 1;
    }
  }
  return cells;
}

// A PDF text string in UTF-16BE with its byte-order mark, as hex.
std::string PdfTextString(const std::string& utf8) {
  std::string out = "<FEFF";
  for (char32_t c : Decode(utf8)) out += Hex16(c);
  return out + ">";
}

}  // namespace

namespace internal {

double TextWidth(std::string_view utf8, double size) { return Width(Decode(utf8), size); }

std::vector<std::string> WrapText(std::string_view utf8, double width, double size) {
  std::vector<std::string> out;
  for (const Text& l : WrapLines(Decode(utf8), width, size)) out.push_back(Encode(l));
  return out;
}

}  // namespace internal

std::string MarkdownToPdf(std::string_view markdown, const PdfInfo& info) {
  const std::vector<Text> lines = HardLines(Decode(markdown));
  Layout layout;
  Text paragraph;
  auto end_paragraph = [&] {
    if (!paragraph.empty()) layout.Paragraph(paragraph, false);
    paragraph.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Text& line = lines[i];
    const Text trimmed = Trim(line);
    if (trimmed.empty()) {
      end_paragraph();
      continue;
    }
    int level = 0;
    while (level < static_cast<int>(line.size()) && line[level] == '#') ++level;
    if (level >= 1 && level <= 3 && level < static_cast<int>(line.size()) && line[level] == ' ') {
      end_paragraph();
      layout.Heading(DropEmphasis(Trim(line.substr(level))), level);
      continue;
    }
    if (trimmed.size() >= 2 && trimmed[0] == '-' && trimmed[1] == ' ') {
      end_paragraph();
      layout.Paragraph(DropEmphasis(Trim(trimmed.substr(2))), true);
      continue;
    }
    if (IsTableLine(trimmed) && i + 1 < lines.size() && IsSeparator(Trim(lines[i + 1]))) {
      end_paragraph();
      std::vector<std::vector<Text>> rows{Cells(trimmed)};
      i += 2;
      for (; i < lines.size() && IsTableLine(Trim(lines[i])); ++i) rows.push_back(Cells(lines[i]));
      --i;
      layout.Table(rows);
      continue;
    }
    if (!paragraph.empty()) paragraph += U'\n';
    paragraph += DropEmphasis(trimmed);
  }
  end_paragraph();

  const std::vector<std::string> pages = layout.Pages();
  // Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 STSong-Light (Type0), 5 its CID font,
  // 6 its descriptor, 7 its ToUnicode map, 8 document information, then a page and its
  // content stream per page.
  std::vector<std::string> objects(8);
  objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
  std::string kids;
  for (std::size_t p = 0; p < pages.size(); ++p) kids += std::to_string(9 + 2 * p) + " 0 R ";
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
  objects[2] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  objects[3] =
      "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [5 0 R] "
      "/ToUnicode 7 0 R >>";
  objects[4] =
      "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering "
      "(GB1) /Supplement 4 >> /FontDescriptor 6 0 R /DW 1000 >>";
  objects[5] =
      "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
      "/Ascent 880 /Descent -120 /CapHeight 626 /StemV 93 >>";
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) "
      "/Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  const std::set<unsigned>& high = layout.WideHighBytes();
  std::vector<unsigned> ranges(high.begin(), high.end());
  for (std::size_t i = 0; i < ranges.size(); i += 100) {  // at most 100 entries per block
    const std::size_t n = std::min<std::size_t>(100, ranges.size() - i);
    cmap += std::to_string(n) + " beginbfrange\n";
    for (std::size_t k = i; k < i + n; ++k) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "<%02X00> <%02XFF> <%02X00>\n", ranges[k], ranges[k], ranges[k]);
      cmap += buf;
    }
    cmap += "endbfrange\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  objects[6] = "<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap + "endstream";
  std::string meta = "<< /Title " + PdfTextString(info.title) + " /Producer (salesdesk)";
  if (!info.author.empty()) meta += " /Author " + PdfTextString(info.author);
  if (info.created.size() == 10) {
    meta += " /CreationDate (D:" + info.created.substr(0, 4) + info.created.substr(5, 2) + info.created.substr(8, 2) +
            ")";
  }
  objects[7] = meta + " >>";
  for (std::size_t p = 0; p < pages.size(); ++p) {
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + Number(kPageWidth) + " " + Number(kPageHeight) +
                      "] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents " + std::to_string(10 + 2 * p) +
                      " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(pages[p].size()) + " >>\nstream\n" + pages[p] + "endstream");
  }

  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t o : offsets) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 8 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace salesdesk::io
