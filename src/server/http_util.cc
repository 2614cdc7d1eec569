#include "server/http_util.h"

#include <charconv>

namespace salesdesk::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
    if (x != y) return false;
  }
  return true;
}

// Calls `fn(item)` for each comma- or semicolon-separated item of `list`, trimmed.
template <typename Fn>
bool ForEachItem(std::string_view list, char separator, Fn fn) {
  while (!list.empty()) {
    std::size_t cut = list.find(separator);
    std::string_view item = Trim(list.substr(0, cut));
    if (!item.empty() && fn(item)) return true;
    if (cut == std::string_view::npos) break;
    list.remove_prefix(cut + 1);
  }
  return false;
}

// True when the parameters of an Accept-Encoding item set q to zero.
bool QualityIsZero(std::string_view params) {
  return ForEachItem(params, ';', [](std::string_view p) {
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') return false;
    for (char c : p.substr(2))
      if (c != '0' && c != '.') return false;
    return true;
  });
}

}  // namespace

std::uint64_t BodyLimitFor(http::verb method, std::string_view target) {
  return method == http::verb::post && target.starts_with("/api/v1/imports/") ? kImportBodyLimit : kJsonBodyLimit;
}

Response MakeResponse(unsigned status, std::string_view content_type, std::string body) {
  Response res{static_cast<http::status>(status), 11};
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response JsonResponse(unsigned status, std::string body) {
  return MakeResponse(status, "application/json; charset=utf-8", std::move(body));
}

Response EmptyResponse(unsigned status) {
  Response res{static_cast<http::status>(status), 11};
  res.prepare_payload();
  return res;
}

void AddSecurityHeaders(Response& res) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
          "base-uri 'self'; frame-ancestors 'none'");
  res.set(http::field::x_frame_options, "DENY");
  res.set("Referrer-Policy", "same-origin");
}

std::string CookieValue(const Request& req, std::string_view name) {
  std::string found;
  auto range = req.equal_range(http::field::cookie);
  for (auto it = range.first; it != range.second && found.empty(); ++it) {
    ForEachItem(it->value(), ';', [&](std::string_view item) {
      std::size_t eq = item.find('=');
      if (eq == std::string_view::npos || Trim(item.substr(0, eq)) != name) return false;
      found = std::string(Trim(item.substr(eq + 1)));
      return true;
    });
  }
  return found;
}

std::optional<std::int64_t> IfMatchVersion(const Request& req) {
  auto it = req.find(http::field::if_match);
  if (it == req.end()) return std::nullopt;
  std::string_view v = Trim(it->value());
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t version = -1;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  if (ec != std::errc() || end != v.data() + v.size() || version < 0) return -1;
  return version;
}

bool AcceptsGzip(const Request& req) {
  auto it = req.find(http::field::accept_encoding);
  if (it == req.end()) return false;
  return ForEachItem(it->value(), ',', [](std::string_view item) {
    std::size_t semi = item.find(';');
    std::string_view coding = Trim(item.substr(0, semi));
    if (!EqualsIgnoreCase(coding, "gzip") && coding != "*") return false;
    return semi == std::string_view::npos || !QualityIsZero(item.substr(semi + 1));
  });
}

void SplitTarget(std::string_view target, std::string_view& path, std::string_view& query) {
  std::size_t q = target.find('?');
  path = target.substr(0, q);
  query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

}  // namespace salesdesk::server
