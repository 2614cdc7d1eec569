#include "core/schema.h"

#include <cmath>

#include "core/dates.h"
#include "core/money.h"

namespace salesdesk {
namespace {

using F = FieldType;

FieldSpec Text(std::string_view name, bool required, std::string_view csv, int max_length = 200) {
  return {.name = name, .type = F::kText, .required = required, .csv_column = csv, .max_length = max_length};
}
FieldSpec Ref(std::string_view name, std::string_view kind, bool required, std::string_view csv) {
  return {.name = name, .type = F::kRef, .required = required, .csv_column = csv, .ref_kind = kind};
}
FieldSpec Enum(std::string_view name, std::vector<std::string_view> values, bool required,
               std::string_view csv) {
  return {.name = name, .type = F::kEnum, .required = required, .csv_column = csv, .enum_values = std::move(values)};
}
FieldSpec Real(std::string_view name, double lo, double hi, bool required, std::string_view csv) {
  return {.name = name, .type = F::kReal, .required = required, .csv_column = csv, .min = lo, .max = hi};
}
FieldSpec Money(std::string_view name, bool required, std::string_view csv) {
  return {.name = name, .type = F::kMoney, .required = required, .csv_column = csv};
}
// A money field that cannot be negative (a forecast of sales).
FieldSpec NonNegativeMoney(std::string_view name, bool required, std::string_view csv) {
  return {.name = name, .type = F::kMoney, .required = required, .csv_column = csv, .min = 0};
}
FieldSpec Whole(std::string_view name, double lo, double hi, bool required, std::string_view csv) {
  return {.name = name, .type = F::kInteger, .required = required, .csv_column = csv, .min = lo, .max = hi};
}
FieldSpec Currency() {
  return {.name = "currency", .type = F::kCurrency, .required = true, .csv_column = "currency"};
}
FieldSpec Of(std::string_view name, FieldType type, bool required, std::string_view csv) {
  return {.name = name, .type = type, .required = required, .csv_column = csv};
}

const KindSpec kTeams{
    .name = "teams", .singular = "team", .natural_key = {"name"},
    .fields = {Text("name", true, "name"),
               Ref("manager_id", "users", false, "manager_email"),
               Ref("parent_id", "teams", false, "parent_name"),
               Text("region", false, "region")},
    };

const KindSpec kUsers{
    .name = "users", .singular = "user", .natural_key = {"email"}, .owner_field = "id",
    .fields = {Text("email", true, "email", 254), Text("name", true, "name"),
               Enum("role", {"admin", "executive", "manager", "rep"}, true, "role"),
               Ref("manager_id", "users", false, "manager_email"),
               Ref("team_id", "teams", false, "team"),
               Text("time_zone", false, "time_zone", 64),
               Enum("locale", {"zh-CN", "en"}, false, "locale"),
               Of("disabled", F::kBool, false, "")}};

const KindSpec kRepProfiles{
    .name = "rep_profiles", .singular = "rep profile", .natural_key = {"user_id"},
    .owner_field = "user_id",
    .fields = {Ref("user_id", "users", true, "email"),
               Text("skills", false, "skills", 2000),
               Real("experience_years", 0, 80, false, "experience_years"),
               Real("weekly_capacity_hours", 0, 100, false, "weekly_capacity_hours"),
               Text("strengths", false, "strengths", 2000),
               Text("weaknesses", false, "weaknesses", 2000),
               Text("home_city", false, "home_city"),
               Real("home_lat", -90, 90, false, "home_lat"),
               Real("home_lon", -180, 180, false, "home_lon")},
    };

const KindSpec kAccounts{
    .name = "accounts", .singular = "account", .natural_key = {"external_id"},
    .owner_field = "owner_id",
    .fields = {Text("external_id", true, "external_id", 64), Text("name", true, "name"),
               Text("industry", false, "industry"), Text("city", false, "city"),
               Text("country", false, "country", 64),
               Real("lat", -90, 90, false, "lat"), Real("lon", -180, 180, false, "lon"),
               Money("potential", false, "potential"), Currency(),
               Ref("owner_id", "users", false, "owner_email"),
               Text("territory", false, "territory", 64)}};

const KindSpec kContacts{
    .name = "contacts", .singular = "contact", .natural_key = {"account_id", "email"},
    .owner_via = "account_id",
    .fields = {Ref("account_id", "accounts", true, "account_external_id"),
               Text("name", true, "name"), Text("email", true, "email", 254),
               Text("phone", false, "phone", 40), Text("title", false, "title")},
    };

const KindSpec kProducts{
    .name = "products", .singular = "product", .natural_key = {"sku"},
    .fields = {Text("sku", true, "sku", 64), Text("name", true, "name"),
               Text("category", false, "category"), Money("unit_price", true, "unit_price"),
               Currency()}};

const KindSpec kOpportunities{
    .name = "opportunities", .singular = "opportunity", .natural_key = {"external_id"},
    .owner_field = "owner_id",
    .fields = {Text("external_id", true, "external_id", 64),
               Ref("account_id", "accounts", true, "account_external_id"),
               Text("name", true, "name"),
               Enum("stage", {"prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"},
                    true, "stage"),
               Money("amount", true, "amount"), Currency(),
               Of("close_date", F::kDate, true, "close_date"),
               Real("probability", 0, 100, false, "probability"),
               Enum("forecast_category", {"pipeline", "best_case", "commit", "closed", "omitted"}, true,
                    "forecast_category"),
               Ref("owner_id", "users", false, "owner_email"),
               Text("lost_reason", false, "lost_reason", 500)}};

const KindSpec kSales{
    .name = "sales", .singular = "sales line",
    .natural_key = {"date", "account_id", "product_id", "rep_id"}, .owner_field = "rep_id",
    .fields = {Of("date", F::kDate, true, "date"),
               Ref("account_id", "accounts", true, "account_external_id"),
               Ref("product_id", "products", true, "product_sku"),
               Ref("rep_id", "users", false, "rep_email"),
               Real("quantity", -1e12, 1e12, true, "quantity"),
               Money("amount", true, "amount"), Currency()}};

const KindSpec kQuotas{
    .name = "quotas", .singular = "quota", .natural_key = {"rep_id", "period"}, .owner_field = "rep_id",
    .fields = {Ref("rep_id", "users", true, "rep_email"), Of("period", F::kPeriod, true, "period"),
               Money("amount", true, "amount"), Currency()}};

const KindSpec kActivities{
    .name = "activities", .singular = "activity", .natural_key = {}, .owner_field = "user_id",
    .fields = {Ref("user_id", "users", false, "user_email"),
               Enum("type", {"prospecting", "call", "meeting", "email", "paperwork"}, true, "type"),
               Ref("account_id", "accounts", false, "account_external_id"),
               Of("started_at", F::kTimestamp, true, "started_at"),
               Real("minutes", 0, 24 * 60, true, "minutes"),
               Text("note", false, "note", 2000)},
    };

// A kept forecast: a number for one period and scope, made by a method, by a person or
// by the engine, kept so that it can be scored when the actuals arrive. `scope_user_id`
// says whose numbers are forecast (a rep's own sales, a manager's whole team); empty
// means the whole organisation. `owner_id` is who answers for the figure.
const KindSpec kForecasts{
    .name = "forecasts", .singular = "forecast", .natural_key = {}, .owner_field = "owner_id",
    .fields = {Ref("owner_id", "users", false, "owner_email"),
               Ref("scope_user_id", "users", false, "scope_email"),
               Of("period", F::kPeriod, true, "period"),
               Enum("method", {"statistical", "executive", "composite", "test_market", "survey",
                               "delphi", "market_factor", "econometric", "committed"},
                    true, "method"),
               Text("model", false, "model", 100),
               NonNegativeMoney("amount", true, "amount"),
               NonNegativeMoney("lo80", false, "lo80"), NonNegativeMoney("hi80", false, "hi80"),
               NonNegativeMoney("lo95", false, "lo95"), NonNegativeMoney("hi95", false, "hi95"),
               Currency(),
               Of("made_on", F::kDate, true, "made_on"),
               Text("note", false, "note", 2000)},
    };

// 德尔菲: a study asks experts for a figure (scope and period) in anonymous rounds until
// their spread falls under `threshold` (IQR / median) or `max_rounds` are done. The
// moderator owns the study; each expert owns their answers, which nobody else can read
// (the study's summary shows only the median, quartiles and the reasons, unattributed).
const KindSpec kDelphiStudies{
    .name = "delphi_studies", .singular = "Delphi study", .natural_key = {"question"}, .owner_field = "owner_id",
    .fields = {Ref("owner_id", "users", false, "owner_email"),
               Text("question", true, "question", 500),
               Ref("scope_user_id", "users", false, "scope_email"),
               Of("period", F::kPeriod, true, "period"),
               Real("threshold", 0, 10, true, "threshold"),
               Whole("max_rounds", 1, 20, true, "max_rounds"),
               Whole("round", 1, 20, true, "round"),
               Enum("status", {"open", "closed"}, true, "status")},
    .importable = false};

const KindSpec kDelphiAnswers{
    .name = "delphi_answers", .singular = "Delphi answer", .natural_key = {"study_id", "round", "expert_id"},
    .owner_field = "expert_id",
    .fields = {Ref("study_id", "delphi_studies", true, "study_question"),
               Whole("round", 1, 20, true, "round"),
               Ref("expert_id", "users", false, "expert_email"),
               Real("figure", -1e15, 1e15, true, "figure"),
               Text("reason", false, "reason", 2000)},
    .importable = false};

// 销售区域规划: a territory's plan in the guide's five phases, each question a field with a
// free answer (the numbers beside them come from /territories/facts). A new revision of a
// plan is a new row (`revision` counts them, `title` names each), so earlier plans stay
// readable.
FieldSpec Answer(std::string_view name) { return Text(name, false, name, 4000); }

const KindSpec kTerritoryPlans{
    .name = "territory_plans", .singular = "territory plan", .natural_key = {"title"},
    .owner_field = "owner_id",
    .fields = {Text("title", true, "title", 200),  // e.g. "East 2027, revision 2"
               Ref("owner_id", "users", false, "owner_email"),
               Text("horizon", true, "horizon", 20),  // the period planned, e.g. "2027" or "2027-H1"
               Whole("revision", 1, 1000000, true, "revision"),
               Enum("status", {"draft", "submitted", "approved"}, true, "status"),
               Answer("market_trends"), Answer("top_customers"), Answer("prospects"), Answer("funding_gap"),
               Answer("missing_features"), Answer("service_gaps"), Answer("marketing_problems"),
               Answer("strengths"), Answer("weaknesses"), Answer("opportunities"), Answer("threats"),
               Answer("goals"), Answer("market_factors"), Answer("action_plan"),
               Answer("strategies"), Answer("lead_generation"), Answer("feasibility")},
    .importable = false};

// An action item of a plan: who does what with which resources by when, and its reviews.
const KindSpec kPlanActions{
    .name = "plan_actions", .singular = "action item", .natural_key = {}, .owner_field = "owner_id",
    .fields = {Ref("plan_id", "territory_plans", true, "plan_title"),
               Ref("owner_id", "users", false, "owner_email"),
               Text("title", true, "title", 300),
               Text("resources", false, "resources", 1000),
               Of("deadline", F::kDate, true, "deadline"),
               Enum("status", {"open", "in_progress", "done", "dropped"}, true, "status"),
               Of("last_review", F::kDate, false, "last_review"),
               Text("review_note", false, "review_note", 2000)},
    .importable = false};

const KindSpec* const kAll[] = {&kTeams, &kUsers, &kRepProfiles, &kAccounts, &kContacts,
                                &kProducts, &kOpportunities, &kSales, &kQuotas, &kActivities,
                                &kForecasts, &kDelphiStudies, &kDelphiAnswers, &kTerritoryPlans, &kPlanActions};

// Counts UTF-8 code points; returns -1 for malformed UTF-8.
int Utf8Length(std::string_view s) {
  int count = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return -1;
    for (int k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return -1;
    i += n;
    ++count;
  }
  return count;
}

}  // namespace

int KindSpec::FieldIndex(std::string_view field_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field_name) return static_cast<int>(i);
  return -1;
}

const FieldSpec* KindSpec::Field(std::string_view field_name) const {
  int i = FieldIndex(field_name);
  return i < 0 ? nullptr : &fields[i];
}

Record::Record(const KindSpec* k) : kind(k) {
  if (!k) return;
  values.resize(k->fields.size());
  for (std::size_t i = 0; i < k->fields.size(); ++i)
    if (k->fields[i].type == FieldType::kBool) values[i] = std::int64_t{0};
}

const Value& Record::Get(std::string_view field) const {
  static const Value kNull;
  int i = kind->FieldIndex(field);
  return i < 0 ? kNull : values[i];
}

void Record::Set(std::string_view field, Value v) {
  int i = kind->FieldIndex(field);
  if (i >= 0) values[i] = std::move(v);
}

std::int64_t Record::GetInt(std::string_view field, std::int64_t fallback) const {
  const Value& v = Get(field);
  return std::holds_alternative<std::int64_t>(v) ? std::get<std::int64_t>(v) : fallback;
}

double Record::GetReal(std::string_view field, double fallback) const {
  const Value& v = Get(field);
  if (std::holds_alternative<double>(v)) return std::get<double>(v);
  if (std::holds_alternative<std::int64_t>(v)) return static_cast<double>(std::get<std::int64_t>(v));
  return fallback;
}

std::string Record::GetText(std::string_view field) const {
  const Value& v = Get(field);
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
}

std::span<const KindSpec* const> AllKinds() { return kAll; }

const KindSpec* FindKind(std::string_view name) {
  for (const KindSpec* k : kAll)
    if (k->name == name) return k;
  return nullptr;
}

const KindSpec& TeamsKind() { return kTeams; }
const KindSpec& UsersKind() { return kUsers; }
const KindSpec& RepProfilesKind() { return kRepProfiles; }
const KindSpec& AccountsKind() { return kAccounts; }
const KindSpec& ContactsKind() { return kContacts; }
const KindSpec& ProductsKind() { return kProducts; }
const KindSpec& OpportunitiesKind() { return kOpportunities; }
const KindSpec& SalesKind() { return kSales; }
const KindSpec& QuotasKind() { return kQuotas; }
const KindSpec& ActivitiesKind() { return kActivities; }
const KindSpec& ForecastsKind() { return kForecasts; }
const KindSpec& DelphiStudiesKind() { return kDelphiStudies; }
const KindSpec& DelphiAnswersKind() { return kDelphiAnswers; }
const KindSpec& TerritoryPlansKind() { return kTerritoryPlans; }
const KindSpec& PlanActionsKind() { return kPlanActions; }

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kExecutive: return "executive";
    case Role::kManager: return "manager";
    case Role::kRep: return "rep";
  }
  return "rep";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kAdmin, Role::kExecutive, Role::kManager, Role::kRep})
    if (RoleName(r) == name) return r;
  return std::nullopt;
}

Status ValidateValue(const FieldSpec& field, const Value& value) {
  const std::string name(field.name);
  if (std::holds_alternative<std::monostate>(value))
    return field.required ? Status::Invalid("is required", name) : Status::Ok();
  auto text = [&]() -> const std::string* { return std::get_if<std::string>(&value); };
  auto integer = [&]() -> const std::int64_t* { return std::get_if<std::int64_t>(&value); };
  switch (field.type) {
    case F::kText: {
      if (!text()) return Status::Invalid("must be text", name);
      int len = Utf8Length(*text());
      if (len < 0) return Status::Invalid("is not valid UTF-8", name);
      if (len > field.max_length)
        return Status::Invalid("is longer than " + std::to_string(field.max_length) + " characters", name);
      if (field.required && text()->empty()) return Status::Invalid("must not be empty", name);
      return Status::Ok();
    }
    case F::kInteger:
    case F::kMoney:
      if (!integer()) return Status::Invalid("must be a whole number", name);
      if (static_cast<double>(*integer()) < field.min) {
        return Status::Invalid(field.min == 0 ? std::string("must not be negative")
                                              : "must be at least " + std::to_string(static_cast<long long>(field.min)),
                               name);
      }
      if (static_cast<double>(*integer()) > field.max) {
        return Status::Invalid("must be at most " + std::to_string(static_cast<long long>(field.max)), name);
      }
      return Status::Ok();
    case F::kRef:
      return integer() && *integer() > 0 ? Status::Ok() : Status::Invalid("must be a record id", name);
    case F::kBool:
      return integer() && (*integer() == 0 || *integer() == 1) ? Status::Ok()
                                                               : Status::Invalid("must be true or false", name);
    case F::kReal: {
      double d = integer() ? static_cast<double>(*integer()) : std::holds_alternative<double>(value) ? std::get<double>(value) : NAN;
      if (!std::isfinite(d)) return Status::Invalid("must be a number", name);
      if (d < field.min || d > field.max)
        return Status::Invalid("must be between " + std::to_string(field.min) + " and " + std::to_string(field.max), name);
      return Status::Ok();
    }
    case F::kCurrency:
      return text() && IsCurrencyCode(*text()) ? Status::Ok()
                                               : Status::Invalid("must be an ISO 4217 code like CNY or USD", name);
    case F::kDate: {
      if (!text()) return Status::Invalid("must be a date like 2026-03-31", name);
      auto d = ParseDate(*text());
      return d.ok() ? Status::Ok() : Status::Invalid(d.status().message(), name);
    }
    case F::kPeriod: {
      if (!text()) return Status::Invalid("must be a period like 2026-03 or 2026-Q1", name);
      auto p = ParsePeriod(*text());
      return p.ok() ? Status::Ok() : Status::Invalid(p.status().message(), name);
    }
    case F::kTimestamp: {
      if (!text()) return Status::Invalid("must be a UTC time like 2026-03-31T09:30:00Z", name);
      auto t = ParseTimestamp(*text());
      return t.ok() ? Status::Ok() : Status::Invalid(t.status().message(), name);
    }
    case F::kEnum: {
      if (text())
        for (auto v : field.enum_values)
          if (v == *text()) return Status::Ok();
      std::string allowed;
      for (auto v : field.enum_values) allowed += (allowed.empty() ? "" : ", ") + std::string(v);
      return Status::Invalid("must be one of: " + allowed, name);
    }
  }
  return Status::Internal("unknown field type");
}

Status ValidateRecord(const Record& record) {
  for (std::size_t i = 0; i < record.kind->fields.size(); ++i)
    SD_RETURN_IF_ERROR(ValidateValue(record.kind->fields[i], record.values[i]));
  return ValidateKindRules(record);
}

Status ValidateKindRules(const Record& record) {
  if (record.kind == &kUsers) {
    std::string tz = record.GetText("time_zone");
    if (!tz.empty() && !IsTimeZone(tz))
      return Status::Invalid("'" + tz + "' is not an IANA time zone like Asia/Shanghai", "time_zone");
    std::string email = record.GetText("email");
    if (email.find('@') == std::string::npos || email.front() == '@' || email.back() == '@')
      return Status::Invalid("'" + email + "' is not an e-mail address", "email");
  }
  if (record.kind == &kForecasts) {
    // Interval bounds, where given, must enclose the figure: lo95 <= lo80 <= amount <= hi80 <= hi95.
    const char* order[] = {"lo95", "lo80", "amount", "hi80", "hi95"};
    const Value* last = nullptr;
    const char* last_name = nullptr;
    for (const char* name : order) {
      const Value& v = record.Get(name);
      if (!std::holds_alternative<std::int64_t>(v)) continue;
      if (last && std::get<std::int64_t>(v) < std::get<std::int64_t>(*last))
        return Status::Invalid(std::string("must not be below ") + last_name, name);
      last = &v;
      last_name = name;
    }
  }
  return Status::Ok();
}

}  // namespace salesdesk
