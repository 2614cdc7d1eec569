// Query strings: decoding and the list parameters of GET /api/v1/{collection}
// (docs/api.md): limit, offset, sort, q, and an equality filter for any other field.
// Every failure here is the client's malformed request: kInvalidArgument naming the
// parameter, which the router answers with 400.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "store/store.h"

namespace salesdesk::server {

struct QueryParam {
  std::string name;
  std::string value;  // percent-decoded, '+' read as a space
};
using QueryParams = std::vector<QueryParam>;

inline constexpr std::int64_t kDefaultLimit = 50;
inline constexpr std::int64_t kMaxLimit = 500;

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); nullopt when a '%' is
// not followed by two hex digits.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Splits and decodes a query string (the part after '?'). Empty items ("a=1&&b=2") are
// skipped. Fails on malformed percent-encoding.
Result<QueryParams> ParseQuery(std::string_view query);

// `param`'s value as an integer in [min, max], naming the parameter on failure.
Result<std::int64_t> IntParam(const QueryParam& param, std::int64_t min, std::int64_t max);

// Builds the ListQuery for `kind`: limit 1..500 (default 50), offset >= 0, sort = a field
// or "id", "-" prefixed for descending, q = substring search over text fields, and every
// other parameter an equality filter on a field (or id), converted to the field's type
// (money in major units of the `currency` parameter, which must then be given).
// Unknown parameters fail naming themselves. `visible` is left for the app to set.
Result<ListQuery> ParseListQuery(const KindSpec& kind, const QueryParams& params);

// Fails naming the first parameter not in `allowed` (for endpoints with fixed parameters).
Status OnlyParams(const QueryParams& params, std::initializer_list<std::string_view> allowed);

}  // namespace salesdesk::server
