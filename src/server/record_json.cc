#include "server/record_json.h"

#include <charconv>
#include <cmath>

#include "core/money.h"

namespace salesdesk::server {
namespace {

using Type = JsonScalar::Type;

void WriteValue(JsonWriter& w, const FieldSpec& field, const Value& value, std::string_view currency) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    if (field.type == FieldType::kMoney) {
      w.RawNumber(FormatMoney(*i, currency));
    } else if (field.type == FieldType::kBool) {
      w.Bool(*i != 0);
    } else {
      w.Int(*i);
    }
  } else if (const auto* d = std::get_if<double>(&value)) {
    w.Double(*d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    w.String(*s);
  } else {
    w.Null();
  }
}

std::string TypeMessage(const FieldSpec& field) {
  switch (field.type) {
    case FieldType::kText: return "must be a string";
    case FieldType::kInteger: return "must be a whole number";
    case FieldType::kReal: return "must be a number";
    case FieldType::kMoney: return "must be a number like 1234.50";
    case FieldType::kCurrency: return "must be an ISO 4217 code like \"CNY\"";
    case FieldType::kDate: return "must be a date string like \"2026-03-31\"";
    case FieldType::kPeriod: return "must be a period string like \"2026-03\" or \"2026-Q1\"";
    case FieldType::kTimestamp: return "must be a UTC time string like \"2026-03-31T09:30:00Z\"";
    case FieldType::kEnum: return "must be one of the listed strings";
    case FieldType::kRef: return "must be a record id (a whole number)";
    case FieldType::kBool: return "must be true or false";
  }
  return "has the wrong type";
}

// An integer from a JSON number's text; fails for fractions, exponents and overflow.
bool ParseInteger(const std::string& text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseReal(const std::string& text, double& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

Result<Value> DecodeValue(const FieldSpec& field, const JsonScalar& v, std::string_view currency) {
  const std::string name(field.name);
  const Status wrong = Status::Invalid(TypeMessage(field), name);
  if (v.type == Type::kNull) return Value();
  switch (field.type) {
    case FieldType::kText:
    case FieldType::kCurrency:
    case FieldType::kDate:
    case FieldType::kPeriod:
    case FieldType::kTimestamp:
    case FieldType::kEnum:
      if (v.type != Type::kString) return wrong;
      return Value(v.text);
    case FieldType::kInteger:
    case FieldType::kRef: {
      std::int64_t i = 0;
      if (v.type != Type::kNumber || !ParseInteger(v.text, i)) return wrong;
      return Value(i);
    }
    case FieldType::kReal: {
      double d = 0;
      if (v.type != Type::kNumber || !ParseReal(v.text, d)) return wrong;
      return Value(d);
    }
    case FieldType::kBool:
      if (v.type != Type::kBool) return wrong;
      return Value(std::int64_t{v.boolean ? 1 : 0});
    case FieldType::kMoney: {
      if (v.type != Type::kNumber) return wrong;
      if (!IsCurrencyCode(currency))
        return Status::Invalid("a currency is needed to read " + name, "currency");
      auto minor = ParseMoney(v.text, currency);
      if (!minor.ok()) return Status::Invalid(minor.status().message(), name);
      return Value(*minor);
    }
  }
  return wrong;
}

bool IsServerField(std::string_view key) { return key == "id" || key == "org_id" || key == "version"; }

// The currency money in the body is written in: the body's own, else the stored row's.
std::string_view BodyCurrency(const std::vector<JsonMember>& members, std::string_view stored) {
  for (const auto& m : members)
    if (m.key == "currency" && m.value.type == Type::kString) return m.value.text;
  return stored;
}

}  // namespace

namespace {

// The index of the "currency" field of `kind` (or -1), looked up once per kind.
int CurrencyIndex(const KindSpec& kind) {
  static const std::vector<std::pair<const KindSpec*, int>> kIndexes = [] {
    std::vector<std::pair<const KindSpec*, int>> v;
    for (const KindSpec* k : AllKinds()) v.emplace_back(k, k->FieldIndex("currency"));
    return v;
  }();
  for (const auto& [k, index] : kIndexes)
    if (k == &kind) return index;
  return kind.FieldIndex("currency");
}

}  // namespace

void WriteRecord(JsonWriter& w, const Record& record) {
  const KindSpec& kind = *record.kind;
  const int currency_index = CurrencyIndex(kind);
  std::string_view currency;
  if (currency_index >= 0)
    if (const auto* c = std::get_if<std::string>(&record.values[currency_index])) currency = *c;
  w.BeginObject();
  w.PlainKey("id").Int(record.id);
  w.PlainKey("version").Int(record.version);
  for (std::size_t i = 0; i < kind.fields.size() && i < record.values.size(); ++i) {
    w.PlainKey(kind.fields[i].name);
    WriteValue(w, kind.fields[i], record.values[i], currency);
  }
  w.EndObject();
}

std::string RecordJson(const Record& record) {
  std::string out;
  out.reserve(256);
  JsonWriter w(out);
  WriteRecord(w, record);
  return out;
}

Result<RecordChanges> DecodeRecord(const KindSpec& kind, const std::vector<JsonMember>& members,
                                   std::string_view stored_currency) {
  RecordChanges out{Record(&kind), {}};
  const std::string_view currency = BodyCurrency(members, stored_currency);
  for (const JsonMember& m : members) {
    if (IsServerField(m.key)) return Status::Invalid("is set by the server", m.key);
    const int index = kind.FieldIndex(m.key);
    if (index < 0) return Status::Invalid("is not a field of " + std::string(kind.singular), m.key);
    for (int seen : out.changed)
      if (seen == index) return Status::Invalid("is given more than once", m.key);
    if (m.value.type == Type::kNested) return Status::Invalid("must be a single value, not an object or array", m.key);
    SD_ASSIGN_OR_RETURN(out.record.values[index], DecodeValue(kind.fields[index], m.value, currency));
    out.changed.push_back(index);
  }
  return out;
}

bool NeedsStoredCurrency(const KindSpec& kind, const std::vector<JsonMember>& members) {
  bool money = false;
  for (const JsonMember& m : members) {
    if (m.key == "currency") return false;
    const FieldSpec* f = kind.Field(m.key);
    money |= f && f->type == FieldType::kMoney && m.value.type == Type::kNumber;
  }
  return money;
}

}  // namespace salesdesk::server
