// Request bodies are flat JSON objects ({"name": "Acme", "amount": 1234.50}). This parser
// reads them with Boost.JSON's SAX parser and keeps every number's exact source text, so
// money is read with ParseMoney from what the client wrote, never through a double.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace salesdesk::server {

// One member value of a flat object.
struct JsonScalar {
  enum class Type { kNull, kBool, kNumber, kString, kNested };
  Type type = Type::kNull;
  bool boolean = false;
  // kNumber: the number exactly as written ("1234.50", "-3", "1e3"); kString: the
  // unescaped UTF-8 string. Empty otherwise (kNested values are not kept).
  std::string text;
};

struct JsonMember {
  std::string key;
  JsonScalar value;
};

// Parses `body` as one JSON object (RFC 8259, UTF-8, no comments, nesting at most 32 deep)
// and returns its members in order, duplicates included. Members whose value is an object
// or array are returned as kNested. Fails with kInvalidArgument (field "body") when the
// text is not JSON or not an object: the server answers 400 for that. Never throws.
Result<std::vector<JsonMember>> ParseFlatObject(std::string_view body);

}  // namespace salesdesk::server
