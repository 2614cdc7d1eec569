// The API's behaviour in detail, through Router::Handle (no sockets): paging, filters,
// sorting, optimistic concurrency, field errors, 404 vs 403, imports and exports,
// sign-in throttling, and sessions that end when a user is disabled or signs out.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "app/admin.h"
#include "server/router.h"
#include "server/test_org.h"

namespace salesdesk::server {
namespace {

namespace json = boost::json;
using testing::Auth;
using testing::Must;
using testing::Person;
using testing::TestOrg;
using V = http::verb;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    org_ = new TestOrg();
    router_ = new Router(org_->store(), org_->config());
  }
  static void TearDownTestSuite() {
    delete router_;
    delete org_;
  }

  TestOrg& org() { return *org_; }

  Response Call(V method, const std::string& target, Id as, std::string body = "",
                std::optional<std::int64_t> if_match = std::nullopt) {
    return router_->Handle(org().MakeRequest(method, target, std::move(body), Auth{as}, if_match));
  }
  static json::value Json(const Response& res) { return json::parse(res.body()); }
  static std::string Field(const Response& res) {
    auto v = Json(res);
    return v.as_object().contains("field") ? std::string(v.at("field").as_string()) : "";
  }

  // A fresh rep under m1 with a password, for tests that change or lock the user.
  Person RepWithPassword() {
    Person p = org().AddPerson(Role::kRep, org().m1.id);
    Must(app::ResetPassword(org().store(), p.email, testing::kPassword));
    return p;
  }

  static inline TestOrg* org_ = nullptr;
  static inline Router* router_ = nullptr;
};

TEST_F(ApiTest, ListPagesFiltersAndSorts) {
  const Person rep = org().AddPerson(Role::kRep, org().m3.id);
  for (int i = 0; i < 7; ++i) {
    Record r = org().Sample(AccountsKind(), rep.id);
    r.Set("industry", std::string(i % 2 ? "steel" : "retail"));
    r.Set("potential", std::int64_t{100 * (i + 1)});
    org().Insert(std::move(r));
  }
  Response page = Call(V::get, "/api/v1/accounts?limit=3&offset=2&sort=-potential", rep.id);
  ASSERT_EQ(page.result_int(), 200u) << page.body();
  auto v = Json(page);
  EXPECT_EQ(v.at("total").as_int64(), 7);
  EXPECT_EQ(v.at("limit").as_int64(), 3);
  EXPECT_EQ(v.at("offset").as_int64(), 2);
  auto& items = v.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("potential").to_number<double>(), 5.0);  // 7, 6 skipped; then 5, 4, 3
  EXPECT_EQ(items[2].at("potential").to_number<double>(), 3.0);

  auto steel = Json(Call(V::get, "/api/v1/accounts?industry=steel&sort=potential", rep.id));
  EXPECT_EQ(steel.at("total").as_int64(), 3);
  EXPECT_EQ(steel.at("items").at(0).at("potential").to_number<double>(), 2.0);
  auto by_money = Json(Call(V::get, "/api/v1/accounts?potential=4&currency=CNY", rep.id));
  EXPECT_EQ(by_money.at("total").as_int64(), 1);
  auto search = Json(Call(V::get, "/api/v1/accounts?q=Account&limit=500", rep.id));
  EXPECT_EQ(search.at("total").as_int64(), 7);
}

TEST_F(ApiTest, RememberedListPagesNeverServeStaleData) {
  const Person rep = org().AddPerson(Role::kRep, org().m3.id);
  Record first = org().Insert(org().Sample(AccountsKind(), rep.id));
  const std::string target = "/api/v1/accounts?limit=50";
  auto total = [&] { return Json(Call(V::get, target, rep.id)).at("total").as_int64(); };
  EXPECT_EQ(total(), 1);
  EXPECT_EQ(total(), 1);  // the second read is the remembered page
  org().Insert(org().Sample(AccountsKind(), rep.id));  // a write behind the server's back
  EXPECT_EQ(total(), 2);
  // A rename through the API shows at once.
  Response renamed = Call(V::patch, "/api/v1/accounts/" + std::to_string(first.id), rep.id,
                          R"({"name":"Renamed"})", first.version);
  ASSERT_EQ(renamed.result_int(), 200u) << renamed.body();
  EXPECT_NE(Call(V::get, target, rep.id).body().find("Renamed"), std::string::npos);
  // Another user asking the same page gets their own view.
  const Person other = org().AddPerson(Role::kRep, org().m3.id);
  EXPECT_EQ(Json(Call(V::get, target, other.id)).at("total").as_int64(), 0);
}

TEST_F(ApiTest, MarketMethodsComputeAndNameBadFigures) {
  const Person m = org().m1;
  Response tm = Call(V::post, "/api/v1/forecast/test-market", m.id,
                     R"({"regions":[{"region":"A","sales":10,"market_factor":100},)"
                     R"({"region":"B","sales":30,"market_factor":200}],"market_factor_total":3000})");
  ASSERT_EQ(tm.result_int(), 200u) << tm.body();
  EXPECT_NEAR(Json(tm).at("estimate").to_number<double>(), 40.0 / 300 * 3000, 1e-9);  // the ratio estimator
  EXPECT_EQ(Field(Call(V::post, "/api/v1/forecast/test-market", m.id,
                       R"({"regions":[{"region":"A","sales":10}],"market_factor_total":3000})")),
            "regions[0].market_factor");
  Response sv = Call(V::post, "/api/v1/forecast/survey", m.id, R"({"scale":"five","answers":[1,5,5,3],"market_size":100})");
  ASSERT_EQ(sv.result_int(), 200u) << sv.body();
  EXPECT_EQ(Json(sv).at("respondents").as_int64(), 4);
  EXPECT_EQ(Json(sv).at("counts").as_array().at(4).as_int64(), 2);
  Response out_of_scale = Call(V::post, "/api/v1/forecast/survey", m.id, R"({"answers":[1,9],"market_size":100})");
  EXPECT_EQ(out_of_scale.result_int(), 422u) << out_of_scale.body();
  EXPECT_NE(out_of_scale.body().find("9"), std::string::npos);
  Response mf = Call(V::post, "/api/v1/forecast/market-factor", m.id,
                     R"({"territories":[{"territory":"A","factor":1,"sales":10},{"territory":"B","factor":2,"sales":21},)"
                     R"({"territory":"C","factor":3,"sales":29}]})");
  ASSERT_EQ(mf.result_int(), 200u) << mf.body();
  EXPECT_NEAR(Json(mf).at("slope").to_number<double>(), 9.5, 1e-9);  // least squares through (1,10) (2,21) (3,29)
  EXPECT_EQ(std::string(Json(mf).at("sales_from").as_string()), "given");
  EXPECT_EQ(Field(Call(V::post, "/api/v1/forecast/market-factor", m.id,
                       R"({"territories":[{"territory":"A","factor":1}]})")),
            "from");
}

TEST_F(ApiTest, BadQueryParametersAre400NamingThem) {
  const Id as = org().admin.id;
  for (auto [query, field] : std::vector<std::pair<std::string, std::string>>{{"limit=0", "limit"},
                                                                              {"limit=501", "limit"},
                                                                              {"offset=-1", "offset"},
                                                                              {"limit=ten", "limit"},
                                                                              {"sort=-nope", "sort"},
                                                                              {"colour=red", "colour"},
                                                                              {"owner_id=abc", "owner_id"},
                                                                              {"potential=12", "potential"}}) {
    Response res = Call(V::get, "/api/v1/accounts?" + query, as);
    EXPECT_EQ(res.result_int(), 400u) << query << " " << res.body();
    EXPECT_EQ(Field(res), field) << query;
  }
  EXPECT_EQ(Call(V::get, "/api/v1/dashboard?from=2026-13-01", as).result_int(), 400u);
  EXPECT_EQ(Call(V::get, "/api/v1/audit?limit=9999", as).result_int(), 400u);
}

TEST_F(ApiTest, MoneyIsExactInMajorUnitsAndRefsAreIds) {
  const Id rep = org().r1a.id;
  Response created = Call(V::post, "/api/v1/accounts", rep,
                          R"({"external_id":"EXACT-1","name":"Exact","currency":"CNY","potential":1234.56,"lat":31.25})");
  ASSERT_EQ(created.result_int(), 201u) << created.body();
  EXPECT_NE(created.body().find("\"potential\":1234.56"), std::string::npos) << created.body();
  EXPECT_NE(created.body().find("\"owner_id\":" + std::to_string(rep)), std::string::npos) << created.body();
  EXPECT_EQ(created[http::field::etag], "\"1\"");
  const Id id = Json(created).at("id").as_int64();
  EXPECT_EQ(created[http::field::location], "/api/v1/accounts/" + std::to_string(id));

  auto tx = Must(org().store().Begin(false));
  EXPECT_EQ(Must(tx->Get(org().org(), AccountsKind(), id, std::nullopt)).GetInt("potential"), 123456);
  tx.reset();

  Response yen = Call(V::post, "/api/v1/accounts", rep,
                      R"({"external_id":"EXACT-2","name":"Yen","currency":"JPY","potential":90000000000001})");
  ASSERT_EQ(yen.result_int(), 201u) << yen.body();
  EXPECT_NE(yen.body().find("\"potential\":90000000000001"), std::string::npos) << yen.body();
  Response too_fine = Call(V::post, "/api/v1/accounts", rep,
                           R"({"external_id":"EXACT-3","name":"Yen","currency":"JPY","potential":1.5})");
  EXPECT_EQ(too_fine.result_int(), 422u);
  EXPECT_EQ(Field(too_fine), "potential");
}

TEST_F(ApiTest, PatchChangesOnlyWhatIsSentAndNeedsIfMatch) {
  const Id rep = org().r1a.id;
  Record account = org().Insert(AccountsKind(), rep);
  const std::string url = "/api/v1/accounts/" + std::to_string(account.id);
  Response get = Call(V::get, url, rep);
  ASSERT_EQ(get.result_int(), 200u);
  EXPECT_EQ(get[http::field::etag], "\"1\"");

  Response missing = Call(V::patch, url, rep, R"({"name":"New"})");
  EXPECT_EQ(missing.result_int(), 428u);
  EXPECT_EQ(Field(missing), "If-Match");
  EXPECT_EQ(Call(V::delete_, url, rep).result_int(), 428u);

  Response patched = Call(V::patch, url, rep, R"({"name":"New","potential":99.9})", 1);
  ASSERT_EQ(patched.result_int(), 200u) << patched.body();
  auto v = Json(patched);
  EXPECT_EQ(v.at("name").as_string(), "New");
  EXPECT_EQ(v.at("city").as_string(), "Shanghai");  // untouched
  EXPECT_EQ(v.at("potential").to_number<double>(), 99.9);  // read in the stored currency
  EXPECT_EQ(v.at("version").as_int64(), 2);
  EXPECT_EQ(patched[http::field::etag], "\"2\"");

  Response stale = Call(V::patch, url, rep, R"({"name":"Again"})", 1);
  EXPECT_EQ(stale.result_int(), 412u);
  EXPECT_EQ(Call(V::delete_, url, rep, "", 1).result_int(), 412u);
  EXPECT_EQ(Call(V::delete_, url, rep, "", 2).result_int(), 204u);
  EXPECT_EQ(Call(V::get, url, rep).result_int(), 404u);
}

TEST_F(ApiTest, BodyErrorsName422FieldsAnd400ForMalformedJson) {
  const Id rep = org().r1a.id;
  struct Case {
    std::string body;
    unsigned status;
    std::string field;
  };
  const std::string ok = R"("external_id":"BAD-1","name":"N","currency":"CNY")";
  for (const Case& c : std::vector<Case>{
           {"{" + ok + R"(,"colour":"red"})", 422, "colour"},
           {"{" + ok + R"(,"org_id":2})", 422, "org_id"},
           {"{" + ok + R"(,"id":5})", 422, "id"},
           {"{" + ok + R"(,"version":1})", 422, "version"},
           {"{" + ok + R"(,"lat":"north"})", 422, "lat"},
           {"{" + ok + R"(,"lat":95})", 422, "lat"},
           {"{" + ok + R"(,"potential":"12"})", 422, "potential"},
           {"{" + ok + R"(,"owner_id":1.5})", 422, "owner_id"},
           {"{" + ok + R"(,"name":{"x":1}})", 422, "name"},
           {R"({"name":"N","currency":"CNY"})", 422, "external_id"},
           {R"({"external_id":"BAD-2","name":"N","currency":"yuan"})", 422, "currency"},
           {"{" + ok + R"(,"owner_id":)" + std::to_string(org().r1b.id) + "}", 403, "owner_id"},
           {R"({"name": "unterminated)", 400, "body"},
           {R"([1,2])", 400, "body"},
           {"", 400, "body"},
       }) {
    Response res = Call(V::post, "/api/v1/accounts", rep, c.body);
    EXPECT_EQ(res.result_int(), c.status) << c.body << "\n" << res.body();
    EXPECT_EQ(Field(res), c.field) << c.body << "\n" << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  }
}

TEST_F(ApiTest, DuplicateNaturalKeyIs409) {
  const Id rep = org().r1a.id;
  const std::string body = R"({"external_id":"DUP-1","name":"Dup","currency":"CNY"})";
  ASSERT_EQ(Call(V::post, "/api/v1/accounts", rep, body).result_int(), 201u);
  Response again = Call(V::post, "/api/v1/accounts", org().admin.id, body);
  EXPECT_EQ(again.result_int(), 409u) << again.body();
}

TEST_F(ApiTest, DeletingARecordStillInUseIsTheCallersProblemNotA500) {
  Record deal = org().Insert(OpportunitiesKind(), org().r1a.id);
  const std::string url = "/api/v1/accounts/" + std::to_string(deal.GetInt("account_id"));
  Response res = Call(V::delete_, url, org().admin.id, "", 1);
  EXPECT_GE(res.result_int(), 400u) << res.body();
  EXPECT_LT(res.result_int(), 500u) << res.body();
  EXPECT_EQ(Call(V::get, url, org().admin.id).result_int(), 200u);
}

TEST_F(ApiTest, HiddenIs404ForbiddenIs403) {
  Record other = org().Insert(AccountsKind(), org().r3.id);
  const std::string url = "/api/v1/accounts/" + std::to_string(other.id);
  EXPECT_EQ(Call(V::get, url, org().r1a.id).result_int(), 404u);  // never revealed
  EXPECT_EQ(Call(V::patch, url, org().r1a.id, R"({"name":"x"})", other.version).result_int(), 404u);
  EXPECT_EQ(Call(V::get, url, org().m3.id).result_int(), 200u);
  EXPECT_EQ(Call(V::get, "/api/v1/audit", org().m1.id).result_int(), 403u);
  EXPECT_EQ(Call(V::post, "/api/v1/products", org().r1a.id, R"({"sku":"X","name":"X","unit_price":1,"currency":"CNY"})")
                .result_int(),
            403u);
  Record quota = org().Insert(QuotasKind(), org().r1a.id);
  EXPECT_EQ(Call(V::patch, "/api/v1/quotas/" + std::to_string(quota.id), org().r1a.id, R"({"amount":1})", 1)
                .result_int(),
            403u);  // a rep sees their quota but may not change it
  EXPECT_EQ(Call(V::get, "/api/v1/accounts/424242", org().admin.id).result_int(), 404u);
}

TEST_F(ApiTest, ImportRejectsTheWholeFileWithLineAndColumn) {
  const Id as = org().admin.id;
  const std::string csv =
      "external_id,name,currency,potential,owner_email\n"
      "IMP-1,Good,CNY,10.50,r1a@example.com\n"
      "IMP-2,Bad money,CNY,12.345,r1a@example.com\n"
      "IMP-3,No owner,CNY,1,nobody@example.com\n";
  Request req = org().MakeRequest(V::post, "/api/v1/imports/accounts", csv, Auth{as});
  req.set(http::field::content_type, "text/csv");
  Response res = router_->Handle(req);
  ASSERT_EQ(res.result_int(), 422u) << res.body();
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  auto v = Json(res);
  auto& errors = v.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("line").as_int64(), 3);
  EXPECT_EQ(errors[0].at("column").as_string(), "potential");
  EXPECT_EQ(errors[1].at("line").as_int64(), 4);
  EXPECT_EQ(errors[1].at("column").as_string(), "owner_email");
  EXPECT_EQ(Json(Call(V::get, "/api/v1/accounts?external_id=IMP-1", as)).at("total").as_int64(), 0);

  Request good = org().MakeRequest(V::post, "/api/v1/imports/accounts",
                                   "external_id,name,currency,potential,owner_email,extra\n"
                                   "IMP-1,Good,CNY,10.50,r1a@example.com,x\n",
                                   Auth{as});
  Response ok = router_->Handle(good);
  ASSERT_EQ(ok.result_int(), 200u) << ok.body();
  auto report = Json(ok);
  EXPECT_EQ(report.at("inserted").as_int64(), 1);
  EXPECT_EQ(report.at("updated").as_int64(), 0);
  EXPECT_EQ(report.at("rows").as_int64(), 1);
  EXPECT_EQ(report.at("warnings").as_array().size(), 1u);
}

TEST_F(ApiTest, ExportIsCsvAttachmentWithFormulasNeutralised) {
  Record r = org().Sample(AccountsKind(), org().r1a.id);
  r.Set("name", std::string("=cmd|' /C calc'!A0"));
  r.Set("external_id", std::string("FORMULA-1"));
  org().Insert(std::move(r));
  Response res = Call(V::get, "/api/v1/exports/accounts", org().r1a.id);
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(res[http::field::content_disposition], "attachment; filename=\"accounts.csv\"");
  EXPECT_EQ(res.body().rfind("external_id,name,", 0), 0u) << res.body().substr(0, 80);
  EXPECT_NE(res.body().find("FORMULA-1"), std::string::npos);
  EXPECT_EQ(res.body().find(",=cmd"), std::string::npos) << "a formula cell went out as is";
  EXPECT_EQ(res.body().find(",\"=cmd"), std::string::npos) << "a formula cell went out as is";
  EXPECT_NE(res.body().find("'=cmd"), std::string::npos) << res.body();
  EXPECT_EQ(res.body().find(org().r3.email), std::string::npos) << "another team's rows leaked";
}

TEST_F(ApiTest, PlansExportAsMarkdownAndPdfAttachments) {
  Record plan = org().Sample(TerritoryPlansKind(), org().r1a.id);
  plan.Set("title", std::string("华东 2027 plan (PDF)"));
  plan.Set("strengths", std::string("老客户复购率高"));
  const Id id = org().Insert(std::move(plan)).id;
  const std::string base = "/api/v1/territory_plans/" + std::to_string(id);
  Response md = Call(V::get, base + "/markdown?lang=zh-CN", org().r1a.id);
  ASSERT_EQ(md.result_int(), 200u) << md.body();
  EXPECT_EQ(md.body().rfind("# 华东 2027 plan (PDF)\n", 0), 0u);
  EXPECT_NE(md.body().find("### 优势\n\n老客户复购率高"), std::string::npos) << md.body();
  Response pdf = Call(V::get, base + "/pdf?lang=zh-CN", org().r1a.id);
  ASSERT_EQ(pdf.result_int(), 200u) << pdf.body();
  EXPECT_EQ(pdf[http::field::content_type], "application/pdf");
  EXPECT_EQ(pdf[http::field::content_disposition], "attachment; filename=\"plan-" + std::to_string(id) + ".pdf\"");
  EXPECT_EQ(pdf.body().rfind("%PDF-1.4", 0), 0u);
  EXPECT_NE(pdf.body().find("/Title <FEFF534E4E1C"), std::string::npos);  // 华东
  EXPECT_NE(pdf.body().find("<4F1852BF>"), std::string::npos);              // 优势 in the CJK font
  Response bad = Call(V::get, base + "/pdf?lang=fr", org().r1a.id);
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_EQ(Field(bad), "lang");
  EXPECT_EQ(Call(V::get, base + "/pdf", org().r3.id).result_int(), 404u);  // another team's plan
}

// A new manager with three reps who own `accounts` accounts on a grid around Hangzhou:
// the scope "user:<manager>" to propose territories for.
struct TerritoryTeam {
  Person manager;
  std::string scope;
};
TerritoryTeam MakeTerritoryTeam(TestOrg& org, int accounts) {
  TerritoryTeam team{org.AddPerson(Role::kManager, 0), ""};
  team.scope = "user:" + std::to_string(team.manager.id);
  std::vector<Person> reps;
  for (int i = 0; i < 3; ++i) reps.push_back(org.AddPerson(Role::kRep, team.manager.id));
  for (int i = 0; i < accounts; ++i) {
    Record a = org.Sample(AccountsKind(), reps[i % 3].id);
    a.Set("lat", 29.5 + (i / 20) * 0.05);
    a.Set("lon", 119.5 + (i % 20) * 0.05);
    a.Set("potential", std::int64_t{100000 * (1 + i % 5)});
    org.Insert(std::move(a));
  }
  return team;
}

std::string JobPath(const std::string& id) { return "/api/v1/territories/align_jobs/" + id; }

TEST_F(ApiTest, AlignJobsShowGrowingProgressAndEndWithTheSynchronousResult) {
  const TerritoryTeam team = MakeTerritoryTeam(org(), 200);
  // The bound's time cap well above what it needs, so both runs stop at the same iteration.
  const std::string body =
      R"({"scope":")" + team.scope + R"(","tau":0.1,"seed":7,"restarts":24,"lower_bound_seconds":60,"use_homes":false})";
  Response started = Call(V::post, "/api/v1/territories/align_jobs", team.manager.id, body);
  ASSERT_EQ(started.result_int(), 202u) << started.body();
  const std::string id(Json(started).at("id").as_string());
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(Json(started).at("state").as_string(), "running");
  EXPECT_EQ(started[http::field::location], JobPath(id));
  std::vector<std::int64_t> done;
  json::value last;
  for (int i = 0; i < 24000; ++i) {  // at most 120 s
    Response res = Call(V::get, JobPath(id), team.manager.id);
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    last = Json(res);
    done.push_back(last.at("searches_done").as_int64());
    if (last.at("state").as_string() != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(last.at("state").as_string(), "done") << json::serialize(last);
  EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
  EXPECT_LT(done.front(), done.back()) << "no progress was seen while running";
  EXPECT_EQ(last.at("searches_done").as_int64(), last.at("searches_planned").as_int64());
  EXPECT_GE(last.at("searches_planned").as_int64(), 24);
  EXPECT_GT(last.at("best_dispersion_km_h").to_number<double>(), 0);
  EXPECT_GT(last.at("seconds").to_number<double>(), 0);
  EXPECT_FALSE(last.as_object().contains("problem"));

  // The result is the synchronous endpoint's reply for the same body and seed (but for the
  // time taken).
  Response sync = Call(V::post, "/api/v1/territories/align", team.manager.id, body);
  ASSERT_EQ(sync.result_int(), 200u) << sync.body();
  json::object expected = Json(sync).as_object(), result = last.at("result").as_object();
  expected.erase("seconds");
  result.erase("seconds");
  EXPECT_EQ(json::serialize(result), json::serialize(expected));
  // With it, how close the plan is to the best possible: a bound at or below its dispersion.
  const double bound = result.at("lower_bound_km_h").to_number<double>();
  const double dispersion = result.at("metrics").at("dispersion_km_h").to_number<double>();
  EXPECT_GT(bound, 0);
  EXPECT_LE(bound, dispersion * (1 + 1e-9));
  EXPECT_NEAR(result.at("gap").to_number<double>(), dispersion / bound - 1, 1e-9);
  // Cancelling a finished run leaves it done.
  EXPECT_EQ(Call(V::delete_, JobPath(id), team.manager.id).result_int(), 204u);
  EXPECT_EQ(Json(Call(V::get, JobPath(id), team.manager.id)).at("state").as_string(), "done");
}

TEST_F(ApiTest, AlignJobsAreCancelledLimitedAndSeenOnlyByTheirStarter) {
  const TerritoryTeam team = MakeTerritoryTeam(org(), 300);
  const Id boss = team.manager.id;
  const std::string long_run = R"({"scope":")" + team.scope + R"(","tau":0.1,"restarts":256})";
  auto start = [&](Id as) { return Call(V::post, "/api/v1/territories/align_jobs", as, long_run); };
  auto id_of = [](const Response& res) { return std::string(Json(res).at("id").as_string()); };
  // Mistakes are answered at once, as by /territories/align.
  Response bad = Call(V::post, "/api/v1/territories/align_jobs", boss, R"({"scope":")" + team.scope + R"(","restarts":1000})");
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_EQ(Field(bad), "restarts");
  Response lock = Call(V::post, "/api/v1/territories/align_jobs", boss,
                       R"({"scope":")" + team.scope + R"(","locks":[{"account_id":"999999999","territory":"user:1"}]})");
  EXPECT_EQ(lock.result_int(), 422u) << lock.body();
  EXPECT_EQ(Field(lock), "locks");
  EXPECT_EQ(start(org().r1a.id).result_int(), 403u);

  Response first = start(boss);
  ASSERT_EQ(first.result_int(), 202u) << first.body();
  const std::string id1 = id_of(first);
  // Nobody else sees or cancels it, not even an administrator: 404, as for an unknown id.
  for (Id other : {org().admin.id, org().m3.id, org().r1a.id}) {
    EXPECT_EQ(Call(V::get, JobPath(id1), other).result_int(), 404u);
    EXPECT_EQ(Call(V::delete_, JobPath(id1), other).result_int(), 404u);
  }
  EXPECT_EQ(Call(V::get, JobPath("0123456789abcdef0123456789abcdef"), boss).result_int(), 404u);
  EXPECT_EQ(Json(Call(V::get, JobPath(id1), boss)).at("state").as_string(), "running");

  // Two running runs per user, four in the server.
  Response second = start(boss);
  ASSERT_EQ(second.result_int(), 202u) << second.body();
  Response third = start(boss);
  EXPECT_EQ(third.result_int(), 429u);
  EXPECT_NE(Json(third).at("detail").as_string().find("you already have 2 territory alignments running"),
            std::string::npos)
      << third.body();
  const std::string admin1 = id_of(start(org().admin.id)), admin2 = id_of(start(org().admin.id));
  Response fifth = start(org().exec.id);
  EXPECT_EQ(fifth.result_int(), 429u);
  EXPECT_NE(Json(fifth).at("detail").as_string().find("the server is already running 4"), std::string::npos)
      << fifth.body();

  // DELETE cancels: the run is cancelled at once and its thread stops soon after.
  for (const auto& [as, id] : {std::pair{boss, id1}, std::pair{boss, id_of(second)}, std::pair{org().admin.id, admin1},
                               std::pair{org().admin.id, admin2}}) {
    EXPECT_EQ(Call(V::delete_, JobPath(id), as).result_int(), 204u);
    auto v = Json(Call(V::get, JobPath(id), as));
    EXPECT_EQ(v.at("state").as_string(), "cancelled");
    EXPECT_FALSE(v.as_object().contains("result"));
  }
  const auto t0 = std::chrono::steady_clock::now();
  Response again = start(boss);
  while (again.result_int() == 429u && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    again = start(boss);
  }
  ASSERT_EQ(again.result_int(), 202u) << "cancelled runs did not stop: " << again.body();
  EXPECT_EQ(Call(V::delete_, JobPath(id_of(again)), boss).result_int(), 204u);
}

TEST_F(ApiTest, SignInSetsAHardenedCookieAndCsrfToken) {
  Response res = router_->Handle(org().MakeRequest(
      V::post, "/api/v1/session", R"({"email":"r1a@example.com","password":")" + std::string(testing::kPassword) + "\"}"));
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  const std::string cookie(res[http::field::set_cookie]);
  EXPECT_EQ(cookie.rfind("sd_session=", 0), 0u);
  for (const char* attribute : {"HttpOnly", "SameSite=Strict", "Path=/"})
    EXPECT_NE(cookie.find(attribute), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  auto v = Json(res);
  const std::string csrf(v.at("csrf_token").as_string());
  EXPECT_EQ(v.at("user").at("email").as_string(), "r1a@example.com");
  EXPECT_EQ(v.at("user").at("role").as_string(), "rep");
  EXPECT_EQ(v.at("user").at("manager_id").as_int64(), org().m1.id);
  EXPECT_EQ(v.at("user").at("team_id").as_int64(), org().team1);

  const std::string token = cookie.substr(11, cookie.find(';') - 11);
  Request me{V::get, "/api/v1/me", 11};
  me.set(http::field::cookie, "sd_session=" + token);
  Response me_res = router_->Handle(me);
  ASSERT_EQ(me_res.result_int(), 200u);
  EXPECT_EQ(Json(me_res).at("csrf_token").as_string(), csrf);

  Response wrong = router_->Handle(
      org().MakeRequest(V::post, "/api/v1/session", R"({"email":"r1a@example.com","password":"nope nope"})"));
  EXPECT_EQ(wrong.result_int(), 401u);
  EXPECT_EQ(router_->Handle(org().MakeRequest(V::post, "/api/v1/session", R"({"email":"r1a@example.com"})"))
                .result_int(),
            422u);
  EXPECT_EQ(router_->Handle(org().MakeRequest(V::post, "/api/v1/session", "{nope")).result_int(), 400u);
}

TEST_F(ApiTest, SecureCookiesWhenConfigured) {
  Config config = org().config();
  config.secure_cookies = true;
  Router secure(org().store(), config);
  Response res = secure.Handle(org().MakeRequest(
      V::post, "/api/v1/session", R"({"email":"r1b@example.com","password":")" + std::string(testing::kPassword) + "\"}"));
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_NE(std::string(res[http::field::set_cookie]).find("; Secure"), std::string::npos);
}

TEST_F(ApiTest, RepeatedFailedSignInsAreThrottled) {
  const Person p = RepWithPassword();
  const std::string wrong = R"({"email":")" + p.email + R"(","password":"wrong password"})";
  unsigned last = 0;
  for (int i = 0; i < app::AuthService::kFreeAttempts + 1; ++i)
    last = router_->Handle(org().MakeRequest(V::post, "/api/v1/session", wrong)).result_int();
  EXPECT_EQ(last, 429u);
  const std::string right = R"({"email":")" + p.email + R"(","password":")" + testing::kPassword + "\"}";
  EXPECT_EQ(router_->Handle(org().MakeRequest(V::post, "/api/v1/session", right)).result_int(), 429u);
}

TEST_F(ApiTest, DisablingAUserEndsTheirSessionAtOnce) {
  const Person p = RepWithPassword();
  ASSERT_EQ(Call(V::get, "/api/v1/me", p.id).result_int(), 200u);
  const std::string token = org().Token(p.id);
  Must(app::DisableUser(org().store(), p.email, true));
  Request req{V::get, "/api/v1/me", 11};
  req.set(http::field::cookie, "sd_session=" + token);
  EXPECT_EQ(router_->Handle(req).result_int(), 401u);
}

TEST_F(ApiTest, RoleChangesTakeEffectOnTheNextRequest) {
  const Person p = org().AddPerson(Role::kRep, org().m1.id);
  const std::string token = org().Token(p.id);
  auto call = [&](const std::string& target) {
    Request req{V::get, target, 11};
    req.set(http::field::cookie, "sd_session=" + token);
    return router_->Handle(req).result_int();
  };
  EXPECT_EQ(call("/api/v1/audit"), 403u);
  {  // promoted behind the server's back (another process, the CLI): the session lives on
    auto tx = Must(org().store().Begin(true));
    Record user = Must(tx->Get(org().org(), UsersKind(), p.id, std::nullopt));
    user.Set("role", std::string("admin"));
    Must(tx->Update(org().org(), user, user.version));
    Must(tx->Commit());
  }
  EXPECT_EQ(call("/api/v1/audit"), 200u);
  // Changed through the API: the app ends the user's sessions, so the change cannot be missed.
  Response demoted = Call(V::patch, "/api/v1/users/" + std::to_string(p.id), org().admin.id, R"({"role":"rep"})", 2);
  ASSERT_EQ(demoted.result_int(), 200u) << demoted.body();
  EXPECT_EQ(call("/api/v1/audit"), 401u);
}

TEST_F(ApiTest, SignOutEndsTheSession) {
  const Person p = org().AddPerson(Role::kRep, org().m1.id);
  const std::string token = org().Token(p.id);
  Response out = Call(V::delete_, "/api/v1/session", p.id);
  ASSERT_EQ(out.result_int(), 204u);
  EXPECT_NE(std::string(out[http::field::set_cookie]).find("Max-Age=0"), std::string::npos);
  Request req{V::get, "/api/v1/me", 11};
  req.set(http::field::cookie, "sd_session=" + token);
  EXPECT_EQ(router_->Handle(req).result_int(), 401u);
}

TEST_F(ApiTest, DashboardHasTheDocumentedShape) {
  Record quota = org().Sample(QuotasKind(), org().r2a.id);
  quota.Set("period", std::string("2026-03"));
  org().Insert(std::move(quota));
  org().Insert(SalesKind(), org().r2a.id);
  Response res = Call(V::get, "/api/v1/dashboard?from=2026-01-01&to=2026-12-31", org().m2.id);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto v = Json(res).as_object();
  for (const char* key : {"from", "to", "currency", "reps", "teams", "total", "pipeline_by_stage",
                          "pipeline_by_category", "win_rate", "trend"})
    EXPECT_TRUE(v.contains(key)) << key;
  EXPECT_EQ(v.at("trend").as_array().size(), 12u);
  EXPECT_TRUE(v.at("win_rate").as_object().contains("rate"));
  bool found = false;
  for (const auto& rep : v.at("reps").as_array()) {
    if (rep.at("user_id").as_int64() != org().r2a.id) continue;
    found = true;
    EXPECT_GT(rep.at("sales").to_number<double>(), 0);
    EXPECT_TRUE(rep.as_object().contains("attainment"));
  }
  EXPECT_TRUE(found) << res.body();
  EXPECT_EQ(Call(V::get, "/api/v1/dashboard?when=now", org().m2.id).result_int(), 400u);
}

TEST_F(ApiTest, AuditLogListsDecisionsForAdmins) {
  Response res = Call(V::get, "/api/v1/audit?limit=5", org().admin.id);
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  auto v = Json(res);
  EXPECT_LE(v.at("items").as_array().size(), 5u);
  ASSERT_FALSE(v.at("items").as_array().empty());
  const auto& first = v.at("items").at(0).as_object();
  for (const char* key : {"actor_id", "action", "target", "outcome", "detail", "at"}) EXPECT_TRUE(first.contains(key));
}

TEST_F(ApiTest, JsonBodiesMustSayTheyAreJson) {
  // A cross-site form can post text/plain that looks like JSON; sign-in must refuse it.
  Person p = RepWithPassword();
  Request form = org().MakeRequest(V::post, "/api/v1/session",
                                   R"({"email":")" + p.email + R"(","password":")" + testing::kPassword + "\"}", Auth{0});
  form.set(http::field::content_type, "text/plain");
  Response res = router_->Handle(form);
  EXPECT_EQ(res.result_int(), 415u) << res.body();
  EXPECT_EQ(Field(res), "Content-Type");
  form.set(http::field::content_type, "application/json; charset=utf-8");
  EXPECT_EQ(router_->Handle(form).result_int(), 200u);
}

TEST_F(ApiTest, EveryReplyCarriesSecurityHeadersAndApiRepliesAreNotCached) {
  Response res = Call(V::get, "/api/v1/health", 0);
  EXPECT_EQ(res.body(), R"({"status":"ok"})");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res[http::field::x_frame_options], "DENY");
  EXPECT_EQ(res["Referrer-Policy"], "same-origin");
  EXPECT_NE(std::string(res["Content-Security-Policy"]).find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(res[http::field::cache_control], "no-store");
}

}  // namespace
}  // namespace salesdesk::server
