// Records to and from their API JSON form (docs/api.md, "Records"): the fields of the
// kind by name, plus "id" and "version". Money fields are JSON numbers in major units of
// the row's currency, written and read back exactly; references are integer ids;
// booleans are true/false; dates, periods, times, enums and text are strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "server/flat_json.h"
#include "server/json_writer.h"

namespace salesdesk::server {

// Writes `record` as one JSON object value.
void WriteRecord(JsonWriter& writer, const Record& record);
// `record` as a JSON object text.
std::string RecordJson(const Record& record);

// The fields a request body sets, as a record of the kind plus the indexes (into
// kind.fields, in body order) of the fields that were present.
struct RecordChanges {
  Record record;
  std::vector<int> changed;
};

// Decodes the members of a POST or PATCH body for `kind`. Money fields are read in the
// body's "currency" when it has one, else in `stored_currency` (the row's currency for a
// PATCH; empty for a POST, where a money field then needs a currency in the body).
// Fails with kInvalidArgument naming the member at fault: an unknown member, a member
// given twice, "id"/"org_id"/"version" (set by the server), a nested value, or a value of
// the wrong type or format for its field. Range, enum and required-field checks are
// left to the app (ValidateRecord). Never throws.
Result<RecordChanges> DecodeRecord(const KindSpec& kind, const std::vector<JsonMember>& members,
                                   std::string_view stored_currency);

// True when the body sets a money field without a currency, so that a PATCH needs the
// stored row's currency to read it.
bool NeedsStoredCurrency(const KindSpec& kind, const std::vector<JsonMember>& members);

}  // namespace salesdesk::server
