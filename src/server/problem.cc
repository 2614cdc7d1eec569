#include "server/problem.h"

#include <spdlog/spdlog.h>

namespace salesdesk::server {

unsigned HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 422;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kPreconditionFailed: return 412;
    case StatusCode::kTooManyRequests: return 429;
    case StatusCode::kCancelled: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string_view StatusTitle(unsigned s) {
  switch (s) {
    case 400: return "Bad request";
    case 401: return "Not signed in";
    case 403: return "Forbidden";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 409: return "Conflict";
    case 412: return "Precondition failed";
    case 413: return "Payload too large";
    case 422: return "Invalid input";
    case 428: return "Precondition required";
    case 429: return "Too many requests";
    case 431: return "Request header fields too large";
    case 503: return "Service unavailable";
    default: return s >= 500 ? "Internal error" : "Error";
  }
}

void WriteProblemMembers(JsonWriter& w, unsigned http_status, std::string_view detail, std::string_view field) {
  w.Key("type").String("about:blank");
  w.Key("title").String(StatusTitle(http_status));
  w.Key("status").Int(http_status);
  w.Key("detail").String(detail);
  if (!field.empty()) w.Key("field").String(field);
}

Response Problem(unsigned http_status, std::string_view detail, std::string_view field) {
  std::string body;
  body.reserve(128 + detail.size());
  JsonWriter w(body);
  w.BeginObject();
  WriteProblemMembers(w, http_status, detail, field);
  w.EndObject();
  return MakeResponse(http_status, kProblemType, std::move(body));
}

Response ProblemFor(const Status& status) {
  const unsigned http_status = HttpStatusFor(status.code());
  if (http_status >= 500 && status.code() != StatusCode::kCancelled) {
    spdlog::error("internal error: {}", status.ToString());
    return Problem(http_status, "an internal error occurred; it has been logged");
  }
  return Problem(http_status, status.message(), status.field());
}

Response BadRequest(const Status& status) { return Problem(400, status.message(), status.field()); }

}  // namespace salesdesk::server
