// The body of the request-decoding fuzz target, shared by the libFuzzer driver
// (request_fuzz.cc) and the corpus replay test (request_corpus_test.cc).
//
// For any bytes: parse them as a flat JSON object and decode the members as a record of
// every kind (with no stored currency and with a few stored currencies), and parse them
// as a list query string for every kind. Nothing may crash or throw. Whatever decodes
// must survive a round trip: the record written as JSON decodes back to the same values.
// A broken round trip calls std::abort(), which the fuzzer reports as a crash.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/schema.h"
#include "server/flat_json.h"
#include "server/query.h"
#include "server/record_json.h"

namespace salesdesk::server {

inline void CheckRoundTrip(const Record& record) {
  auto members = ParseFlatObject(RecordJson(record));
  if (!members.ok()) std::abort();
  std::vector<JsonMember> fields;
  for (auto& m : *members)
    if (m.key != "id" && m.key != "version") fields.push_back(std::move(m));
  auto again = DecodeRecord(*record.kind, fields, "");
  if (!again.ok() || again->record.values != record.values) std::abort();
}

inline void FuzzDecodeRecordJson(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto members = ParseFlatObject(text); members.ok()) {
    for (const KindSpec* kind : AllKinds()) {
      for (std::string_view stored : {"", "CNY", "JPY", "KWD", "bad"}) {
        auto changes = DecodeRecord(*kind, *members, stored);
        if (!changes.ok()) continue;
        (void)ValidateRecord(changes->record);
        if (stored.empty()) CheckRoundTrip(changes->record);
      }
      (void)NeedsStoredCurrency(*kind, *members);
    }
  }
  if (auto params = ParseQuery(text); params.ok())
    for (const KindSpec* kind : AllKinds()) (void)ParseListQuery(*kind, *params);
}

}  // namespace salesdesk::server
