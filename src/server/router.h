// The HTTP API as one declarative route table, and the dispatch that every request goes
// through: match the route (404/405), authenticate the session cookie on every call
// (401), check the CSRF token on every state-changing call (403), run the handler, add
// the security headers. Pure request -> response: tests call Handle() without sockets.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/auth.h"
#include "app/import_export.h"
#include "app/records.h"
#include "server/align_jobs.h"
#include "server/rendered_cache.h"
#include "server/config.h"
#include "server/http_util.h"
#include "server/static_files.h"

namespace salesdesk::server {

// Who may call a route at all (finer rules are the app's access policy).
enum class Caller {
  kAnyone,    // no session needed (health, sign-in)
  kSignedIn,  // a valid session cookie; else 401
};

// The app services the handlers use; built once per server, shared by every thread.
struct Services {
  Services(Store& s, const Config& config)
      : store(s), auth(s), records(s), imports(s), secure_cookies(config.secure_cookies) {}
  Store& store;
  app::AuthService auth;
  app::RecordService records;
  app::ImportService imports;
  bool secure_cookies;
  RenderedCache lists;  // list pages by user, path and query
  // Background territory alignments; declared last, so its runs are cancelled and joined
  // before anything else here goes.
  AlignJobs align_jobs;
};

struct Route;

// One request as a handler sees it.
struct Call {
  const Request& request;
  const Route& route;
  std::string_view path;
  std::string_view query;                     // raw, after '?'
  Id id = 0;                                  // the {id} path segment, when the pattern has one
  std::string_view key;                       // the {key} path segment, when the pattern has one
  const app::SessionInfo* session = nullptr;  // non-null on kSignedIn routes
  std::string token;                          // the session cookie's value ("" when none)
};

using Handler = Response (*)(Services& services, const Call& call);

struct Route {
  http::verb method;
  std::string pattern;             // "/api/v1/accounts/{id}"; {id} matches a positive integer;
                                   // a last segment {key} matches any other segment (a token)
  Caller caller;
  bool changes_state;              // needs X-CSRF-Token (for kSignedIn routes)
  Handler handler;
  const KindSpec* kind = nullptr;  // the record kind of record, import and export routes
  bool slow = false;               // may block for long (password hashing, imports)
};

// The route table: session, me, health, five routes per record kind, audit, dashboard,
// imports and exports per importable kind. Order is documentation order.
std::vector<Route> BuildRoutes();

// Facts about a handled request for the access log.
struct CallInfo {
  Id user_id = 0;  // the signed-in caller, 0 when anonymous
};

class Router {
 public:
  // `store` must outlive the router. Loads the static files under config.web_root.
  Router(Store& store, const Config& config);

  // Answers one request. Never throws: an unexpected exception becomes a logged 500.
  // Thread-safe.
  Response Handle(const Request& request, CallInfo* info = nullptr);

  // The route for `method` and `path` (no query), or nullptr; sets *id from an {id}
  // segment. `path_known` (optional) tells whether any method has a route there.
  const Route* Match(http::verb method, std::string_view path, Id* id, bool* path_known = nullptr) const;

  // True when the request goes to a slow route (the server runs those off its I/O threads).
  bool IsSlow(const Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }
  Services& services() { return services_; }

 private:
  Response Dispatch(const Request& request, CallInfo* info);
  Response DispatchApi(const Request& request, std::string_view path, std::string_view query, CallInfo* info);
  std::optional<Response> Authorise(const Call& call, app::SessionInfo& session, CallInfo* info);
  // The routes at `path` (one per method), trying a trailing {key} when no exact pattern
  // matches; nullptr when none.
  const std::vector<std::size_t>* RoutesAt(std::string_view path, Id* id) const;

  std::vector<Route> routes_;
  // Pattern ("/api/v1/accounts/{id}") -> indexes into routes_, one per method.
  std::unordered_map<std::string, std::vector<std::size_t>> by_pattern_;
  Services services_;
  StaticFiles static_files_;
};

}  // namespace salesdesk::server
