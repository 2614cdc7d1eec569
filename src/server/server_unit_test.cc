// Unit tests of the server's pure parts: JSON writing and flat parsing, record JSON,
// query parsing, header helpers, problem mapping, gzip. No store, no sockets.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/money.h"
#include "server/flat_json.h"
#include "server/http_util.h"
#include "server/json_writer.h"
#include "server/problem.h"
#include "server/query.h"
#include "server/record_json.h"
#include "server/static_files.h"

namespace salesdesk::server {
namespace {

TEST(JsonWriterTest, WritesCommasEscapesAndShortestNumbers) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("a").Int(-5).Key("s").String("q\"\\\n\x01\xe4\xb8\xad").Key("list").BeginArray();
  w.Double(0.1).Double(1e21).Double(std::nan("")).Bool(true).Null().RawNumber("12.50");
  w.EndArray().Key("o").BeginObject().EndObject().EndObject();
  EXPECT_EQ(out, "{\"a\":-5,\"s\":\"q\\\"\\\\\\n\\u0001\xe4\xb8\xad\",\"list\":[0.1,1e+21,null,true,null,12.50],\"o\":{}}");
  EXPECT_NO_THROW(boost::json::parse(out));
}

TEST(FlatJsonTest, KeepsNumberTextAndMarksNestedValues) {
  auto m = ParseFlatObject(R"( {"a": 1234.50, "b": "x\u00e9", "c": null, "d": true, "e": [1, {"f": 2}], "g": -0e0} )");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->size(), 6u);
  EXPECT_EQ((*m)[0].value.text, "1234.50");
  EXPECT_EQ((*m)[1].value.text, "x\xc3\xa9");
  EXPECT_EQ((*m)[2].value.type, JsonScalar::Type::kNull);
  EXPECT_TRUE((*m)[3].value.boolean);
  EXPECT_EQ((*m)[4].value.type, JsonScalar::Type::kNested);
  EXPECT_EQ((*m)[5].key, "g");
  EXPECT_EQ((*m)[5].value.text, "-0e0");
}

TEST(FlatJsonTest, RejectsWhatIsNotOneObject) {
  for (std::string_view bad : {"", "  ", "[]", "1", "\"s\"", "{", "{\"a\":1}x", "{\"a\":1,}", "{'a':1}",
                               "{\"a\":\"\xff\"}", "{\"a\":01}"}) {
    auto m = ParseFlatObject(bad);
    EXPECT_FALSE(m.ok()) << bad;
    if (!m.ok()) {
      EXPECT_EQ(m.status().field(), "body");
    }
  }
  EXPECT_TRUE(ParseFlatObject("{}").ok());
}

TEST(RecordJsonTest, MoneyRoundTripsExactlyInEachCurrency) {
  for (auto [currency, text, minor] : std::vector<std::tuple<std::string, std::string, std::int64_t>>{
           {"CNY", "1234.56", 123456}, {"CNY", "0.1", 10}, {"JPY", "90000000000001", 90000000000001},
           {"KWD", "-1.005", -1005}, {"USD", "89999999999999.99", 8999999999999999}}) {
    auto members = ParseFlatObject(R"({"sku":"S","name":"N","unit_price":)" + text + R"(,"currency":")" + currency + "\"}");
    ASSERT_TRUE(members.ok());
    auto changes = DecodeRecord(ProductsKind(), *members, "");
    ASSERT_TRUE(changes.ok()) << changes.status().ToString();
    EXPECT_EQ(changes->record.GetInt("unit_price"), minor) << text;
    const std::string json = RecordJson(changes->record);
    auto back = ParseFlatObject(json);
    ASSERT_TRUE(back.ok());
    for (const auto& m : *back) {
      if (m.key == "unit_price") {
        EXPECT_EQ(ParseMoney(m.value.text, currency).value(), minor) << json;
      }
    }
  }
}

TEST(RecordJsonTest, DecodeNamesTheMemberAtFault) {
  struct Case {
    std::string body, field;
  };
  for (const Case& c : std::vector<Case>{{R"({"nope":1})", "nope"},
                                         {R"({"id":1})", "id"},
                                         {R"({"org_id":1})", "org_id"},
                                         {R"({"version":1})", "version"},
                                         {R"({"name":1})", "name"},
                                         {R"({"name":"a","name":"b"})", "name"},
                                         {R"({"amount":1.5})", "currency"},
                                         {R"({"amount":"1.5","currency":"CNY"})", "amount"},
                                         {R"({"amount":1.555,"currency":"CNY"})", "amount"},
                                         {R"({"amount":1e3,"currency":"CNY"})", "amount"},
                                         {R"({"account_id":1.0})", "account_id"},
                                         {R"({"account_id":99999999999999999999})", "account_id"},
                                         {R"({"probability":"high"})", "probability"},
                                         {R"({"stage":["a"]})", "stage"}}) {
    auto members = ParseFlatObject(c.body);
    ASSERT_TRUE(members.ok()) << c.body;
    auto changes = DecodeRecord(OpportunitiesKind(), *members, "");
    ASSERT_FALSE(changes.ok()) << c.body;
    EXPECT_EQ(changes.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(changes.status().field(), c.field) << c.body << ": " << changes.status().message();
  }
}

TEST(RecordJsonTest, PatchListsChangedFieldsAndUsesTheStoredCurrency) {
  auto members = ParseFlatObject(R"({"amount": 10.5, "stage": "negotiation", "lost_reason": null})");
  ASSERT_TRUE(members.ok());
  EXPECT_TRUE(NeedsStoredCurrency(OpportunitiesKind(), *members));
  auto changes = DecodeRecord(OpportunitiesKind(), *members, "JPY");
  EXPECT_FALSE(changes.ok());  // 10.5 yen does not exist
  changes = DecodeRecord(OpportunitiesKind(), *members, "USD");
  ASSERT_TRUE(changes.ok());
  const KindSpec& k = OpportunitiesKind();
  EXPECT_EQ(changes->changed, (std::vector<int>{k.FieldIndex("amount"), k.FieldIndex("stage"), k.FieldIndex("lost_reason")}));
  EXPECT_EQ(changes->record.GetInt("amount"), 1050);
}

TEST(RecordJsonTest, WritesBooleansRefsAndNulls) {
  Record user(&UsersKind());
  user.id = 7;
  user.version = 3;
  user.Set("email", std::string("a@b.c"));
  user.Set("manager_id", std::int64_t{2});
  user.Set("disabled", std::int64_t{1});
  const std::string json = RecordJson(user);
  auto v = boost::json::parse(json);
  EXPECT_EQ(v.at("id").as_int64(), 7);
  EXPECT_EQ(v.at("version").as_int64(), 3);
  EXPECT_EQ(v.at("manager_id").as_int64(), 2);
  EXPECT_TRUE(v.at("disabled").as_bool());
  EXPECT_TRUE(v.at("team_id").is_null());
}

TEST(QueryTest, DecodesAndBuildsTheListQuery) {
  auto params = ParseQuery("limit=10&offset=20&sort=-amount&q=acme+co%21&stage=proposal&&amount=12.5&currency=USD");
  ASSERT_TRUE(params.ok());
  auto q = ParseListQuery(OpportunitiesKind(), *params);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->limit, 10);
  EXPECT_EQ(q->offset, 20);
  EXPECT_EQ(q->sort_field, "amount");
  EXPECT_TRUE(q->descending);
  EXPECT_EQ(q->search, "acme co!");
  ASSERT_EQ(q->filters.size(), 3u);
  EXPECT_EQ(std::get<std::string>(q->filters[0].value), "proposal");
  EXPECT_EQ(std::get<std::int64_t>(q->filters[1].value), 1250);
  auto defaults = ParseListQuery(AccountsKind(), {});
  EXPECT_EQ(defaults->limit, 50);
  EXPECT_FALSE(ParseQuery("a=%zz").ok());
  auto sorted_by_id = ParseListQuery(AccountsKind(), ParseQuery("sort=-id").value());
  EXPECT_TRUE(sorted_by_id->sort_field.empty());
  EXPECT_TRUE(sorted_by_id->descending);
}

TEST(HttpUtilTest, ReadsCookiesIfMatchAndAcceptEncoding) {
  Request req{http::verb::get, "/", 11};
  req.insert(http::field::cookie, "a=1; sd_session=abc ; b=2");
  EXPECT_EQ(CookieValue(req, "sd_session"), "abc");
  EXPECT_EQ(CookieValue(req, "missing"), "");
  EXPECT_FALSE(IfMatchVersion(req).has_value());
  for (auto [header, version] : std::vector<std::pair<std::string, std::int64_t>>{
           {"\"3\"", 3}, {"3", 3}, {"W/\"12\"", 12}, {"*", -1}, {"\"x\"", -1}, {"-4", -1}}) {
    req.set(http::field::if_match, header);
    EXPECT_EQ(IfMatchVersion(req).value(), version) << header;
  }
  for (auto [header, gzip] : std::vector<std::pair<std::string, bool>>{
           {"gzip", true}, {"deflate, GZIP;q=0.5", true}, {"gzip;q=0", false}, {"br", false}, {"*", true}}) {
    req.set(http::field::accept_encoding, header);
    EXPECT_EQ(AcceptsGzip(req), gzip) << header;
  }
  EXPECT_EQ(BodyLimitFor(http::verb::post, "/api/v1/imports/accounts"), kImportBodyLimit);
  EXPECT_EQ(BodyLimitFor(http::verb::post, "/api/v1/accounts"), kJsonBodyLimit);
}

TEST(ProblemTest, MapsEveryStatusCode) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 422u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPreconditionFailed), 412u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kTooManyRequests), 429u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500u);
  Response res = ProblemFor(Status::Invalid("must be one of: a, b", "stage"));
  EXPECT_EQ(res.result_int(), 422u);
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  auto v = boost::json::parse(res.body());
  EXPECT_EQ(v.at("title").as_string(), "Invalid input");
  EXPECT_EQ(v.at("field").as_string(), "stage");
  Response internal = ProblemFor(Status::Internal("SQLITE_CORRUPT at /var/secret.db"));
  EXPECT_EQ(internal.result_int(), 500u);
  EXPECT_EQ(internal.body().find("secret"), std::string::npos);
}

TEST(StaticFilesTest, GzipIsValidAndContentTypesByExtension) {
  const std::string text(5000, 'a');
  const std::string gz = Gzip(text);
  ASSERT_GT(gz.size(), 10u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_LT(gz.size(), 200u);
  EXPECT_EQ(StaticFiles::ContentTypeFor("/assets/index-1a2b.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentTypeFor("/logo.svg"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentTypeFor("/font.woff2"), "font/woff2");
  EXPECT_EQ(StaticFiles::ContentTypeFor("/blob"), "application/octet-stream");
  StaticFiles none("");
  Request req{http::verb::get, "/", 11};
  EXPECT_EQ(none.Serve(req, "/").result_int(), 404u);
}

}  // namespace
}  // namespace salesdesk::server
