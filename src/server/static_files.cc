#include "server/static_files.h"

#include <spdlog/spdlog.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/problem.h"
#include "server/query.h"

namespace salesdesk::server {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxFileBytes = 64u << 20;
constexpr std::uintmax_t kMaxTotalBytes = 512u << 20;
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

std::string ETagOf(std::string_view data, std::string_view suffix) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return "\"" + std::string(buf) + std::string(suffix) + "\"";
}

bool IsCompressible(std::string_view type) {
  return type.starts_with("text/") || type.starts_with("application/javascript") ||
         type.starts_with("application/json") || type.starts_with("image/svg") || type == "application/wasm" ||
         type.starts_with("application/manifest");
}

bool ReadWhole(const fs::path& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return true;
}

// True when If-None-Match names `etag` (or is "*").
bool NotModified(const Request& req, const std::string& etag) {
  auto it = req.find(http::field::if_none_match);
  if (it == req.end()) return false;
  std::string_view v = it->value();
  return v.find(etag) != std::string_view::npos || v.find('*') != std::string_view::npos;
}

}  // namespace

std::string Gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string_view StaticFiles::ContentTypeFor(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "application/javascript; charset=utf-8"},
      {".mjs", "application/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".svg", "image/svg+xml; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".wasm", "application/wasm"},
  };
  for (const auto& [ext, type] : kTypes)
    if (name.ends_with(ext)) return type;
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) {
    if (!root.empty()) spdlog::warn("web root {} not found: serving the API only", root);
    return;
  }
  std::uintmax_t total = 0;
  const fs::path base = fs::canonical(root, ec);
  for (auto it = fs::recursive_directory_iterator(base, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    const std::uintmax_t size = it->file_size(ec);
    if (ec || size > kMaxFileBytes || total + size > kMaxTotalBytes) {
      spdlog::warn("not serving {}: too large", it->path().string());
      continue;
    }
    Asset asset;
    if (!ReadWhole(it->path(), asset.body)) continue;
    total += size;
    const std::string key = "/" + it->path().lexically_relative(base).generic_string();
    asset.content_type = std::string(ContentTypeFor(key));
    asset.etag = ETagOf(asset.body, "");
    if (IsCompressible(asset.content_type) && asset.body.size() >= 256) {
      std::string gz = Gzip(asset.body);
      if (!gz.empty() && gz.size() < asset.body.size() * 9 / 10) {
        asset.gzip = std::move(gz);
        asset.gzip_etag = ETagOf(asset.body, "-gz");
      }
    }
    assets_.emplace(key, std::move(asset));
  }
  spdlog::info("serving {} web files ({} KiB) from {}", assets_.size(), total / 1024, base.string());
}

const StaticFiles::Asset* StaticFiles::Find(std::string_view decoded) const {
  auto it = assets_.find(decoded == "/" ? std::string("/index.html") : std::string(decoded));
  if (it != assets_.end()) return &it->second;
  if (decoded.starts_with("/assets/")) return nullptr;
  it = assets_.find("/index.html");
  return it == assets_.end() ? nullptr : &it->second;
}

Response StaticFiles::Serve(const Request& req, std::string_view path) const {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    Response res = Problem(405, "only GET and HEAD are allowed here");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  const auto decoded_path = PercentDecode(path, false);
  if (!decoded_path || !path.starts_with('/')) return Problem(400, "malformed path");
  const std::string& decoded = *decoded_path;
  if (decoded.find("..") != std::string::npos || decoded.find('\0') != std::string::npos ||
      decoded.find('\\') != std::string::npos)
    return Problem(400, "the path may not contain '..', NUL or backslashes");
  const Asset* asset = Find(decoded);
  if (!asset) return Problem(404, "no such file");
  const bool gzip = !asset->gzip.empty() && AcceptsGzip(req);
  const std::string& etag = gzip ? asset->gzip_etag : asset->etag;
  Response res{http::status::ok, 11};
  res.set(http::field::cache_control, decoded.starts_with("/assets/") ? kImmutable : std::string_view("no-cache"));
  res.set(http::field::etag, etag);
  if (!asset->gzip.empty()) res.set(http::field::vary, "Accept-Encoding");
  if (NotModified(req, etag)) {
    res.result(http::status::not_modified);
    return res;
  }
  res.set(http::field::content_type, asset->content_type);
  if (gzip) res.set(http::field::content_encoding, "gzip");
  const std::string& body = gzip ? asset->gzip : asset->body;
  if (req.method() == http::verb::head) {
    res.content_length(body.size());  // no body follows a HEAD reply
  } else {
    res.body() = body;
    res.prepare_payload();
  }
  return res;
}

}  // namespace salesdesk::server
