// Markdown to PDF, for documents salesdesk exports (a territory plan): no external tool,
// no embedded font files. The result is a PDF 1.4 file of A4 pages with page numbers.
//
// The Markdown understood is the subset salesdesk writes: '#', '##' and '###' headings,
// '- ' bullets, paragraphs (a single newline is a line break), pipe tables whose second
// row is the '| --- |' separator (the first row is the header, repeated on every page
// the table spans), and '**' emphasis markers, which are dropped. Anything else is text.
//
// Latin text (ASCII) is set in Helvetica, everything else in STSong-Light (Adobe-GB1
// encoded as UniGB-UTF16-H). Both are fonts a PDF reader must supply itself (the base 14
// and the Adobe CJK fallback), so nothing is embedded; a ToUnicode map keeps the Chinese
// text searchable and copyable. Headings are drawn filled and stroked (bold without a
// bold font). Characters outside the Basic Multilingual Plane become '?'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace salesdesk::io {

struct PdfInfo {
  std::string title;    // the document information's Title (UTF-8)
  std::string author;   // and Author; may be empty
  std::string created;  // "YYYY-MM-DD"; may be empty
};

// The PDF bytes of `markdown` (UTF-8; invalid bytes become U+FFFD).
std::string MarkdownToPdf(std::string_view markdown, const PdfInfo& info);

namespace internal {

// Width in points of `utf8` set at `size` points (Helvetica for ASCII, 1 em otherwise).
double TextWidth(std::string_view utf8, double size);

// Splits `utf8` into lines no wider than `width` points at `size`: Latin text breaks at
// spaces (a word wider than the line breaks between letters), Chinese between any two
// characters except before closing punctuation. Spaces at a break are dropped. An empty
// text is one empty line.
std::vector<std::string> WrapText(std::string_view utf8, double width, double size);

}  // namespace internal
}  // namespace salesdesk::io
