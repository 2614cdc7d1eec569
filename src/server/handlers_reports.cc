// The audit log, the dashboard, and CSV import and export.
#include "app/dashboard.h"
#include "core/dates.h"
#include "server/handlers.h"
#include "server/problem.h"
#include "server/query.h"

namespace salesdesk::server {
namespace {

void Optional(JsonWriter& w, std::string_view key, const std::optional<double>& v) {
  w.Key(key);
  if (v) {
    w.Double(*v);
  } else {
    w.Null();
  }
}

void WriteAttainment(JsonWriter& w, std::string_view id_key, const app::Attainment& a, bool with_team) {
  w.BeginObject();
  if (!id_key.empty()) w.Key(id_key).Int(a.id).Key("name").String(a.name);
  if (with_team) w.Key("team").String(a.team);
  w.Key("sales").Double(a.sales).Key("quota").Double(a.quota);
  Optional(w, "attainment", a.attainment);
  w.EndObject();
}

void WriteBuckets(JsonWriter& w, std::string_view key_name, const std::vector<app::Dashboard::Bucket>& buckets) {
  w.BeginArray();
  for (const auto& b : buckets)
    w.BeginObject().Key(key_name).String(b.key).Key("count").Int(b.count).Key("amount").Double(b.amount).EndObject();
  w.EndArray();
}

std::string DashboardJson(const app::Dashboard& d) {
  std::string body;
  body.reserve(1024 + 128 * (d.reps.size() + d.trend.size()));
  JsonWriter w(body);
  w.BeginObject().Key("from").String(d.from).Key("to").String(d.to).Key("currency").String(d.currency);
  w.Key("reps").BeginArray();
  for (const auto& a : d.reps) WriteAttainment(w, "user_id", a, true);
  w.EndArray().Key("teams").BeginArray();
  for (const auto& a : d.teams) WriteAttainment(w, "team_id", a, false);
  w.EndArray().Key("total");
  WriteAttainment(w, "", d.total, false);
  w.Key("pipeline_by_stage");
  WriteBuckets(w, "stage", d.by_stage);
  w.Key("pipeline_by_category");
  WriteBuckets(w, "category", d.by_category);
  w.Key("win_rate").BeginObject().Key("won").Int(d.won).Key("lost").Int(d.lost);
  Optional(w, "rate", d.win_rate);
  w.EndObject().Key("trend").BeginArray();
  for (const auto& [month, sales] : d.trend)
    w.BeginObject().Key("month").String(month).Key("sales").Double(sales).EndObject();
  w.EndArray().Key("overdue_actions").BeginObject().Key("total").Int(d.overdue_total).Key("items").BeginArray();
  for (const auto& a : d.overdue_actions) {
    w.BeginObject().Key("id").Int(a.id).Key("plan_id").Int(a.plan_id).Key("title").String(a.title);
    w.Key("deadline").String(a.deadline).Key("status").String(a.status).Key("owner").String(a.owner).EndObject();
  }
  w.EndArray().EndObject().EndObject();
  return body;
}

Response ImportRejected(const app::ImportReport& report) {
  std::string body;
  JsonWriter w(body);
  w.BeginObject();
  const std::string detail = std::to_string(report.error_count) + (report.error_count == 1 ? " problem" : " problems") +
                             " in the file; nothing was imported";
  WriteProblemMembers(w, 422, detail, report.errors.empty() ? std::string() : report.errors.front().column);
  w.Key("rows").Int(report.rows).Key("error_count").Int(report.error_count);
  w.Key("errors").BeginArray();
  for (const auto& e : report.errors)
    w.BeginObject().Key("line").Int(e.line).Key("column").String(e.column).Key("reason").String(e.reason).EndObject();
  w.EndArray().EndObject();
  return MakeResponse(422, kProblemType, std::move(body));
}

}  // namespace

Response HandleAudit(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {"limit", "offset"}); !only.ok()) return BadRequest(only);
  std::int64_t limit = kDefaultLimit, offset = 0;
  for (const auto& p : *params) {
    auto v = p.name == "limit" ? IntParam(p, 1, kMaxLimit) : IntParam(p, 0, INT64_MAX);
    if (!v.ok()) return BadRequest(v.status());
    (p.name == "limit" ? limit : offset) = *v;
  }
  auto entries = app::ListAuditLog(s.store, call.session->actor, limit, offset);
  if (!entries.ok()) return ProblemFor(entries.status());
  std::string body;
  body.reserve(64 + entries->size() * 160);
  JsonWriter w(body);
  w.BeginObject().Key("items").BeginArray();
  for (const AuditEntry& e : *entries) {
    w.BeginObject().Key("actor_id").Int(e.actor_id).Key("action").String(e.action).Key("target").String(e.target);
    w.Key("outcome").String(e.outcome).Key("detail").String(e.detail).Key("at").String(FormatTimestamp(e.at));
    w.EndObject();
  }
  w.EndArray().Key("limit").Int(limit).Key("offset").Int(offset).EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleDashboard(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {"from", "to"}); !only.ok()) return BadRequest(only);
  const std::string today = FormatTimestamp(NowUnixSeconds()).substr(0, 10);
  std::string from = today.substr(0, 4) + "-01-01", to = today;
  for (const auto& p : *params) (p.name == "from" ? from : to) = p.value;
  auto dashboard = app::BuildDashboard(s.store, call.session->actor, from, to);
  if (!dashboard.ok()) {
    const Status& st = dashboard.status();
    const bool bad_param = st.code() == StatusCode::kInvalidArgument && (st.field() == "from" || st.field() == "to");
    return bad_param ? BadRequest(st) : ProblemFor(st);
  }
  return JsonResponse(200, DashboardJson(*dashboard));
}

Response HandleImport(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {}); !only.ok()) return BadRequest(only);
  auto report = s.imports.Import(call.session->actor, *call.route.kind, call.request.body());
  if (!report.ok()) return ProblemFor(report.status());
  if (report->error_count > 0 || !report->errors.empty()) return ImportRejected(*report);
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("inserted").Int(report->inserted).Key("updated").Int(report->updated);
  w.Key("rows").Int(report->rows).Key("warnings").BeginArray();
  for (const auto& warning : report->warnings) w.String(warning);
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleExport(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {}); !only.ok()) return BadRequest(only);
  const KindSpec& kind = *call.route.kind;
  auto csv = s.imports.Export(call.session->actor, kind);
  if (!csv.ok()) return ProblemFor(csv.status());
  Response res = MakeResponse(200, "text/csv; charset=utf-8", std::move(csv).value());
  res.set(http::field::content_disposition, "attachment; filename=\"" + std::string(kind.name) + ".csv\"");
  return res;
}

}  // namespace salesdesk::server
