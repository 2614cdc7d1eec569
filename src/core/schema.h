// The records salesdesk keeps, described once as data. The store derives its SQL, the
// importer its columns, the API its JSON and the access rules their owner field from
// these descriptions, so adding a field is one line here plus a migration.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace salesdesk {

using Id = std::int64_t;

enum class FieldType {
  kText,       // UTF-8, at most max_length code points
  kInteger,    // 64-bit
  kReal,       // finite double in [min, max]
  kMoney,      // integer minor units of the row's `currency`; shown in major units
  kCurrency,   // ISO 4217 code, three capital letters
  kDate,       // YYYY-MM-DD
  kPeriod,     // YYYY-MM or YYYY-Qn
  kTimestamp,  // UTC, YYYY-MM-DDTHH:MM:SSZ
  kEnum,       // one of enum_values
  kRef,        // id of a row of ref_kind in the same organisation
  kBool,       // 0 or 1
};

// One field of a record kind. `name` is both the JSON key and the SQL column.
struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::kText;
  bool required = false;
  // CSV column for import/export; empty when the field is not part of the file layout.
  // For kRef it names the referenced row's natural key (e.g. "owner_email").
  std::string_view csv_column;
  std::string_view ref_kind;  // kRef: the kind referred to
  std::vector<std::string_view> enum_values = {};
  int max_length = 200;
  double min = -1e300;
  double max = 1e300;
};

// A kind of record: a table, an API collection and an import kind at once.
struct KindSpec {
  std::string_view name;              // "accounts": table name and /api/v1/<name>
  std::string_view singular;          // "account": used in messages
  std::vector<std::string_view> natural_key;  // fields that identify a row for upserts
  // The field naming the user who owns the row (visibility and changes follow it), or
  // empty when rows belong to the whole organisation. For a kind owned through a parent
  // (contacts through their account) `owner_via` names the kRef field to follow.
  std::string_view owner_field;
  std::string_view owner_via;
  std::vector<FieldSpec> fields;
  bool importable = true;

  // Index of field `name` in `fields`, or -1.
  int FieldIndex(std::string_view field_name) const;
  const FieldSpec* Field(std::string_view field_name) const;
};

// A field's value: null, integer (also kMoney, kRef, kBool), real, or text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// One row of a kind. `values` is parallel to kind->fields.
struct Record {
  const KindSpec* kind = nullptr;
  Id id = 0;
  std::int64_t version = 0;
  std::vector<Value> values;

  // A new record of kind `k`: every field null, except booleans, which start false.
  explicit Record(const KindSpec* k = nullptr);
  const Value& Get(std::string_view field) const;
  void Set(std::string_view field, Value v);
  // Convenience accessors; a null or differently typed value yields the fallback.
  std::int64_t GetInt(std::string_view field, std::int64_t fallback = 0) const;
  double GetReal(std::string_view field, double fallback = 0) const;
  std::string GetText(std::string_view field) const;
};

// Every kind salesdesk knows, in dependency order (a kind refers only to earlier ones).
std::span<const KindSpec* const> AllKinds();
// The kind called `name`, or nullptr.
const KindSpec* FindKind(std::string_view name);

// The built-in kinds, for code that needs one by name at compile time.
const KindSpec& TeamsKind();
const KindSpec& UsersKind();
const KindSpec& RepProfilesKind();
const KindSpec& AccountsKind();
const KindSpec& ContactsKind();
const KindSpec& ProductsKind();
const KindSpec& OpportunitiesKind();
const KindSpec& SalesKind();
const KindSpec& QuotasKind();
const KindSpec& ActivitiesKind();
const KindSpec& ForecastsKind();
const KindSpec& DelphiStudiesKind();
const KindSpec& DelphiAnswersKind();
const KindSpec& TerritoryPlansKind();
const KindSpec& PlanActionsKind();

// Roles, from most to least powerful.
enum class Role { kAdmin, kExecutive, kManager, kRep };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Checks one value against its field: type, range, length, enum, format. Does not
// resolve references (that needs the store). The message names what is wrong.
Status ValidateValue(const FieldSpec& field, const Value& value);
// Checks every field of `record`, including required ones, then ValidateKindRules; the
// Status names the field.
Status ValidateRecord(const Record& record);
// The checks that span a kind rather than one value's type (a user's time zone exists,
// an e-mail has an @). Assumes each field already passed ValidateValue.
Status ValidateKindRules(const Record& record);

}  // namespace salesdesk
