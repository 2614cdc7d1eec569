// A streaming JSON writer that appends straight into a reply body, so replies are
// serialised without building a DOM first (the hot path of every list request).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace salesdesk::server {

// Appends JSON text to `out`. Commas and colons are inserted automatically; the caller
// is responsible for balancing Begin/End calls and for calling Key() before each value
// inside an object. Not thread-safe (one writer per body).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  // Key() for a key known to need no escaping (a field name: ASCII letters, digits, _).
  JsonWriter& PlainKey(std::string_view key);
  // A JSON string; `text` must be UTF-8 (it is escaped, not validated).
  JsonWriter& String(std::string_view text);
  JsonWriter& Int(std::int64_t value);
  // Shortest text that reads back as the same double; NaN and infinities become null.
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Appends `text` as a value verbatim; the caller guarantees it is a valid JSON number.
  JsonWriter& RawNumber(std::string_view text);
  // Appends `json` as a value verbatim; the caller guarantees it is one valid JSON value
  // (a reply body written before, for instance).
  JsonWriter& Raw(std::string_view json);

 private:
  void BeforeValue();

  std::string& out_;
  bool need_comma_ = false;
};

// Appends `text` to `out` as a quoted, escaped JSON string.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace salesdesk::server
