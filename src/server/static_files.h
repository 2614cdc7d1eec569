// The single-page app's files (web/dist), held in memory: read once at start-up, text
// assets gzip-compressed once, then served with ETags, 304s and cache headers. Paths are
// looked up in that in-memory table only, so nothing outside the web root can be reached.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "server/http_util.h"

namespace salesdesk::server {

class StaticFiles {
 public:
  // Loads every regular file under `root` (symlinks are skipped). A missing root leaves
  // the table empty: the server then answers 404 for the app's pages.
  explicit StaticFiles(const std::string& root);

  // Answers GET/HEAD for `path` (the request path, still percent-encoded):
  //  - "/" and any path that names no file -> index.html (the SPA's own router decides),
  //    except under /assets/, where a missing file is 404;
  //  - ".." segments, NUL, backslashes or bad percent-encoding -> 400;
  //  - other methods -> 405.
  // /assets/* (content-hashed names) are cached for a year as immutable; everything else
  // is "no-cache" (revalidated with the ETag). Thread-safe (read-only after construction).
  Response Serve(const Request& request, std::string_view path) const;

  std::size_t file_count() const { return assets_.size(); }

  // The Content-Type for a file name, by extension.
  static std::string_view ContentTypeFor(std::string_view name);

 private:
  struct Asset {
    std::string content_type;
    std::string body;
    std::string gzip;  // empty when not worth compressing
    std::string etag, gzip_etag;
  };
  const Asset* Find(std::string_view decoded_path) const;

  std::unordered_map<std::string, Asset> assets_;  // "/index.html" -> file
};

// gzip (RFC 1952) of `data` at the best compression level; "" on failure.
std::string Gzip(std::string_view data);

}  // namespace salesdesk::server
