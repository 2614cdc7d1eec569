#include "server/http_server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "server/problem.h"
#include "server/router.h"

namespace salesdesk::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kWriteTimeout = std::chrono::seconds(60);
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr auto kShutdownPoll = std::chrono::milliseconds(25);

// The request path for the log: no query (it may hold search text), bounded, printable.
std::string LogPath(std::string_view target) {
  std::string path(target.substr(0, std::min(target.find('?'), std::size_t{300})));
  for (char& c : path)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return path;
}

}  // namespace

class Session;

struct HttpServer::Impl {
  Impl(Store& store, Config c)
      : config(std::move(c)),
        router(store, config),
        threads_wanted(config.threads > 0 ? config.threads
                                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
        blocking(std::max(2, threads_wanted)) {}

  void DoAccept();
  void BeginStop();
  void PollShutdown();
  void Register(const std::shared_ptr<Session>& s);
  void Unregister(Session* s);
  template <typename Fn>
  void ForEachSession(Fn fn);

  Config config;
  Router router;
  const int threads_wanted;
  std::atomic<bool> stopping{false};
  std::atomic<bool> started{false};
  unsigned short port = 0;
  Clock::time_point stop_deadline;

  // Live connections; declared before the io_context so that sessions destroyed while
  // it shuts down can still unregister.
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  asio::steady_timer shutdown_timer{ioc};
  asio::steady_timer accept_retry{ioc};
  asio::thread_pool blocking;  // slow handlers
  std::vector<std::thread> threads;
};

// One connection: read a request, answer it, repeat while keep-alive. All its handlers
// run on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl& server) : stream_(std::move(socket)), server_(server) {}
  ~Session() { server_.Unregister(this); }

  void Start() {
    server_.Register(shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
  }
  // Closes the connection if it is waiting for a request; a busy one closes after its reply.
  void StopIfIdle() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->Close();
    });
  }
  void ForceClose() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
  }

 private:
  void DoRead();
  void OnHeader(beast::error_code ec);
  void ReadBody();
  void OnBody(beast::error_code ec);
  void Process();
  void Send(Response res);
  void OnWrite(bool keep_alive, beast::error_code ec);
  void Refuse(unsigned status, std::string_view detail);
  void Linger();
  void Close();
  void Log(unsigned status);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  Response response_;
  http::response<http::empty_body> continue_{http::status::continue_, 11};
  std::array<char, 8192> drain_{};
  HttpServer::Impl& server_;
  bool idle_ = true;
  bool closed_ = false;
  Clock::time_point started_;
  std::string method_, path_;
  CallInfo info_;
};

void Session::DoRead() {
  if (server_.stopping || closed_) return Close();
  idle_ = true;
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  // The route's own limit is applied once the head is read (OnHeader); until then the
  // parser must not reject a Content-Length that an import may legitimately have.
  parser_->body_limit(kImportBodyLimit);
  stream_.expires_after(std::chrono::seconds(server_.config.idle_timeout_seconds));
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
}

void Session::OnHeader(beast::error_code ec) {
  if (ec == http::error::header_limit) return Refuse(431, "the request head is larger than 16 KiB");
  if (ec == http::error::body_limit) return Refuse(413, "the request body is too large");
  if (ec && ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return Refuse(400, "malformed HTTP request");
  if (ec) return Close();
  idle_ = false;
  started_ = Clock::now();
  info_ = {};
  const auto& head = parser_->get();
  method_ = std::string(head.method_string().substr(0, 16));
  path_ = LogPath(head.target());
  const std::uint64_t limit = BodyLimitFor(head.method(), head.target());
  if (parser_->content_length() && *parser_->content_length() > limit)
    return Refuse(413, "the request body is larger than " + std::to_string(limit >> 20) + " MiB");
  parser_->body_limit(limit);
  stream_.expires_after(std::chrono::seconds(server_.config.request_timeout_seconds));
  auto expect = head.find(http::field::expect);
  if (expect != head.end() && beast::iequals(expect->value(), "100-continue")) {
    http::async_write(stream_, continue_, [self = shared_from_this()](beast::error_code wec, std::size_t) {
      if (wec) return self->Close();
      self->ReadBody();
    });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
}

void Session::OnBody(beast::error_code ec) {
  if (ec == http::error::body_limit) return Refuse(413, "the request body is too large");
  if (ec) return Close();
  Process();
}

void Session::Process() {
  request_ = parser_->release();
  if (!server_.router.IsSlow(request_)) return Send(server_.router.Handle(request_, &info_));
  asio::post(server_.blocking, [self = shared_from_this()] {
    Response res = self->server_.router.Handle(self->request_, &self->info_);
    asio::post(self->stream_.get_executor(),
               [self, res = std::move(res)]() mutable { self->Send(std::move(res)); });
  });
}

void Session::Send(Response res) {
  const bool keep_alive = res.keep_alive() && !server_.stopping && !closed_;
  res.keep_alive(keep_alive);
  Log(res.result_int());
  response_ = std::move(res);
  request_ = {};  // release a large upload before the reply is written
  stream_.expires_after(kWriteTimeout);
  http::async_write(stream_, response_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
    self->OnWrite(keep_alive, ec);
  });
}

void Session::OnWrite(bool keep_alive, beast::error_code ec) {
  response_ = {};
  if (ec || !keep_alive) return Close();
  DoRead();
}

// Answers a request that will not be read (too large, malformed), then closes after
// letting the client finish sending, so that it sees the reply rather than a reset.
void Session::Refuse(unsigned status, std::string_view detail) {
  if (idle_) started_ = Clock::now();
  idle_ = false;
  Response res = Problem(status, detail);
  AddSecurityHeaders(res);
  res.keep_alive(false);
  Log(status);
  response_ = std::move(res);
  stream_.expires_after(kWriteTimeout);
  http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->Close();
    beast::error_code ignored;
    self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    self->stream_.expires_after(kLingerTimeout);
    self->Linger();
  });
}

void Session::Linger() {
  stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->Close();
    self->Linger();
  });
}

void Session::Close() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void Session::Log(unsigned status) {
  if (!server_.config.access_log) return;
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
  spdlog::info("{} {} {} {:.1f}ms user={}", method_.empty() ? "-" : method_, path_.empty() ? "-" : path_, status, ms,
               info_.user_id);
}

void HttpServer::Impl::Register(const std::shared_ptr<Session>& s) {
  std::lock_guard lock(sessions_mu);
  sessions.emplace(s.get(), s);
}

void HttpServer::Impl::Unregister(Session* s) {
  std::lock_guard lock(sessions_mu);
  sessions.erase(s);
}

template <typename Fn>
void HttpServer::Impl::ForEachSession(Fn fn) {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu);
    for (auto& [ptr, weak] : sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) fn(*s);  // outside the lock: a session may unregister meanwhile
}

void HttpServer::Impl::DoAccept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping || !acceptor.is_open()) return;
    if (ec) {
      spdlog::warn("accept failed: {}", ec.message());
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](beast::error_code) { DoAccept(); });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(std::move(socket), *this)->Start();
    DoAccept();
  });
}

// Runs on the io_context: stop accepting, close idle connections, watch the rest.
void HttpServer::Impl::BeginStop() {
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  accept_retry.cancel();
  stop_deadline = Clock::now() + std::chrono::seconds(config.shutdown_grace_seconds);
  ForEachSession([](Session& s) { s.StopIfIdle(); });
  PollShutdown();
}

// Re-arms until every connection is gone (then the io_context runs out of work and the
// threads return) or the grace period is over (then what is left is closed).
void HttpServer::Impl::PollShutdown() {
  bool empty;
  {
    std::lock_guard lock(sessions_mu);
    empty = sessions.empty();
  }
  if (empty) return;
  if (Clock::now() >= stop_deadline) {
    spdlog::warn("closing connections still busy after {} s", config.shutdown_grace_seconds);
    ForEachSession([](Session& s) { s.ForceClose(); });
    return;
  }
  shutdown_timer.expires_after(kShutdownPoll);
  shutdown_timer.async_wait([this](beast::error_code ec) {
    if (!ec) PollShutdown();
  });
}

HttpServer::HttpServer(Store& store, Config config) : impl_(std::make_unique<Impl>(store, std::move(config))) {}

HttpServer::~HttpServer() {
  Stop();
  Wait();
}

Status HttpServer::Start() {
  Impl& s = *impl_;
  if (s.started.exchange(true)) return Status::Internal("the server was already started");
  beast::error_code ec;
  const auto address = asio::ip::make_address(s.config.host == "localhost" ? "127.0.0.1" : s.config.host, ec);
  if (ec) return Status::Invalid("'" + s.config.host + "' is not an IP address", "host");
  const tcp::endpoint endpoint(address, s.config.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Invalid("cannot listen on " + s.config.host + ":" + std::to_string(s.config.port) + ": " +
                               ec.message(), "port");
  }
  s.port = s.acceptor.local_endpoint().port();
  if (s.config.handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([this](beast::error_code sec, int) {
      if (!sec) Stop();
    });
  }
  s.DoAccept();
  const std::string host = address.is_v6() ? "[" + s.config.host + "]" : s.config.host;
  spdlog::info("salesdesk listening on http://{}:{}", host, s.port);
  for (int i = 0; i < s.threads_wanted; ++i) {
    s.threads.emplace_back([&s] {
      for (;;) {
        try {
          s.ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("unhandled exception on an I/O thread: {}", e.what());
        }
      }
    });
  }
  return Status::Ok();
}

void HttpServer::Wait() {
  Impl& s = *impl_;
  for (auto& t : s.threads)
    if (t.joinable()) t.join();
  s.blocking.join();
  // No request is left to poll them: background alignments are cancelled and joined.
  s.router.services().align_jobs.Shutdown();
}

Status HttpServer::Run() {
  SD_RETURN_IF_ERROR(Start());
  Wait();
  spdlog::info("salesdesk stopped");
  return Status::Ok();
}

void HttpServer::Stop() {
  Impl& s = *impl_;
  if (s.stopping.exchange(true)) return;
  if (!s.started) return;
  asio::post(s.ioc, [&s] { s.BeginStop(); });
}

unsigned short HttpServer::port() const { return impl_->port; }

Router& HttpServer::router() { return impl_->router; }

}  // namespace salesdesk::server
