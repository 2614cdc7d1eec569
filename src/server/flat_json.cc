#include "server/flat_json.h"

#include <boost/json/basic_parser_impl.hpp>
#include <exception>

namespace salesdesk::server {
namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

// SAX handler: collects the members of the top-level object. Values nested deeper than
// one level only mark their member kNested; their contents are skipped.
struct FlatHandler {
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  std::vector<JsonMember> members;
  bool top_is_object = false;
  int depth = 0;
  std::string text;  // the key, string or number being assembled from parts

  // A scalar (or the start of a nested value) at the current depth.
  void Value(JsonScalar::Type type, bool b = false) {
    if (depth == 1 && !members.empty()) {
      JsonScalar& v = members.back().value;
      v.type = type;
      v.boolean = b;
      if (type == JsonScalar::Type::kNumber || type == JsonScalar::Type::kString) v.text = std::move(text);
    }
    text.clear();
  }
  bool Open(bool object) {
    if (depth == 0) top_is_object = object;
    if (depth == 1) Value(JsonScalar::Type::kNested);
    ++depth;
    return true;
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return Open(false); }
  bool on_array_end(std::size_t, error_code&) { return --depth, true; }
  bool on_object_begin(error_code&) { return Open(true); }
  bool on_object_end(std::size_t, error_code&) { return --depth, true; }
  bool on_string_part(string_view s, std::size_t, error_code&) { return text.append(s.data(), s.size()), true; }
  bool on_string(string_view s, std::size_t, error_code&) {
    text.append(s.data(), s.size());
    Value(JsonScalar::Type::kString);
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) { return text.append(s.data(), s.size()), true; }
  bool on_key(string_view s, std::size_t, error_code&) {
    text.append(s.data(), s.size());
    if (depth == 1) members.push_back({std::move(text), {}});
    text.clear();
    return true;
  }
  bool on_number_part(string_view s, error_code&) { return text.append(s.data(), s.size()), true; }
  bool Number(string_view s) {
    text.append(s.data(), s.size());
    Value(JsonScalar::Type::kNumber);
    return true;
  }
  bool on_int64(std::int64_t, string_view s, error_code&) { return Number(s); }
  bool on_uint64(std::uint64_t, string_view s, error_code&) { return Number(s); }
  bool on_double(double, string_view s, error_code&) { return Number(s); }
  bool on_bool(bool b, error_code&) { return Value(JsonScalar::Type::kBool, b), true; }
  bool on_null(error_code&) { return Value(JsonScalar::Type::kNull), true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Status Malformed(const std::string& why) { return Status::Invalid("malformed JSON: " + why, "body"); }

}  // namespace

Result<std::vector<JsonMember>> ParseFlatObject(std::string_view body) {
  std::size_t start = 0;
  while (start < body.size() && IsJsonSpace(body[start])) ++start;
  if (start == body.size()) return Status::Invalid("the request body is empty; expected a JSON object", "body");
  try {
    json::basic_parser<FlatHandler> parser{json::parse_options{}};
    error_code ec;
    std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
    if (ec) return Malformed(ec.message());
    for (; used < body.size(); ++used)
      if (!IsJsonSpace(body[used])) return Malformed("unexpected text after the JSON value");
    if (!parser.handler().top_is_object) return Status::Invalid("the request body must be a JSON object", "body");
    return std::move(parser.handler().members);
  } catch (const std::exception& e) {  // allocation failure only; never let it cross
    return Malformed(e.what());
  }
}

}  // namespace salesdesk::server
