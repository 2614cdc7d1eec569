// /api/v1/territories...: territory planning on the stored accounts (issue 4): the
// current alignment with its metrics, a proposed realignment, and what-if comparisons.
#include <boost/json.hpp>

#include <cmath>

#include "app/territories.h"
#include "core/dates.h"
#include "server/handlers.h"
#include "server/json_body.h"
#include "server/http_util.h"
#include "server/json_writer.h"
#include "server/problem.h"
#include "server/query.h"

namespace salesdesk::server {
namespace {

namespace json = boost::json;
namespace tr = salesdesk::territory;

Response AppProblem(const Status& st) {
  if (st.code() == StatusCode::kInvalidArgument && st.field() == "scope") return BadRequest(st);
  return ProblemFor(st);
}

void WriteMetrics(JsonWriter& w, const tr::AlignmentMetrics& m) {
  w.BeginObject().Key("territories").BeginArray();
  for (const tr::TerritoryMetrics& t : m.territories) {
    w.BeginObject().Key("name").String(t.name).Key("accounts").Int(t.accounts).Key("workload").Double(t.workload);
    w.Key("potential").Double(t.potential).Key("workload_deviation").Double(t.workload_deviation);
    w.Key("potential_deviation").Double(t.potential_deviation).Key("dispersion_km_h").Double(t.dispersion_km_h);
    w.Key("radius_km").Double(t.radius_km).Key("travel_km").Double(t.travel_km).Key("home_base").Bool(t.home_base);
    w.Key("centre_account").String(t.centre_account).Key("components").Int(t.components).EndObject();
  }
  w.EndArray().Key("tolerance").Double(m.tolerance).Key("mean_workload").Double(m.mean_workload);
  w.Key("max_workload_deviation").Double(m.max_workload_deviation);
  w.Key("max_potential_deviation").Double(m.max_potential_deviation);
  w.Key("workload_deviation_floor").Double(m.workload_deviation_floor);
  w.Key("outside_tolerance").Int(m.outside_tolerance).Key("empty_territories").Int(m.empty_territories);
  w.Key("dispersion_km_h").Double(m.dispersion_km_h).Key("mean_km").Double(m.mean_km);
  w.Key("max_radius_km").Double(m.max_radius_km).Key("travel_km").Double(m.travel_km);
  w.Key("noncontiguous_territories").Int(m.noncontiguous_territories).Key("balanced").Bool(m.balanced);
  w.EndObject();
}

void WriteDisruption(JsonWriter& w, const tr::Disruption& d) {
  w.BeginObject().Key("moved_accounts").Int(d.moved_accounts).Key("moved_share").Double(d.moved_share);
  w.Key("moved_workload_share").Double(d.moved_workload_share);
  w.Key("moved_potential_share").Double(d.moved_potential_share).EndObject();
}

void WriteView(JsonWriter& w, const app::TerritoryView& v) {
  w.Key("scope").BeginObject().Key("key").String(v.scope.key).Key("name").String(v.scope.name);
  w.Key("level").String(v.scope.level).EndObject();
  w.Key("reps").BeginArray();
  for (const app::TerritoryRep& r : v.reps) {
    w.BeginObject().Key("key").String(r.key).Key("user_id").Int(r.user_id).Key("name").String(r.name).Key("home");
    if (r.home_lat) {
      w.BeginObject().Key("lat").Double(*r.home_lat).Key("lon").Double(*r.home_lon).EndObject();
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray().Key("accounts").BeginArray();
  for (const app::TerritoryAccount& a : v.accounts) {
    w.BeginObject().Key("id").String(a.id).Key("external_id").String(a.external_id).Key("name").String(a.name);
    w.Key("city").String(a.city).Key("lat").Double(a.lat).Key("lon").Double(a.lon);
    w.Key("workload").Double(a.workload).Key("potential").Double(a.potential).Key("territory").String(a.territory);
    w.EndObject();
  }
  w.EndArray().Key("left_out").Int(v.left_out).Key("metrics");
  WriteMetrics(w, v.metrics);
}

Result<double> NumberMember(const json::object& o, const char* key, double fallback, double lo, double hi) {
  const json::value* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_number()) return Status::Invalid("must be a number", key);
  const double d = v->to_number<double>();
  if (!(d >= lo && d <= hi)) {
    return Status::Invalid("must be between " + std::to_string(lo) + " and " + std::to_string(hi), key);
  }
  return d;
}

// [{"account_id": "...", "territory": "user:7"}, ...]
Result<std::vector<tr::AccountTerritory>> PairsMember(const json::object& o, const char* key) {
  std::vector<tr::AccountTerritory> out;
  const json::value* v = o.if_contains(key);
  if (!v) return out;
  if (!v->is_array()) return Status::Invalid("must be a list of {account_id, territory}", key);
  for (const json::value& item : v->as_array()) {
    const json::object* p = item.if_object();
    const json::value* a = p ? p->if_contains("account_id") : nullptr;
    const json::value* t = p ? p->if_contains("territory") : nullptr;
    if (!a || !t || !a->is_string() || !t->is_string()) {
      return Status::Invalid("item " + std::to_string(out.size() + 1) + ": needs account_id and territory strings",
                             key);
    }
    out.push_back({std::string(a->as_string()), std::string(t->as_string())});
  }
  return out;
}

// The most independent searches a request may ask for ("restarts").
constexpr double kMaxRestarts = 256;

std::string ScopeMember(const json::object& o) {
  const json::value* v = o.if_contains("scope");
  return v && v->is_string() ? std::string(v->as_string()) : std::string("org");
}

}  // namespace

Response HandleTerritories(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {"scope", "tau"}); !only.ok()) return BadRequest(only);
  std::string scope = "org";
  double tau = 0.05;
  for (const auto& p : *params) {
    if (p.name == "scope") scope = p.value;
    if (p.name == "tau") {
      char* end = nullptr;
      tau = std::strtod(p.value.c_str(), &end);
      if (end != p.value.c_str() + p.value.size() || !(tau >= 0 && tau <= 10)) {
        return BadRequest(Status::Invalid("must be a number from 0 to 10", "tau"));
      }
    }
  }
  auto view = app::CurrentTerritories(s.store, call.session->actor, scope, tau);
  if (!view.ok()) return AppProblem(view.status());
  std::string body;
  JsonWriter w(body);
  w.BeginObject();
  WriteView(w, *view);
  w.EndObject();
  return JsonResponse(200, std::move(body));
}

namespace {

// What /territories/align and /territories/align_jobs take: the scope and the options.
struct AlignBody {
  std::string scope;
  app::ProposalOptions options;
};

// Reads an align body; a bad member is the 400 problem naming it.
Result<AlignBody> ParseAlignBody(const Call& call) {
  SD_ASSIGN_OR_RETURN(json::object o, ParseObjectBody(call.request.body()));
  if (Status only =
          OnlyMembers(o, {"scope", "tau", "max_moved", "potential_weight", "use_homes", "seed", "restarts", "lower_bound_seconds", "locks"});
      !only.ok()) {
    return only;
  }
  AlignBody body;
  app::ProposalOptions& options = body.options;
  SD_ASSIGN_OR_RETURN(options.tolerance, NumberMember(o, "tau", 0.05, 0, 10));
  SD_ASSIGN_OR_RETURN(options.max_moved_share, NumberMember(o, "max_moved", 1.0, 0, 1));
  SD_ASSIGN_OR_RETURN(options.potential_weight, NumberMember(o, "potential_weight", 0, 0, 100));
  SD_ASSIGN_OR_RETURN(const double seed, NumberMember(o, "seed", 1, 0, 1e15));
  options.seed = static_cast<std::uint64_t>(seed);
  // More searches make a run longer and its plan no worse; bounded to keep runs finite.
  SD_ASSIGN_OR_RETURN(const double restarts, NumberMember(o, "restarts", 0, 0, kMaxRestarts));
  if (restarts != std::floor(restarts)) return Status::Invalid("must be a whole number", "restarts");
  options.restarts = static_cast<int>(restarts);
  SD_ASSIGN_OR_RETURN(options.lower_bound_seconds, NumberMember(o, "lower_bound_seconds", 5, 0, 60));
  SD_ASSIGN_OR_RETURN(options.locks, PairsMember(o, "locks"));
  if (const json::value* h = o.if_contains("use_homes")) {
    if (!h->is_bool()) return Status::Invalid("must be true or false", "use_homes");
    options.use_homes = h->as_bool();
  }
  body.scope = ScopeMember(o);
  return body;
}

// The reply body of /territories/align (and a finished job's result).
std::string ProposalJson(const app::TerritoryProposal& p) {
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("current").BeginObject();
  WriteView(w, p.current);
  w.EndObject().Key("proposed").BeginArray();
  for (const tr::AccountTerritory& a : p.proposed) {
    w.BeginObject().Key("account_id").String(a.account_id).Key("territory").String(a.territory).EndObject();
  }
  w.EndArray().Key("metrics");
  WriteMetrics(w, p.metrics);
  w.Key("disruption");
  if (p.disruption) {
    WriteDisruption(w, *p.disruption);
  } else {
    w.Null();
  }
  w.Key("moves").BeginArray();
  for (const tr::AccountMove& m : p.moves) {
    w.BeginObject().Key("account_id").String(m.account_id).Key("from").String(m.from).Key("to").String(m.to);
    w.Key("reason").String(m.reason).Key("why").String(tr::MoveWhyName(m.why));
    if (m.why == tr::MoveWhy::kFromOverloaded || m.why == tr::MoveWhy::kToUnderloaded)
      w.Key("deviation").Double(m.deviation);
    if (m.why == tr::MoveWhy::kCloser) w.Key("km_before").Double(m.km_before).Key("km_after").Double(m.km_after);
    w.EndObject();
  }
  w.EndArray().Key("notes").BeginArray();
  for (const tr::AlignNote& n : p.notes) {
    w.BeginObject().Key("kind").String(tr::AlignNoteName(n.kind)).Key("text").String(n.text);
    if (n.kind == tr::AlignNote::Kind::kUnbalanced) {
      w.Key("tolerance").Double(n.tolerance).Key("deviation").Double(n.deviation).Key("remedies").BeginArray();
      for (const std::string& r : n.remedies) w.String(r);
      w.EndArray();
    } else {
      w.Key("count").Int(n.count);
      if (n.kind == tr::AlignNote::Kind::kTimeLimit) w.Key("of").Int(n.of);
    }
    w.EndObject();
  }
  w.EndArray().Key("lower_bound_km_h");
  if (p.lower_bound_km_h && *p.lower_bound_km_h > 0) {
    w.Double(*p.lower_bound_km_h).Key("gap").Double(p.metrics.dispersion_km_h / *p.lower_bound_km_h - 1);
  } else {
    w.Null().Key("gap").Null();
  }
  w.Key("seconds").Double(p.seconds).EndObject();
  return body;
}

AlignJobOwner OwnerOf(const Call& call) { return {call.session->actor.org_id, call.session->actor.user_id}; }

}  // namespace

Response HandleTerritoryAlign(Services& s, const Call& call) {
  auto body = ParseAlignBody(call);
  if (!body.ok()) return BadRequest(body.status());
  auto p = app::ProposeTerritories(s.store, call.session->actor, body->scope, body->options);
  if (!p.ok()) return AppProblem(p.status());
  return JsonResponse(200, ProposalJson(*p));
}

Response HandleAlignJobStart(Services& s, const Call& call) {
  auto body = ParseAlignBody(call);
  if (!body.ok()) return BadRequest(body.status());
  // Everything but the searches is checked here, so a mistake is answered at once.
  auto prepared = app::PrepareProposal(s.store, call.session->actor, body->scope, body->options);
  if (!prepared.ok()) return AppProblem(prepared.status());
  auto run = [ready = std::move(prepared).value()](const tr::AlignProgressFn& progress,
                                                   const std::atomic<bool>& cancel) -> Result<std::string> {
    SD_ASSIGN_OR_RETURN(app::TerritoryProposal p, app::RunProposal(ready, progress, &cancel));
    return ProposalJson(p);
  };
  auto id = s.align_jobs.Start(OwnerOf(call), std::move(run));
  if (!id.ok()) return ProblemFor(id.status());
  std::string reply;
  JsonWriter w(reply);
  w.BeginObject().Key("id").String(*id).Key("state").String("running").EndObject();
  Response res = JsonResponse(202, std::move(reply));
  res.set(http::field::location, "/api/v1/territories/align_jobs/" + *id);
  return res;
}

Response HandleAlignJobGet(Services& s, const Call& call) {
  auto job = s.align_jobs.Get(OwnerOf(call), std::string(call.key));
  if (!job.ok()) return ProblemFor(job.status());
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("id").String(job->id).Key("state").String(AlignJobStateName(job->state));
  w.Key("searches_done").Int(job->progress.searches_done).Key("searches_planned").Int(job->progress.searches_planned);
  w.Key("best_dispersion_km_h").Double(job->progress.best_dispersion_km_h);
  w.Key("seconds").Double(job->progress.seconds).Key("bounding").Bool(job->progress.bounding);
  if (job->state == AlignJobState::kDone) w.Key("result").Raw(job->result);
  if (job->state == AlignJobState::kFailed) w.Key("problem").Raw(job->problem);
  w.EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleAlignJobCancel(Services& s, const Call& call) {
  if (Status st = s.align_jobs.Cancel(OwnerOf(call), std::string(call.key)); !st.ok()) return ProblemFor(st);
  return EmptyResponse(204);
}

Response HandleTerritoryWhatIf(Services& s, const Call& call) {
  auto body_object = ParseObjectBody(call.request.body());
  if (!body_object.ok()) return BadRequest(body_object.status());
  const json::object& o = *body_object;
  if (Status only = OnlyMembers(o, {"scope", "tau", "alignment"}); !only.ok()) return BadRequest(only);
  auto tau = NumberMember(o, "tau", 0.05, 0, 10);
  if (!tau.ok()) return BadRequest(tau.status());
  auto alignment = PairsMember(o, "alignment");
  if (!alignment.ok()) return BadRequest(alignment.status());
  auto c = app::CompareWithCurrent(s.store, call.session->actor, ScopeMember(o), *alignment, *tau);
  if (!c.ok()) return AppProblem(c.status());
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("before");
  WriteMetrics(w, c->before);
  w.Key("after");
  WriteMetrics(w, c->after);
  w.Key("disruption");
  WriteDisruption(w, c->disruption);
  w.EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandleTerritoryApply(Services& s, const Call& call) {
  auto body_object = ParseObjectBody(call.request.body());
  if (!body_object.ok()) return BadRequest(body_object.status());
  const json::object& o = *body_object;
  if (Status only = OnlyMembers(o, {"scope", "alignment"}); !only.ok()) return BadRequest(only);
  auto alignment = PairsMember(o, "alignment");
  if (!alignment.ok()) return BadRequest(alignment.status());
  auto applied = app::ApplyTerritories(s.store, call.session->actor, ScopeMember(o), *alignment);
  if (!applied.ok()) return AppProblem(applied.status());
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("moved").Int(static_cast<std::int64_t>(applied->changes.size())).Key("changes").BeginArray();
  for (const app::OwnerChange& c : applied->changes) {
    w.BeginObject().Key("account_id").String(c.account_id).Key("name").String(c.account_name);
    w.Key("from").String(c.from).Key("to").String(c.to).Key("from_name").String(c.from_name);
    w.Key("to_name").String(c.to_name).EndObject();
  }
  w.EndArray().EndObject();
  return JsonResponse(200, std::move(body));
}

Response HandlePlanFacts(Services& s, const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  if (Status only = OnlyParams(*params, {"scope", "as_of"}); !only.ok()) return BadRequest(only);
  std::string scope = "org";
  Date today = Date::FromDaysSinceEpoch(NowUnixSeconds() / 86400);
  for (const auto& p : *params) {
    if (p.name == "scope") scope = p.value;
    if (p.name == "as_of") {
      auto d = ParseDate(p.value);
      if (!d.ok()) return BadRequest(Status::Invalid(d.status().message(), "as_of"));
      today = *d;
    }
  }
  auto f = app::BuildPlanFacts(s.store, call.session->actor, scope, today);
  if (!f.ok()) return AppProblem(f.status());
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("scope").BeginObject().Key("key").String(f->scope.key).Key("name").String(f->scope.name);
  w.Key("level").String(f->scope.level).EndObject();
  w.Key("currency").String(f->currency).Key("from").String(f->from).Key("to").String(f->to);
  w.Key("monthly").BeginArray();
  for (const auto& [month, value] : f->monthly) w.BeginObject().Key("month").String(month).Key("sales").Double(value).EndObject();
  w.EndArray().Key("last_12").Double(f->last_12).Key("previous_12").Double(f->previous_12).Key("growth");
  f->growth ? (void)w.Double(*f->growth) : (void)w.Null();
  auto customers = [&](const char* key, const std::vector<app::PlanFacts::Customer>& list, const char* value_key) {
    w.Key(key).BeginArray();
    for (const auto& c : list) {
      w.BeginObject().Key("external_id").String(c.id).Key("name").String(c.name).Key(value_key).Double(c.value).EndObject();
    }
    w.EndArray();
  };
  customers("top_customers", f->top_customers, "sales");
  customers("prospects", f->prospects, "potential");
  w.Key("lost_reasons").BeginArray();
  for (const auto& [reason, count] : f->lost_reasons) {
    w.BeginObject().Key("reason").String(reason).Key("deals").Int(count).EndObject();
  }
  w.EndArray().Key("won").Int(f->won).Key("lost").Int(f->lost).Key("open_deals").Int(f->open_deals);
  w.Key("conversion_rate");
  f->conversion_rate ? (void)w.Double(*f->conversion_rate) : (void)w.Null();
  w.Key("pipeline").Double(f->pipeline).Key("weighted_pipeline").Double(f->weighted_pipeline).EndObject();
  return JsonResponse(200, std::move(body));
}

namespace {

// The document language of a plan export: ?lang=en (the default) or zh-CN.
Result<std::string> PlanLanguage(const Call& call) {
  auto params = ParseQuery(call.query);
  if (!params.ok()) return params.status();
  if (Status only = OnlyParams(*params, {"lang"}); !only.ok()) return only;
  std::string lang = "en";
  for (const auto& p : *params) lang = p.value;
  if (lang != "en" && lang != "zh-CN") return Status::Invalid("must be en or zh-CN", "lang");
  return lang;
}

Response Download(std::string content_type, std::string body, const std::string& filename) {
  Response res = MakeResponse(200, std::move(content_type), std::move(body));
  res.set(http::field::content_disposition, "attachment; filename=\"" + filename + "\"");
  return res;
}

}  // namespace

Response HandlePlanMarkdown(Services& s, const Call& call) {
  auto lang = PlanLanguage(call);
  if (!lang.ok()) return BadRequest(lang.status());
  auto md = app::PlanMarkdown(s.store, call.session->actor, call.id, *lang);
  if (!md.ok()) return ProblemFor(md.status());
  return Download("text/markdown; charset=utf-8", std::move(md).value(), "plan-" + std::to_string(call.id) + ".md");
}

Response HandlePlanPdf(Services& s, const Call& call) {
  auto lang = PlanLanguage(call);
  if (!lang.ok()) return BadRequest(lang.status());
  const Date today = Date::FromDaysSinceEpoch(NowUnixSeconds() / 86400);
  auto pdf = app::PlanPdf(s.store, call.session->actor, call.id, *lang, today.ToString());
  if (!pdf.ok()) return ProblemFor(pdf.status());
  return Download("application/pdf", std::move(pdf).value(), "plan-" + std::to_string(call.id) + ".pdf");
}

}  // namespace salesdesk::server
