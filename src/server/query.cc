#include "server/query.h"

#include <charconv>
#include <cmath>

#include "core/money.h"

namespace salesdesk::server {
namespace {

Status BadParam(std::string message, const std::string& name) { return Status::Invalid(std::move(message), name); }

std::string_view FindParam(const QueryParams& params, std::string_view name) {
  for (const auto& p : params)
    if (p.name == name) return p.value;
  return {};
}

Result<Value> FilterValue(const FieldSpec& field, const QueryParam& p, const QueryParams& all) {
  switch (field.type) {
    case FieldType::kInteger:
    case FieldType::kRef: {
      SD_ASSIGN_OR_RETURN(std::int64_t v, IntParam(p, INT64_MIN, INT64_MAX));
      return Value(v);
    }
    case FieldType::kReal: {
      double d = 0;
      auto [end, ec] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), d);
      if (ec != std::errc() || end != p.value.data() + p.value.size() || !std::isfinite(d))
        return BadParam("must be a number", p.name);
      return Value(d);
    }
    case FieldType::kBool:
      if (p.value == "true" || p.value == "1") return Value(std::int64_t{1});
      if (p.value == "false" || p.value == "0") return Value(std::int64_t{0});
      return BadParam("must be true or false", p.name);
    case FieldType::kMoney: {
      std::string_view currency = FindParam(all, "currency");
      if (!IsCurrencyCode(currency)) return BadParam("filtering by money needs a currency parameter", p.name);
      auto minor = ParseMoney(p.value, currency);
      if (!minor.ok()) return BadParam(minor.status().message(), p.name);
      return Value(*minor);
    }
    default:
      return Value(p.value);
  }
}

Status ApplySort(const KindSpec& kind, const QueryParam& p, ListQuery& q) {
  std::string_view field = p.value;
  q.descending = field.starts_with('-');
  if (q.descending) field.remove_prefix(1);
  if (field == "id" || field.empty()) {
    q.sort_field.clear();
    return field.empty() ? BadParam("must name a field, optionally with '-' for descending", p.name) : Status::Ok();
  }
  if (!kind.Field(field)) return BadParam("'" + std::string(field) + "' is not a field of " + std::string(kind.name), p.name);
  q.sort_field = std::string(field);
  return Status::Ok();
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      if (i + 2 >= text.size()) return std::nullopt;  // a '%' needs two hex digits
      const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

Result<QueryParams> ParseQuery(std::string_view query) {
  QueryParams out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    auto name = PercentDecode(item.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1), true);
    if (!name || !value) return Status::Invalid("the query string has malformed percent-encoding", "query");
    out.push_back({std::move(*name), std::move(*value)});
  }
  return out;
}

Result<std::int64_t> IntParam(const QueryParam& p, std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), v);
  if (ec != std::errc() || end != p.value.data() + p.value.size() || p.value.empty())
    return BadParam("must be a whole number", p.name);
  if (v < min || v > max)
    return BadParam("must be between " + std::to_string(min) + " and " + std::to_string(max), p.name);
  return v;
}

Result<ListQuery> ParseListQuery(const KindSpec& kind, const QueryParams& params) {
  ListQuery q;
  q.limit = kDefaultLimit;
  for (const QueryParam& p : params) {
    if (p.name == "limit") {
      SD_ASSIGN_OR_RETURN(q.limit, IntParam(p, 1, kMaxLimit));
    } else if (p.name == "offset") {
      SD_ASSIGN_OR_RETURN(q.offset, IntParam(p, 0, INT64_MAX));
    } else if (p.name == "sort") {
      SD_RETURN_IF_ERROR(ApplySort(kind, p, q));
    } else if (p.name == "q") {
      q.search = p.value;
    } else if (p.name == "id") {
      SD_ASSIGN_OR_RETURN(std::int64_t id, IntParam(p, INT64_MIN, INT64_MAX));
      q.filters.push_back({"id", Value(id)});
    } else if (const FieldSpec* field = kind.Field(p.name)) {
      SD_ASSIGN_OR_RETURN(Value v, FilterValue(*field, p, params));
      q.filters.push_back({p.name, std::move(v)});
    } else {
      return BadParam("is not a field or parameter of " + std::string(kind.name), p.name);
    }
  }
  return q;
}

Status OnlyParams(const QueryParams& params, std::initializer_list<std::string_view> allowed) {
  for (const QueryParam& p : params) {
    bool ok = false;
    for (auto a : allowed) ok |= p.name == a;
    if (!ok) return BadParam("is not a parameter of this endpoint", p.name);
  }
  return Status::Ok();
}

}  // namespace salesdesk::server
