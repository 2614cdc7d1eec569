// RFC 7807 problem replies: how a failed Status, or a malformed request, reaches the
// client. Every error reply is application/problem+json with type, title, status, detail
// and, when known, the field at fault.
#pragma once

#include <string_view>

#include "core/status.h"
#include "server/http_util.h"
#include "server/json_writer.h"

namespace salesdesk::server {

// The HTTP status for an app StatusCode: kInvalidArgument 422, kUnauthenticated 401,
// kPermissionDenied 403, kNotFound 404, kAlreadyExists 409, kPreconditionFailed 412,
// kTooManyRequests 429, kCancelled 503, kInternal (and anything unexpected) 500.
unsigned HttpStatusFor(StatusCode code);

// The short English title for an HTTP status ("Invalid input" for 422).
std::string_view StatusTitle(unsigned http_status);

// A problem reply for a failed `status`. An internal failure is logged here with its
// message, and the client gets a generic detail (no internals leak).
Response ProblemFor(const Status& status);

// A problem reply with an explicit HTTP status, for failures the server itself detects
// (400 malformed request, 405, 413, 428, ...). `field` may be empty.
Response Problem(unsigned http_status, std::string_view detail, std::string_view field = {});

// 400 for a request the server cannot take (a bad parameter or body), naming the field.
Response BadRequest(const Status& status);

// Writes the standard members (type, title, status, detail, field when non-empty) into
// an open JSON object, for handlers that add their own members (import errors).
void WriteProblemMembers(JsonWriter& writer, unsigned http_status, std::string_view detail, std::string_view field);

inline constexpr std::string_view kProblemType = "application/problem+json";

}  // namespace salesdesk::server
