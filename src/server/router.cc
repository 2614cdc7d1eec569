#include "server/router.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <exception>

#include "server/handlers.h"
#include "server/problem.h"

namespace salesdesk::server {
namespace {

using V = http::verb;

constexpr std::string_view kApiPrefix = "/api/v1";

std::string Api(std::string_view rest) { return std::string(kApiPrefix) + std::string(rest); }

void AddRecordRoutes(std::vector<Route>& routes, const KindSpec& kind) {
  const std::string collection = Api("/" + std::string(kind.name));
  const std::string one = collection + "/{id}";
  routes.push_back({V::get, collection, Caller::kSignedIn, false, HandleList, &kind});
  routes.push_back({V::post, collection, Caller::kSignedIn, true, HandleCreate, &kind});
  routes.push_back({V::get, one, Caller::kSignedIn, false, HandleGet, &kind});
  routes.push_back({V::patch, one, Caller::kSignedIn, true, HandleUpdate, &kind});
  routes.push_back({V::delete_, one, Caller::kSignedIn, true, HandleDelete, &kind});
}

// Replaces each all-digit segment of `path` with "{id}" and parses it into *id. False
// when such a segment is not a positive 64-bit integer (so no route can match).
bool Normalise(std::string_view path, std::string& key, Id* id) {
  key.clear();
  key.reserve(path.size() + 4);
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t end = path.find('/', i + 1);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(i + 1, end - i - 1);  // path[i] is '/'
    bool digits = !seg.empty();
    for (char c : seg) digits &= c >= '0' && c <= '9';
    if (digits) {
      Id v = 0;
      auto [p, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), v);
      if (ec != std::errc() || v <= 0) return false;
      if (id) *id = v;
      key += "/{id}";
    } else {
      key += path.substr(i, end - i);
    }
    i = end;
  }
  return true;
}

std::string AllowHeader(const std::vector<Route>& routes, const std::vector<std::size_t>& ids) {
  std::string allow;
  for (std::size_t i : ids) {
    if (!allow.empty()) allow += ", ";
    allow += std::string(http::to_string(routes[i].method));
  }
  return allow;
}

}  // namespace

std::vector<Route> BuildRoutes() {
  std::vector<Route> routes = {
      {V::get, Api("/health"), Caller::kAnyone, false, HandleHealth},
      {V::post, Api("/session"), Caller::kAnyone, true, HandleSignIn, nullptr, true},
      {V::delete_, Api("/session"), Caller::kSignedIn, true, HandleSignOut},
      {V::get, Api("/me"), Caller::kSignedIn, false, HandleMe},
  };
  for (const KindSpec* kind : AllKinds()) AddRecordRoutes(routes, *kind);
  routes.push_back({V::get, Api("/audit"), Caller::kSignedIn, false, HandleAudit});
  routes.push_back({V::get, Api("/dashboard"), Caller::kSignedIn, false, HandleDashboard});
  routes.push_back({V::get, Api("/forecast/scopes"), Caller::kSignedIn, false, HandleForecastScopes});
  // The engine fits several models per request: slow routes run off the I/O threads.
  routes.push_back({V::get, Api("/forecast/sheet"), Caller::kSignedIn, false, HandleForecastSheet, nullptr, true});
  routes.push_back({V::get, Api("/forecast/rollup"), Caller::kSignedIn, false, HandleForecastRollup, nullptr, true});
  routes.push_back({V::get, Api("/forecast/opinion"), Caller::kSignedIn, false, HandleForecastOpinion, nullptr, true});
  routes.push_back({V::get, Api("/forecast/composite"), Caller::kSignedIn, false, HandleForecastComposite, nullptr, true});
  routes.push_back({V::get, Api("/forecast/delphi/{id}"), Caller::kSignedIn, false, HandleDelphiView});
  routes.push_back({V::post, Api("/forecast/delphi/{id}/answer"), Caller::kSignedIn, true, HandleDelphiAnswer});
  routes.push_back({V::post, Api("/forecast/delphi/{id}/next"), Caller::kSignedIn, true, HandleDelphiNext});
  // The market methods compute from the figures sent (nothing is stored): any signed-in user.
  routes.push_back({V::post, Api("/forecast/test-market"), Caller::kSignedIn, true, HandleTestMarket});
  routes.push_back({V::post, Api("/forecast/survey"), Caller::kSignedIn, true, HandleSurvey});
  routes.push_back({V::post, Api("/forecast/market-factor"), Caller::kSignedIn, true, HandleMarketFactor});
  routes.push_back({V::post, Api("/forecast/buying-power"), Caller::kSignedIn, true, HandleBuyingPower});
  // Regression on the scope's own sales (within the caller's reach) with simulated intervals.
  routes.push_back({V::post, Api("/forecast/econometric"), Caller::kSignedIn, true, HandleEconometric, nullptr, true});
  routes.push_back({V::post, Api("/forecast/keep"), Caller::kSignedIn, true, HandleForecastKeep, nullptr, true});
  routes.push_back({V::get, Api("/territories"), Caller::kSignedIn, false, HandleTerritories, nullptr, true});
  // Computing a plan changes nothing stored, but it is a POST with a body (locks).
  routes.push_back({V::post, Api("/territories/align"), Caller::kSignedIn, true, HandleTerritoryAlign, nullptr, true});
  // The same computation in the background, with progress and cancel (server/align_jobs.h).
  routes.push_back({V::post, Api("/territories/align_jobs"), Caller::kSignedIn, true, HandleAlignJobStart, nullptr, true});
  routes.push_back({V::get, Api("/territories/align_jobs/{key}"), Caller::kSignedIn, false, HandleAlignJobGet});
  routes.push_back({V::delete_, Api("/territories/align_jobs/{key}"), Caller::kSignedIn, true, HandleAlignJobCancel});
  routes.push_back({V::post, Api("/territories/what-if"), Caller::kSignedIn, true, HandleTerritoryWhatIf, nullptr, true});
  routes.push_back({V::post, Api("/territories/apply"), Caller::kSignedIn, true, HandleTerritoryApply, nullptr, true});
  routes.push_back({V::get, Api("/territories/facts"), Caller::kSignedIn, false, HandlePlanFacts, nullptr, true});
  routes.push_back({V::get, Api("/territory_plans/{id}/markdown"), Caller::kSignedIn, false, HandlePlanMarkdown});
  routes.push_back({V::get, Api("/territory_plans/{id}/pdf"), Caller::kSignedIn, false, HandlePlanPdf});
  for (const KindSpec* kind : AllKinds()) {
    if (kind->importable)
      routes.push_back({V::post, Api("/imports/" + std::string(kind->name)), Caller::kSignedIn, true, HandleImport,
                        kind, true});
    routes.push_back({V::get, Api("/exports/" + std::string(kind->name)), Caller::kSignedIn, false, HandleExport,
                      kind, true});
  }
  return routes;
}

Router::Router(Store& store, const Config& config)
    : routes_(BuildRoutes()), services_(store, config), static_files_(config.web_root) {
  for (std::size_t i = 0; i < routes_.size(); ++i) by_pattern_[routes_[i].pattern].push_back(i);
}

const std::vector<std::size_t>* Router::RoutesAt(std::string_view path, Id* id) const {
  std::string key;
  if (Normalise(path, key, id)) {
    auto it = by_pattern_.find(key);
    if (it != by_pattern_.end()) return &it->second;
  }
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash + 1 == path.size()) return nullptr;
  std::string prefix;
  if (!Normalise(path.substr(0, slash), prefix, id)) return nullptr;
  auto it = by_pattern_.find(prefix + "/{key}");
  return it == by_pattern_.end() ? nullptr : &it->second;
}

const Route* Router::Match(http::verb method, std::string_view path, Id* id, bool* path_known) const {
  if (path_known) *path_known = false;
  const std::vector<std::size_t>* at = RoutesAt(path, id);
  if (!at) return nullptr;
  if (path_known) *path_known = true;
  for (std::size_t i : *at)
    if (routes_[i].method == method) return &routes_[i];
  return nullptr;
}

bool Router::IsSlow(const Request& request) const {
  std::string_view path, query;
  SplitTarget(request.target(), path, query);
  const Route* route = Match(request.method(), path, nullptr);
  return route && route->slow;
}

Response Router::Handle(const Request& request, CallInfo* info) {
  Response res;
  try {
    res = Dispatch(request, info);
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception for {} {}: {}", std::string(request.method_string()),
                  std::string(request.target().substr(0, request.target().find('?'))), e.what());
    res = Problem(500, "an internal error occurred; it has been logged");
  }
  AddSecurityHeaders(res);
  res.version(request.version());
  res.keep_alive(request.keep_alive());
  return res;
}

Response Router::Dispatch(const Request& request, CallInfo* info) {
  std::string_view path, query;
  SplitTarget(request.target(), path, query);
  if (path == "/api" || path.starts_with("/api/")) {
    Response res = DispatchApi(request, path, query, info);
    if (res.find(http::field::cache_control) == res.end()) res.set(http::field::cache_control, "no-store");
    return res;
  }
  return static_files_.Serve(request, path);
}

// JSON bodies must say so. Besides being honest, this stops a cross-site HTML form from
// posting a JSON-looking text/plain body (sign-in needs no CSRF token): a cross-origin
// application/json request needs a CORS preflight, which this server never grants.
// Imports take the file's raw bytes in any content type.
bool AcceptsBody(const Route& route, const Request& request) {
  if (request.body().empty() || route.pattern.starts_with("/api/v1/imports/")) return true;
  auto type = request.find(http::field::content_type);
  if (type == request.end()) return false;
  std::string_view value = type->value();
  return value.substr(0, value.find(';')) == "application/json";
}

Response Router::DispatchApi(const Request& request, std::string_view path, std::string_view query, CallInfo* info) {
  Id id = 0;
  bool path_known = false;
  const Route* route = Match(request.method(), path, &id, &path_known);
  if (!route) {
    if (!path_known) return Problem(404, "there is no API endpoint " + std::string(path));
    Response res = Problem(405, std::string(request.method_string()) + " is not allowed here");
    res.set(http::field::allow, AllowHeader(routes_, *RoutesAt(path, nullptr)));
    return res;
  }
  if (!AcceptsBody(*route, request))
    return Problem(415, "send the request body as application/json", "Content-Type");
  Call call{request, *route, path, query, id, {}, nullptr, CookieValue(request, kSessionCookie)};
  if (route->pattern.ends_with("/{key}")) call.key = path.substr(path.rfind('/') + 1);
  if (route->caller == Caller::kAnyone) return route->handler(services_, call);
  app::SessionInfo session;
  if (auto denied = Authorise(call, session, info)) return std::move(*denied);
  call.session = &session;
  return route->handler(services_, call);
}

// Checks the session cookie and, for changes, the CSRF token. Returns nullopt when the
// call may proceed (with `session` filled), else the problem reply.
std::optional<Response> Router::Authorise(const Call& call, app::SessionInfo& session, CallInfo* info) {
  auto auth = services_.auth.Authenticate(call.token);
  if (!auth.ok()) return ProblemFor(auth.status());
  session = std::move(auth).value();
  if (info) info->user_id = session.actor.user_id;
  if (!call.route.changes_state) return std::nullopt;
  auto header = call.request.find(kCsrfHeader);
  const std::string sent = header == call.request.end() ? std::string() : std::string(header->value());
  if (!sent.empty() && app::SameSecret(sent, session.csrf_token)) return std::nullopt;
  Status denial = app::AuditDenial(services_.store, session.actor, "csrf",
                                   std::string(call.request.method_string()) + " " + std::string(call.path),
                                   Status::Denied("missing or wrong CSRF token"));
  return ProblemFor(denial);
}

}  // namespace salesdesk::server
