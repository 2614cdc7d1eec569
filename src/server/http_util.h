// The HTTP message types the router works on, and small helpers over their headers.
// Requests and responses are Boost.Beast messages with string bodies, so the socket layer
// hands them to the router and back without copying.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesdesk::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Bodies larger than these are refused with 413 before they are read.
inline constexpr std::uint64_t kJsonBodyLimit = 1ull << 20;       // 1 MiB
inline constexpr std::uint64_t kImportBodyLimit = 200ull << 20;   // 200 MiB, POST /api/v1/imports/*
inline constexpr std::uint32_t kHeaderLimit = 16u << 10;          // 16 KiB of request head

inline constexpr std::string_view kSessionCookie = "sd_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The largest body accepted for a request to `target` with `method`.
std::uint64_t BodyLimitFor(http::verb method, std::string_view target);

// A reply with `status`, `content_type` and `body`; Content-Length is set.
Response MakeResponse(unsigned status, std::string_view content_type, std::string body);
// A JSON reply (application/json; charset=utf-8).
Response JsonResponse(unsigned status, std::string body);
// A reply without a body (204, 304).
Response EmptyResponse(unsigned status);

// Adds the headers every reply carries: nosniff, CSP, frame and referrer policies.
void AddSecurityHeaders(Response& response);

// The value of cookie `name` in the request's Cookie header(s), or "".
std::string CookieValue(const Request& request, std::string_view name);
// The version in an If-Match header ("3", "\"3\"", W/"3"): nullopt when the header is
// absent; -1 when present but not a version.
std::optional<std::int64_t> IfMatchVersion(const Request& request);
// True when the Accept-Encoding header allows gzip (and does not give it q=0).
bool AcceptsGzip(const Request& request);

// Splits a request target into path and query (without '?').
void SplitTarget(std::string_view target, std::string_view& path, std::string_view& query);

}  // namespace salesdesk::server
