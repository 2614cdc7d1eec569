// `salesdesk serve`: HTTP/1.1 over Boost.Beast. One io_context served by N threads, one
// strand per connection, keep-alive, bounded request sizes and timeouts; slow calls
// (sign-in hashing, imports) run on a small separate pool so they never hold up the I/O
// threads. Every request goes through Router::Handle (router.h).
//
//   server::Config cfg;  cfg.port = 8080;
//   server::HttpServer srv(store, cfg);
//   Status s = srv.Run();  // logs "salesdesk listening on http://HOST:PORT"; returns after
//                          // SIGINT/SIGTERM or Stop(), once in-flight requests are done
#pragma once

#include <memory>

#include "core/status.h"
#include "server/config.h"
#include "store/store.h"

namespace salesdesk::server {

class Router;

class HttpServer {
 public:
  // `store` must outlive the server. Loads the web root's files at once.
  HttpServer(Store& store, Config config);
  // Stops (as Stop()) and waits for the threads.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens on config.host:config.port, logs the readiness line, starts the
  // threads and returns at once. Fails with kInvalidArgument (field "host" or "port") when
  // the address cannot be used; a second call fails with kInternal.
  Status Start();
  // Blocks until the server has stopped and every thread has finished (background
  // territory alignments are cancelled then, and joined).
  void Wait();
  // Start(), then Wait().
  Status Run();
  // Stops accepting, closes idle keep-alive connections, lets requests in flight finish
  // (at most config.shutdown_grace_seconds, then closes what is left). Returns at once;
  // thread-safe and idempotent; also what SIGINT/SIGTERM do when config.handle_signals.
  void Stop();

  // The bound port (useful with config.port = 0); 0 before Start().
  unsigned short port() const;
  Router& router();

 private:
  friend class Session;  // one connection (http_server.cc)
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace salesdesk::server
