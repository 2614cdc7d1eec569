// How `salesdesk serve` listens and what it serves.
#pragma once

#include <string>

namespace salesdesk::server {

struct Config {
  std::string host = "127.0.0.1";  // address to listen on ("0.0.0.0" for every interface)
  unsigned short port = 8080;      // 0 = an ephemeral port (see HttpServer::port())
  std::string web_root = "web/dist";  // the built single-page app; absent = API only
  int threads = 0;                    // I/O threads; 0 = one per core
  bool secure_cookies = false;        // add Secure to the session cookie (behind HTTPS)
  bool handle_signals = true;         // SIGINT/SIGTERM stop the server gracefully
  bool access_log = true;             // one log line per request
  int idle_timeout_seconds = 60;      // keep-alive connection waiting for a request
  int request_timeout_seconds = 300;  // reading one request (an import may be large)
  int shutdown_grace_seconds = 20;    // Stop(): in-flight requests get this long to finish
};

}  // namespace salesdesk::server
