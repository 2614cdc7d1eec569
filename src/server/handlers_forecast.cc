// /api/v1/forecast/...: the forecast sheet of issue 3 §3 (scopes, sheet, roll-up, keeping
// the engine's forecasts, executive opinion, sales-force composite) and Delphi rounds.
// Kept and committed figures are ordinary records (/api/v1/forecasts).
#include <cmath>

#include "app/delphi.h"
#include "app/forecasting.h"
#include "core/dates.h"
#include "server/flat_json.h"
#include "server/handlers.h"
#include "server/json_writer.h"
#include "server/problem.h"
#include "server/query.h"
#include "server/record_json.h"

namespace salesdesk::server {
namespace {

// A user's mistake in a parameter is 400; anything else keeps its own status.
Response ParamProblem(const Status& st, std::initializer_list<std::string_view> params) {
  if (st.code() == StatusCode::kInvalidArgument)
    for (std::string_view p : params)
      if (st.field() == p) return BadRequest(st);
  return ProblemFor(st);
}

void WriteScope(JsonWriter& w, const app::ForecastScope& s) {
  w.BeginObject().Key("key").String(s.key).Key("name").String(s.name).Key("level").String(s.level);
  w.Key("parent").String(s.parent).Key("user_id");
  if (s.user_id) {
    w.Int(*s.user_id);
  } else {
    w.Null();
  }
  w.EndObject();
}

void WriteNumbers(JsonWriter& w, const char* key, const std::vector<double>& values) {
  w.Key(key).BeginArray();
  for (double v : values) w.Double(v);  // NaN (no figure) is written as null
  w.EndArray();
}

Date Today() { return Date::FromDaysSinceEpoch(NowUnixSeconds() / 86400); }

// `as_of` (YYYY-MM-DD) lets a caller see the sheet as it was on a past day.
Result<Date> AsOf(const QueryParams& params) {
  for (const auto& p : params) {
    if (p.name != "as_of") continue;
    auto d = ParseDate(p.value);
    if (!d.ok()) return Status::Invalid(d.status().message(), "as_of");
    return *d;
  }
  return Today();
}

}  // namespace

Response HandleForecastScopes(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {}); !only.ok()) return BadRequest(only);
  auto scopes = app::ForecastScopes(s.store, call.session->actor);
  if (!scopes.ok()) return ProblemFor(scopes.status());
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("items").BeginArray();
  for (const auto& scope : *scopes) WriteScope(w, scope);
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleForecastSheet(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {"scope", "horizon", "as_of"}); !only.ok()) return BadRequest(only);
  std::string scope = "org";
  std::int64_t horizon = 6;
  for (const auto& p : *params) {
    if (p.name == "scope") scope = p.value;
    if (p.name == "horizon") {
      auto h = IntParam(p, 1, 24);
      if (!h.ok()) return BadRequest(h.status());
      horizon = *h;
    }
  }
  auto as_of = AsOf(*params);
  if (!as_of.ok()) return BadRequest(as_of.status());
  auto sheet = app::BuildForecastSheet(s.store, call.session->actor, scope, static_cast<int>(horizon), *as_of);
  if (!sheet.ok()) return ParamProblem(sheet.status(), {"scope", "horizon"});
  const app::ForecastSheet& sh = *sheet;
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("scope");
  WriteScope(w, sh.scope);
  w.Key("currency").String(sh.currency);
  w.Key("history_months").BeginArray();
  for (const auto& m : sh.history_months) w.String(m);
  w.EndArray();
  WriteNumbers(w, "history", sh.history);
  w.Key("months").BeginArray();
  for (const auto& m : sh.months) w.String(m);
  w.EndArray();
  w.Key("forecasts").BeginArray();
  for (const auto& f : sh.forecasts) {
    w.BeginObject().Key("source").String(f.source).Key("method").String(f.method).Key("model").String(f.model);
    WriteNumbers(w, "mean", f.mean);
    WriteNumbers(w, "lo80", f.lo80);
    WriteNumbers(w, "hi80", f.hi80);
    WriteNumbers(w, "lo95", f.lo95);
    WriteNumbers(w, "hi95", f.hi95);
    w.Key("note").String(f.note).EndObject();
  }
  w.EndArray().Key("league").BeginArray();
  for (const auto& t : sh.league) {
    w.BeginObject().Key("source").String(t.source).Key("n").Int(t.n).Key("mase").Double(t.mase);
    w.Key("bias_percent").Double(t.bias_percent).Key("mae").Double(t.mae).Key("over_time").BeginArray();
    for (const auto& p : t.over_time) {
      w.BeginObject().Key("month").String(p.month).Key("mase").Double(p.mase);
      w.Key("bias_percent").Double(p.bias_percent).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  WriteNumbers(w, "suggested", sh.suggested);
  w.Key("suggested_weights").BeginArray();
  for (const auto& [source, weight] : sh.suggested_weights) {
    w.BeginObject().Key("source").String(source).Key("weight").Double(weight).EndObject();
  }
  w.EndArray().Key("committed").BeginArray();
  for (std::size_t i = 0; i < sh.committed.size(); ++i) {
    if (sh.committed[i]) {
      w.BeginObject().Key("amount").Double(*sh.committed[i]).Key("note").String(sh.committed_notes[i]).EndObject();
    } else {
      w.Null();
    }
  }
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleForecastRollup(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {"scope", "horizon", "method", "reconciliation", "as_of"}); !only.ok()) {
    return BadRequest(only);
  }
  std::string scope = "org", method = "ets", reconciliation = "mint_shrink";
  std::int64_t horizon = 6;
  for (const auto& p : *params) {
    if (p.name == "scope") scope = p.value;
    if (p.name == "method") method = p.value;
    if (p.name == "reconciliation") reconciliation = p.value;
    if (p.name == "horizon") {
      auto h = IntParam(p, 1, 24);
      if (!h.ok()) return BadRequest(h.status());
      horizon = *h;
    }
  }
  auto as_of = AsOf(*params);
  if (!as_of.ok()) return BadRequest(as_of.status());
  auto rollup = app::BuildForecastRollup(s.store, call.session->actor, scope, method, reconciliation,
                                         static_cast<int>(horizon), *as_of);
  if (!rollup.ok()) return ParamProblem(rollup.status(), {"scope", "horizon", "method", "reconciliation"});
  const app::ForecastRollup& r = *rollup;
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("currency").String(r.currency).Key("method").String(r.method);
  w.Key("reconciliation").String(r.reconciliation).Key("shrinkage").Double(r.shrinkage).Key("note").String(r.note);
  w.Key("history_months").BeginArray();
  for (const auto& m : r.history_months) w.String(m);
  w.EndArray().Key("months").BeginArray();
  for (const auto& m : r.months) w.String(m);
  w.EndArray().Key("nodes").BeginArray();
  for (const app::RollupNode& n : r.nodes) {
    w.BeginObject().Key("scope");
    WriteScope(w, n.scope);
    w.Key("model").String(n.model);
    WriteNumbers(w, "history", n.history);
    WriteNumbers(w, "base", n.base);
    WriteNumbers(w, "reconciled", n.reconciled);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(body));
}

namespace {

// scope (default org), month (default as_of's month), as_of.
struct MonthQuery {
  std::string scope = "org", month;
  Date as_of;
};

Result<MonthQuery> ReadMonthQuery(const Call& call) {
  SD_ASSIGN_OR_RETURN(QueryParams params, ParseQuery(call.query));
  SD_RETURN_IF_ERROR(OnlyParams(params, {"scope", "month", "as_of"}));
  MonthQuery q;
  SD_ASSIGN_OR_RETURN(q.as_of, AsOf(params));
  char month[16];
  std::snprintf(month, sizeof month, "%04d-%02d", q.as_of.year, q.as_of.month);
  q.month = month;
  for (const auto& p : params) {
    if (p.name == "scope") q.scope = p.value;
    if (p.name == "month") q.month = p.value;
  }
  return q;
}

}  // namespace

Response HandleForecastOpinion(Services& s, const Call& call) {
  auto q = ReadMonthQuery(call);
  if (!q.ok()) return BadRequest(q.status());
  auto o = app::BuildExecutiveOpinion(s.store, call.session->actor, q->scope, q->month, q->as_of);
  if (!o.ok()) return ParamProblem(o.status(), {"scope", "month"});
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("month").String(o->month).Key("forecast").Double(o->forecast);
  w.Key("median").Double(o->median).Key("q1").Double(o->q1).Key("q3").Double(o->q3);
  w.Key("min").Double(o->min).Key("max").Double(o->max).Key("people").BeginArray();
  for (const app::OpinionPerson& p : o->people) {
    w.BeginObject().Key("name").String(p.name).Key("figure").Double(p.figure).Key("weight").Double(p.weight);
    w.Key("history").Int(p.history).Key("past_mae").Double(p.past_mae).EndObject();
  }
  w.EndArray().Key("note").String(o->note).EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleForecastComposite(Services& s, const Call& call) {
  auto q = ReadMonthQuery(call);
  if (!q.ok()) return BadRequest(q.status());
  auto c = app::BuildSalesForceComposite(s.store, call.session->actor, q->scope, q->month, q->as_of);
  if (!c.ok()) return ParamProblem(c.status(), {"scope", "month"});
  auto optional = [&](JsonWriter& w, const char* key, const std::optional<double>& v) {
    w.Key(key);
    if (v) {
      w.Double(*v);
    } else {
      w.Null();
    }
  };
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("month").String(c->month).Key("reps").BeginArray();
  for (const app::CompositeRep& r : c->reps) {
    w.BeginObject().Key("scope");
    WriteScope(w, r.scope);
    optional(w, "call", r.call);
    optional(w, "adjusted", r.adjusted);
    w.Key("adjusted_by").String(r.adjusted_by).Key("reason").String(r.reason);
    w.Key("pipeline").BeginObject().Key("closed").Double(r.closed).Key("commit").Double(r.commit);
    w.Key("best_case").Double(r.best_case).Key("weighted").Double(r.weighted).EndObject();
    w.Key("bias_months").Int(r.bias_months).Key("bias_percent").Double(r.bias_percent);
    w.Key("correction").Double(r.correction).EndObject();
  }
  w.EndArray().Key("lines").BeginArray();
  for (const app::CompositeRollupLine& l : c->lines) {
    w.BeginObject().Key("scope");
    WriteScope(w, l.scope);
    w.Key("submitted").Double(l.submitted).Key("adjusted").Double(l.adjusted);
    w.Key("bias_corrected").Double(l.bias_corrected).Key("reps").Int(l.reps).Key("missing").Int(l.missing);
    w.EndObject();
  }
  w.EndArray().Key("note").String(c->note).EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleForecastKeep(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {"as_of"}); !only.ok()) return BadRequest(only);
  auto as_of = AsOf(*params);
  if (!as_of.ok()) return BadRequest(as_of.status());
  auto members = ParseFlatObject(call.request.body());
  if (!members.ok()) return BadRequest(members.status());
  std::string scope, method = "auto";
  std::int64_t horizon = 6;
  for (const JsonMember& m : *members) {
    if (m.key == "scope" || m.key == "method") {
      if (m.value.type != JsonScalar::Type::kString) return BadRequest(Status::Invalid("must be a string", m.key));
      (m.key == "scope" ? scope : method) = m.value.text;
    } else if (m.key == "horizon") {
      auto h = m.value.type == JsonScalar::Type::kNumber ? IntParam({"horizon", m.value.text}, 1, 24)
                                                         : Result<std::int64_t>(Status::Invalid("must be a number", "horizon"));
      if (!h.ok()) return BadRequest(Status::Invalid(h.status().message(), "horizon"));
      horizon = *h;
    } else {
      return BadRequest(Status::Invalid("is not a member of this request", m.key));
    }
  }
  if (scope.empty()) return BadRequest(Status::Invalid("is required", "scope"));
  auto kept = app::KeepEngineForecast(s.store, call.session->actor, scope, method, static_cast<int>(horizon), *as_of);
  if (!kept.ok()) return ParamProblem(kept.status(), {"scope", "method", "horizon"});
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("kept").Int(static_cast<std::int64_t>(kept->size())).Key("ids").BeginArray();
  for (const Record& r : *kept) w.Int(r.id);
  w.EndArray().EndObject();
  return JsonResponse(201, std::move(body));
}

}  // namespace salesdesk::server

// ---- Delphi -----------------------------------------------------------------------------
namespace salesdesk::server {
namespace {

Response DelphiJson(const app::DelphiView& v) {
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("study");
  WriteRecord(w, v.study);
  w.Key("answers_per_round").BeginArray();
  for (int n : v.answers_per_round) w.Int(n);
  w.EndArray().Key("rounds").BeginArray();
  for (const forecast::DelphiRound& r : v.outcome.rounds) {
    w.BeginObject().Key("round").Int(r.round).Key("n").Int(r.spread.n).Key("median").Double(r.spread.median);
    w.Key("q1").Double(r.spread.q1).Key("q3").Double(r.spread.q3).Key("iqr").Double(r.spread.iqr);
    w.Key("relative_iqr").Double(r.spread.relative_iqr).Key("min").Double(r.spread.min).Key("max").Double(r.spread.max);
    w.Key("converged").Bool(r.converged).Key("reasons").BeginArray();
    for (const forecast::DelphiReason& reason : r.reasons) {
      w.BeginObject().Key("position").String(reason.position).Key("text").String(reason.text).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().Key("finished").Bool(v.outcome.finished).Key("converged").Bool(v.outcome.converged);
  w.Key("consensus").Double(v.outcome.rounds.empty() ? std::numeric_limits<double>::quiet_NaN() : v.outcome.consensus);
  w.Key("status").String(v.outcome.status).Key("my_figure");
  if (v.my_figure) {
    w.Double(*v.my_figure);
  } else {
    w.Null();
  }
  w.Key("my_reason").String(v.my_reason).Key("moderator").Bool(v.moderator).EndObject();
  return JsonResponse(200, std::move(body));
}

}  // namespace

Response HandleDelphiView(Services& s, const Call& call) {
  auto v = app::ViewDelphi(s.store, call.session->actor, call.id);
  if (!v.ok()) return ProblemFor(v.status());
  return DelphiJson(*v);
}

Response HandleDelphiAnswer(Services& s, const Call& call) {
  auto members = ParseFlatObject(call.request.body());
  if (!members.ok()) return BadRequest(members.status());
  std::optional<double> figure;
  std::string reason;
  for (const JsonMember& m : *members) {
    if (m.key == "figure" && m.value.type == JsonScalar::Type::kNumber) {
      figure = std::strtod(m.value.text.c_str(), nullptr);
    } else if (m.key == "reason" && m.value.type == JsonScalar::Type::kString) {
      reason = m.value.text;
    } else {
      return BadRequest(Status::Invalid(m.key == "figure" ? "must be a number"
                                        : m.key == "reason" ? "must be a string"
                                                            : "is not a member of this request",
                                        m.key));
    }
  }
  if (!figure) return BadRequest(Status::Invalid("is required", "figure"));
  auto v = app::AnswerDelphi(s.store, call.session->actor, call.id, *figure, reason);
  if (!v.ok()) return ProblemFor(v.status());
  return DelphiJson(*v);
}

Response HandleDelphiNext(Services& s, const Call& call) {
  auto v = app::NextDelphiRound(s.store, call.session->actor, call.id);
  if (!v.ok()) return ProblemFor(v.status());
  return DelphiJson(*v);
}

}  // namespace salesdesk::server
