// The server over real sockets on 127.0.0.1 (an ephemeral port): keep-alive, body
// limits, static files with gzip and 304, and a graceful stop that lets a request in
// flight finish.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server/http_server.h"
#include "server/test_org.h"

namespace salesdesk::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using testing::TestOrg;
using V = http::verb;

std::string Inflate(const std::string& gz) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

// One client connection with blocking reads and writes.
class Client {
 public:
  explicit Client(unsigned short port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  Response Send(Request req) {
    req.set(http::field::host, "127.0.0.1");
    req.prepare_payload();
    http::write(socket_, req);
    return Read();
  }
  Response Read() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }
  // True when the server has closed the connection (a read sees end of stream).
  bool ClosedByServer() {
    beast::error_code ec;
    char byte;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  tcp::socket& socket() { return socket_; }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

class SocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_root_ = std::filesystem::temp_directory_path() / ("sd-web-" + std::to_string(::getpid()));
    std::filesystem::create_directories(web_root_ / "assets");
    index_ = "<!doctype html><html><head><title>salesdesk</title><script type=module src=/assets/app-3f2a.js>"
             "</script></head><body><div id=app></div>" + std::string(400, ' ') + "</body></html>";
    std::ofstream(web_root_ / "index.html") << index_;
    for (int i = 0; i < 400; ++i) script_ += "export const value" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
    std::ofstream(web_root_ / "assets" / "app-3f2a.js") << script_;
    org_.config().web_root = web_root_.string();
    org_.config().port = 0;
    org_.config().threads = 2;
    server_ = std::make_unique<HttpServer>(org_.store(), org_.config());
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(web_root_);
  }

  Request Get(const std::string& target) { return org_.MakeRequest(V::get, target); }

  TestOrg org_;
  std::filesystem::path web_root_;
  std::string index_, script_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(SocketTest, KeepAliveServesManyRequestsOnOneConnection) {
  Client client(server_->port());
  for (int i = 0; i < 5; ++i) {
    Response health = client.Send(Get("/api/v1/health"));
    EXPECT_EQ(health.result_int(), 200u);
    EXPECT_TRUE(health.keep_alive());
    Response list = client.Send(org_.MakeRequest(V::get, "/api/v1/accounts?limit=5", "", {org_.r1a.id}));
    EXPECT_EQ(list.result_int(), 200u) << list.body();
  }
  Request last = Get("/api/v1/health");
  last.keep_alive(false);
  EXPECT_FALSE(client.Send(last).keep_alive());
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(SocketTest, OversizedBodiesAre413ButImportsMayBeLarge) {
  {
    Client client(server_->port());
    Request big = org_.MakeRequest(V::post, "/api/v1/accounts", std::string(kJsonBodyLimit + 1, ' '), {org_.r1a.id});
    Response res = client.Send(std::move(big));
    EXPECT_EQ(res.result_int(), 413u);
    EXPECT_FALSE(res.keep_alive());
  }
  {
    Client client(server_->port());
    std::string csv = "external_id,name,currency\n";
    while (csv.size() < kJsonBodyLimit + 100000) csv += "BIG-" + std::to_string(csv.size()) + ",Big,CNY\n";
    Request req = org_.MakeRequest(V::post, "/api/v1/imports/accounts", csv, {org_.admin.id});
    Response res = client.Send(std::move(req));
    EXPECT_EQ(res.result_int(), 200u) << res.body().substr(0, 300);
  }
  {
    Client client(server_->port());
    Request huge_head = Get("/api/v1/health");
    huge_head.set("X-Padding", std::string(kHeaderLimit + 10, 'x'));
    EXPECT_EQ(client.Send(std::move(huge_head)).result_int(), 431u);
  }
}

TEST_F(SocketTest, StaticFilesAreGzippedCachedAndRevalidated) {
  Client client(server_->port());
  Request req = Get("/assets/app-3f2a.js");
  req.set(http::field::accept_encoding, "gzip, deflate, br");
  Response js = client.Send(req);
  ASSERT_EQ(js.result_int(), 200u);
  EXPECT_EQ(js[http::field::content_encoding], "gzip");
  EXPECT_EQ(js[http::field::content_type], "application/javascript; charset=utf-8");
  EXPECT_EQ(js[http::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_LT(js.body().size(), script_.size() / 2);
  EXPECT_EQ(Inflate(js.body()), script_);
  const std::string etag(js[http::field::etag]);
  ASSERT_FALSE(etag.empty());

  req.set(http::field::if_none_match, etag);
  Response again = client.Send(req);
  EXPECT_EQ(again.result_int(), 304u);
  EXPECT_TRUE(again.body().empty());

  Response plain = client.Send(Get("/assets/app-3f2a.js"));
  EXPECT_EQ(plain.body(), script_);
  EXPECT_TRUE(plain[http::field::content_encoding].empty());

  for (const char* spa : {"/", "/accounts/12", "/dashboard?from=2026-01-01"}) {
    Response page = client.Send(Get(spa));
    EXPECT_EQ(page.result_int(), 200u) << spa;
    EXPECT_EQ(page.body(), index_) << spa;
    EXPECT_EQ(page[http::field::cache_control], "no-cache");
    EXPECT_EQ(page[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(page["X-Content-Type-Options"], "nosniff");
  }
  EXPECT_EQ(client.Send(Get("/assets/missing-0000.js")).result_int(), 404u);
  EXPECT_EQ(client.Send(Get("/%2e%2e/%2e%2e/etc/passwd")).result_int(), 400u);
  EXPECT_EQ(client.Send(Get("/assets/..%5c..%5cindex.html")).result_int(), 400u);
  EXPECT_EQ(client.Send(Get("/a%00b")).result_int(), 400u);
  EXPECT_EQ(client.Send(org_.MakeRequest(V::post, "/index.html", "x")).result_int(), 405u);
  EXPECT_EQ(client.Send(Get("/api/v1/unknown")).result_int(), 404u);
}

TEST_F(SocketTest, StopFinishesTheRequestInFlightThenExits) {
  Client idle(server_->port());
  EXPECT_EQ(idle.Send(Get("/api/v1/health")).result_int(), 200u);  // now idle, kept alive

  std::string csv = "external_id,name,currency\n";
  for (int i = 0; i < 40000; ++i) csv += "STOP-" + std::to_string(i) + ",Stop,CNY\n";
  Client busy(server_->port());
  Request req = org_.MakeRequest(V::post, "/api/v1/imports/accounts", csv, {org_.admin.id});
  req.set(http::field::host, "127.0.0.1");
  req.prepare_payload();
  http::write(busy.socket(), req);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the import is under way

  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  Response res = busy.Read();
  EXPECT_EQ(res.result_int(), 200u) << res.body().substr(0, 300);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(idle.ClosedByServer());
  server_->Wait();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));

  asio::io_context ioc;
  tcp::socket late(ioc);
  beast::error_code ec;
  late.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()), ec);
  EXPECT_TRUE(ec) << "a stopped server still accepts connections";
}

}  // namespace
}  // namespace salesdesk::server
