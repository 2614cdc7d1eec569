#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/admin.h"
#include "app/auth.h"
#include "app/dashboard.h"
#include "app/delphi.h"
#include "app/forecasting.h"
#include "app/import_export.h"
#include "app/records.h"
#include "app/territories.h"
#include "forecast/accuracy.h"

namespace salesdesk::app {
namespace {

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("sd_app_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    Cleanup();
    store_ = std::move(OpenSqliteStore(path_.string())).value();
    Add("admin@x.example", "admin", "");
    Add("vp@x.example", "manager", "");
    Add("m@x.example", "manager", "vp@x.example");
    Add("r1@x.example", "rep", "m@x.example");
    Add("r2@x.example", "rep", "m@x.example");
    Add("r3@x.example", "rep", "vp@x.example");
    Add("other@x.example", "rep", "");
    system_ = SystemActor(*store_).value();
    ASSERT_TRUE(Import(system_, "products", "sku,name,category,unit_price,currency\nP1,Pump,hydraulics,100.50,CNY\n").errors.empty());
  }
  void TearDown() override {
    store_.reset();
    Cleanup();
  }
  void Cleanup() {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  void Add(const std::string& email, const std::string& role, const std::string& manager) {
    auto id = AddUser(*store_, {email, email, role, manager, "Asia/Shanghai", "zh-CN", "password-123"});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }
  Actor As(const std::string& email) { return ActorByEmail(*store_, email).value(); }
  ImportReport Import(const Actor& actor, const std::string& kind, const std::string& csv) {
    auto r = ImportService(*store_).Import(actor, *FindKind(kind), csv);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportReport{};
  }
  std::int64_t Count(const Actor& actor, const std::string& kind) {
    return RecordService(*store_).List(actor, *FindKind(kind), {}).value().total;
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  Actor system_;
};

constexpr char kAccounts[] =
    "external_id,name,industry,city,country,lat,lon,potential,currency,owner_email\n"
    "A1,Alpha,steel,Shanghai,CN,31.2,121.5,1000000,CNY,r1@x.example\n"
    "A2,\"Beta, Ltd\",food,Beijing,CN,39.9,116.4,500000.5,CNY,r2@x.example\n"
    "A3,Gamma,retail,Chengdu,CN,30.7,104.1,,CNY,r3@x.example\n"
    "A4,Delta,retail,Boston,US,42.4,-71.1,,USD,other@x.example\n";

TEST_F(AppTest, ImportUpsertsByNaturalKeyAndNeverDuplicates) {
  ImportReport first = Import(system_, "accounts", kAccounts);
  ASSERT_TRUE(first.errors.empty()) << first.errors[0].reason;
  EXPECT_EQ(first.inserted, 4);
  ImportReport again = Import(system_, "accounts", kAccounts);
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 4);
  EXPECT_EQ(Count(system_, "accounts"), 4);
}

TEST_F(AppTest, RejectedImportNamesLineColumnAndReasonAndWritesNothing) {
  std::string csv = std::string(kAccounts) +
                    "A5,Epsilon,x,y,CN,95,0,1,CNY,r1@x.example\n"        // line 6: lat out of range
                    "A6,Zeta,x,y,CN,1,1,1.234,CNY,r1@x.example\n"        // line 7: 3 decimals
                    "A7,Eta,x,y,CN,1,1,1,CNY,nobody@x.example\n"         // line 8: unknown owner
                    "A1,Dup,x,y,CN,1,1,1,CNY,r1@x.example\n";            // line 9: duplicate key
  ImportReport r = Import(system_, "accounts", csv);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].line, 6);
  EXPECT_EQ(r.errors[0].column, "lat");
  EXPECT_EQ(r.errors[1].line, 7);
  EXPECT_EQ(r.errors[1].column, "potential");
  EXPECT_EQ(r.errors[2].line, 8);
  EXPECT_EQ(r.errors[2].column, "owner_email");
  EXPECT_EQ(r.errors[3].line, 9);
  EXPECT_NE(r.errors[3].reason.find("line 2"), std::string::npos);
  EXPECT_EQ(Count(system_, "accounts"), 0);
}

TEST_F(AppTest, ImportRejectsServerSetAndMissingColumns) {
  EXPECT_EQ(Import(system_, "accounts", "org_id,external_id,name,currency\n1,A,B,CNY\n").errors.at(0).column, "org_id");
  EXPECT_EQ(Import(system_, "accounts", "external_id,currency\nA,CNY\n").errors.at(0).column, "name");
  ImportReport warn = Import(system_, "products", "sku,name,unit_price,currency,colour\nP2,Valve,3,CNY,red\n");
  EXPECT_TRUE(warn.errors.empty());
  EXPECT_EQ(warn.warnings.size(), 1u);
}

TEST_F(AppTest, ImportReadsGbkSemicolonFiles) {
  // "客户" in GBK is BF CD BB A7.
  std::string csv = "external_id;name;currency\nG1;\xBF\xCD\xBB\xA7;CNY\n";
  ImportReport r = Import(system_, "accounts", csv);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].reason;
  Page p = RecordService(*store_).List(system_, AccountsKind(), {}).value();
  EXPECT_EQ(p.records.at(0).GetText("name"), "客户");
}

TEST_F(AppTest, ImportResolvesReferencesToRowsOfTheSameFile) {
  // The manager is defined after the rep who reports to them.
  ImportReport r = Import(system_, "users",
                          "email,name,role,manager_email\n"
                          "n1@x.example,N1,rep,boss@x.example\n"
                          "boss@x.example,Boss,manager,vp@x.example\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].reason;
  EXPECT_EQ(r.inserted, 2);
  Actor boss = As("boss@x.example");
  ASSERT_EQ(boss.team.size(), 2u);  // the boss and n1
  ImportReport bad = Import(system_, "users",
                            "email,name,role,manager_email\n"
                            "n2@x.example,N2,rep,ghost@x.example\n"
                            "n3@x.example,N3,rep,n3@x.example\n");
  ASSERT_EQ(bad.errors.size(), 2u);
  EXPECT_EQ(bad.errors[0].line, 2);
  EXPECT_EQ(bad.errors[0].column, "manager_email");
  EXPECT_EQ(bad.errors[1].line, 3);
  EXPECT_EQ(Count(system_, "users"), 9);
}

TEST_F(AppTest, RepImportsOnlyForThemselves) {
  Actor r1 = As("r1@x.example");
  ImportReport denied = Import(r1, "accounts", kAccounts);
  ASSERT_FALSE(denied.errors.empty());
  EXPECT_EQ(denied.errors[0].line, 3);
  EXPECT_EQ(denied.errors[0].column, "owner_email");
  ImportReport mine = Import(r1, "accounts", "external_id,name,currency\nR1,Mine,CNY\n");
  ASSERT_TRUE(mine.errors.empty());
  Record a = RecordService(*store_).List(r1, AccountsKind(), {}).value().records.at(0);
  EXPECT_EQ(a.GetInt("owner_id"), r1.user_id);
}

TEST_F(AppTest, VisibilityFollowsTheReportingTree) {
  Import(system_, "accounts", kAccounts);
  EXPECT_EQ(Count(As("r1@x.example"), "accounts"), 1);
  EXPECT_EQ(Count(As("m@x.example"), "accounts"), 2);
  EXPECT_EQ(Count(As("vp@x.example"), "accounts"), 3);
  EXPECT_EQ(Count(system_, "accounts"), 4);
  Actor r1 = As("r1@x.example");
  Page all = RecordService(*store_).List(system_, AccountsKind(), {}).value();
  for (const Record& a : all.records) {
    auto got = RecordService(*store_).Get(r1, AccountsKind(), a.id);
    EXPECT_EQ(got.ok(), a.GetInt("owner_id") == r1.user_id);
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
    }
  }
}

TEST_F(AppTest, RepMayNotAssignToOthersOrAttachToHiddenAccounts) {
  Import(system_, "accounts", kAccounts);
  Actor r1 = As("r1@x.example");
  Actor r2 = As("r2@x.example");
  Record a(&AccountsKind());
  a.Set("external_id", std::string("N1"));
  a.Set("name", std::string("New"));
  a.Set("currency", std::string("CNY"));
  a.Set("owner_id", r2.user_id);
  auto denied = RecordService(*store_).Create(r1, a);
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.status().field(), "owner_id");
  // A deal on r2's account is refused: the account is not visible to r1.
  Id r2_account = RecordService(*store_).List(r2, AccountsKind(), {}).value().records.at(0).id;
  Record opp(&OpportunitiesKind());
  opp.Set("external_id", std::string("O1"));
  opp.Set("account_id", r2_account);
  opp.Set("name", std::string("Deal"));
  opp.Set("stage", std::string("proposal"));
  opp.Set("amount", std::int64_t{100});
  opp.Set("currency", std::string("CNY"));
  opp.Set("close_date", std::string("2026-12-01"));
  opp.Set("forecast_category", std::string("pipeline"));
  auto hidden = RecordService(*store_).Create(r1, opp);
  EXPECT_EQ(hidden.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(hidden.status().field(), "account_id");
  // The audit log has the denial.
  auto tx = store_->Begin(false).value();
  auto audit = tx->ListAudit(r1.org_id, 100, 0).value();
  bool found = false;
  for (const auto& e : audit) found |= e.actor_id == r1.user_id && e.outcome == "denied";
  EXPECT_TRUE(found);
}

TEST_F(AppTest, UpdateUsesOptimisticConcurrency) {
  Import(system_, "accounts", kAccounts);
  Actor r1 = As("r1@x.example");
  Record a = RecordService(*store_).List(r1, AccountsKind(), {}).value().records.at(0);
  Record change(&AccountsKind());
  change.Set("name", std::string("Renamed"));
  std::vector<int> fields = {AccountsKind().FieldIndex("name")};
  EXPECT_TRUE(RecordService(*store_).Update(r1, AccountsKind(), a.id, a.version, change, fields).ok());
  auto stale = RecordService(*store_).Update(r1, AccountsKind(), a.id, a.version, change, fields);
  EXPECT_EQ(stale.status().code(), StatusCode::kPreconditionFailed);
}

TEST_F(AppTest, SignInThrottlesAndDisablingEndsSessions) {
  AuthService auth(*store_);
  auto ok = auth.SignIn("r1@x.example", "password-123");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(auth.Authenticate(ok->token).ok());
  EXPECT_EQ(auth.SignIn("r1@x.example", "wrong").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.SignIn("nobody@x.example", "wrong").status().code(), StatusCode::kUnauthenticated);
  for (int i = 1; i < AuthService::kFreeAttempts; ++i) auth.SignIn("r2@x.example", "wrong");
  EXPECT_EQ(auth.SignIn("r2@x.example", "wrong").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.SignIn("r2@x.example", "password-123").status().code(), StatusCode::kTooManyRequests);
  ASSERT_TRUE(DisableUser(*store_, "r1@x.example", true).ok());
  EXPECT_EQ(auth.Authenticate(ok->token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.SignIn("r1@x.example", "password-123").status().code(), StatusCode::kUnauthenticated);
}

TEST_F(AppTest, ExportRoundTripsAndNeutralisesFormulas) {
  Import(system_, "accounts", "external_id,name,currency,potential\nA1,=HYPERLINK(\"x\"),CNY,-5\n");
  auto csv = ImportService(*store_).Export(system_, AccountsKind());
  ASSERT_TRUE(csv.ok());
  EXPECT_NE(csv->find("'=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv->find(",-5.00,"), std::string::npos);
  ImportReport back = Import(system_, "accounts", *csv);
  EXPECT_TRUE(back.errors.empty());
  EXPECT_EQ(back.updated, 1);
}

TEST_F(AppTest, DashboardCountsOnlyWhatTheActorSees) {
  Import(system_, "accounts", kAccounts);
  Import(system_, "sales",
         "date,account_external_id,product_sku,rep_email,quantity,amount,currency\n"
         "2026-01-15,A1,P1,r1@x.example,1,100,CNY\n"
         "2026-02-15,A2,P1,r2@x.example,2,200,CNY\n"
         "2026-02-20,A3,P1,r3@x.example,3,300,CNY\n");
  Import(system_, "quotas", "rep_email,period,amount,currency\nr1@x.example,2026-01,400,CNY\nr2@x.example,2026-Q1,100,CNY\n");
  Dashboard all = BuildDashboard(*store_, system_, "2026-01-01", "2026-03-31").value();
  EXPECT_DOUBLE_EQ(all.total.sales, 600);
  EXPECT_DOUBLE_EQ(all.total.quota, 500);
  ASSERT_EQ(all.trend.size(), 3u);
  EXPECT_DOUBLE_EQ(all.trend[1].second, 500);
  Dashboard m = BuildDashboard(*store_, As("m@x.example"), "2026-01-01", "2026-03-31").value();
  EXPECT_DOUBLE_EQ(m.total.sales, 300);
  Dashboard r1 = BuildDashboard(*store_, As("r1@x.example"), "2026-01-01", "2026-03-31").value();
  EXPECT_DOUBLE_EQ(r1.total.sales, 100);
  EXPECT_DOUBLE_EQ(*r1.total.attainment, 0.25);
  EXPECT_EQ(BuildDashboard(*store_, system_, "2026-03-01", "2026-01-01").status().field(), "to");
}


// The forecast sheet on three years of monthly sales for r1 (1000, 1100, 1200, ...) and
// r2 (2000 + a December peak + a trend).
class ForecastSheetTest : public AppTest {
 protected:
  // Imports the history; returns the per-month team totals, oldest first.
  std::vector<double> ImportSalesHistory() {
    Import(system_, "accounts", kAccounts);
    std::string csv = "date,account_external_id,product_sku,rep_email,quantity,amount,currency\n";
    std::vector<double> totals;
    for (int k = 0; k < 36; ++k) {
      const int year = 2023 + k / 12, month = k % 12 + 1;
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02d-15", year, month);
      const double r1 = 1000 + 100 * (k % 3), r2 = 2000 + 500 * (month == 12) + 10 * k;
      csv += std::string(date) + ",A1,P1,r1@x.example,1," + std::to_string(static_cast<int>(r1)) + ",CNY\n";
      csv += std::string(date) + ",A2,P1,r2@x.example,1," + std::to_string(static_cast<int>(r2)) + ",CNY\n";
      totals.push_back(r1 + r2);
    }
    EXPECT_TRUE(Import(system_, "sales", csv).errors.empty());
    return totals;
  }
};

const Date kAsOf{2026, 1, 20};  // the last complete month is 2025-12, the 36th

TEST_F(ForecastSheetTest, HistoryEngineAndScopesFollowTheTeam) {
  const std::vector<double> totals = ImportSalesHistory();
  const Actor m = As("m@x.example");
  auto sheet = BuildForecastSheet(*store_, m, "user:" + std::to_string(m.user_id), 6, kAsOf);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->scope.level, "team");
  ASSERT_EQ(sheet->history.size(), 36u);
  EXPECT_EQ(sheet->history_months.front(), "2023-01");
  EXPECT_EQ(sheet->history_months.back(), "2025-12");
  for (std::size_t i = 0; i < totals.size(); ++i) EXPECT_DOUBLE_EQ(sheet->history[i], totals[i]) << i;
  ASSERT_EQ(sheet->months.size(), 6u);
  EXPECT_EQ(sheet->months.front(), "2026-01");
  ASSERT_GE(sheet->forecasts.size(), 5u);
  for (const SheetForecast& f : sheet->forecasts) {
    ASSERT_EQ(f.mean.size(), 6u) << f.source;
    for (int h = 0; h < 6; ++h) {
      EXPECT_TRUE(std::isfinite(f.mean[h])) << f.source;
      EXPECT_LE(f.lo95[h], f.lo80[h]) << f.source;
      EXPECT_LE(f.lo80[h], f.mean[h]) << f.source;
      EXPECT_LE(f.mean[h], f.hi80[h]) << f.source;
      EXPECT_LE(f.hi80[h], f.hi95[h]) << f.source;
    }
  }
  // Seasonal naive repeats last year's months: 2026-01 is 2025-01's total.
  const auto snaive = std::find_if(sheet->forecasts.begin(), sheet->forecasts.end(),
                                   [](const SheetForecast& f) { return f.source == "engine:snaive"; });
  ASSERT_NE(snaive, sheet->forecasts.end());
  EXPECT_DOUBLE_EQ(snaive->mean[0], totals[24]);
  // Without a track record every source weighs the same.
  ASSERT_EQ(sheet->suggested_weights.size(), sheet->forecasts.size());
  double mean = 0;
  for (const SheetForecast& f : sheet->forecasts) mean += f.mean[0] / sheet->forecasts.size();
  for (const auto& [source, weight] : sheet->suggested_weights) EXPECT_NEAR(weight, 1.0 / sheet->forecasts.size(), 1e-12);
  EXPECT_NEAR(sheet->suggested[0], mean, 1e-6);

  // Reach: a rep forecasts only themselves; another rep's scope does not exist for them.
  const Actor r1 = As("r1@x.example"), r2 = As("r2@x.example");
  auto scopes = ForecastScopes(*store_, r1);
  ASSERT_TRUE(scopes.ok());
  ASSERT_EQ(scopes->size(), 1u);
  EXPECT_EQ(scopes->at(0).key, "user:" + std::to_string(r1.user_id));
  EXPECT_EQ(BuildForecastSheet(*store_, r1, "user:" + std::to_string(r2.user_id), 6, kAsOf).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(BuildForecastSheet(*store_, r1, "org", 6, kAsOf).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(BuildForecastSheet(*store_, m, "user:x", 6, kAsOf).status().field(), "scope");
  EXPECT_EQ(BuildForecastSheet(*store_, m, "org", 0, kAsOf).status().field(), "horizon");
  auto team_scopes = ForecastScopes(*store_, m);
  ASSERT_TRUE(team_scopes.ok());
  ASSERT_EQ(team_scopes->size(), 3u);  // m's team, r1, r2
  EXPECT_EQ(team_scopes->at(1).parent, team_scopes->at(0).key);
}

TEST_F(ForecastSheetTest, KeptForecastsAreScoredAndWeighted) {
  const std::vector<double> totals = ImportSalesHistory();
  const Actor r1 = As("r1@x.example"), m = As("m@x.example");
  const std::string scope = "user:" + std::to_string(r1.user_id);
  // r1 forecast the last six months 10% high, each before its month began; one made
  // late (after its month began) must not count.
  std::string csv = "owner_email,scope_email,period,method,amount,currency,made_on\n";
  double actual_sum = 0, abs_error = 0;
  for (int k = 30; k < 36; ++k) {
    const double actual = 1000 + 100 * (k % 3);
    const std::string month = "2025-" + std::string(k - 23 < 10 ? "0" : "") + std::to_string(k - 23);
    csv += "r1@x.example,r1@x.example," + month + ",composite," + std::to_string(actual * 1.1) + ",CNY," + month.substr(0, 5) +
           (k - 24 < 10 ? "0" : "") + std::to_string(k - 24) + "-25\n";
    actual_sum += actual;
    abs_error += actual * 0.1;
  }
  csv += "r1@x.example,r1@x.example,2025-12,executive,99999,CNY,2025-12-20\n";  // too late: not scored
  csv += "r1@x.example,r1@x.example,2026-01,composite,1234.5,CNY,2026-01-02\n";  // this month's figure
  ASSERT_TRUE(Import(r1, "forecasts", csv).errors.empty());
  // r1 keeps the engine's forecast of their own sales; not of r2's.
  auto kept = KeepEngineForecast(*store_, r1, scope, "naive", 3, kAsOf);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->size(), 3u);
  const Actor r2 = As("r2@x.example");
  EXPECT_EQ(KeepEngineForecast(*store_, r1, "user:" + std::to_string(r2.user_id), "naive", 3, kAsOf).status().code(),
            StatusCode::kNotFound);
  // m commits a figure for r1's January.
  Record commit(&ForecastsKind());
  commit.Set("owner_id", r1.user_id);
  commit.Set("scope_user_id", r1.user_id);
  commit.Set("period", std::string("2026-01"));
  commit.Set("method", std::string("committed"));
  commit.Set("amount", std::int64_t{120000});
  commit.Set("currency", std::string("CNY"));
  commit.Set("made_on", std::string("2026-01-05"));
  commit.Set("note", std::string("one order slips to February"));
  ASSERT_TRUE(RecordService(*store_).Create(m, commit).ok());

  auto sheet = BuildForecastSheet(*store_, m, scope, 3, kAsOf);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  ASSERT_EQ(sheet->league.size(), 1u);
  const TrackRecord& t = sheet->league[0];
  EXPECT_EQ(t.source, "composite:r1@x.example");
  EXPECT_EQ(t.n, 6);
  EXPECT_NEAR(t.bias_percent, 10.0, 1e-6);
  EXPECT_NEAR(t.mae, abs_error / 6, 1e-6);
  std::vector<double> r1_history;
  for (int k = 0; k < 36; ++k) r1_history.push_back(1000 + 100 * (k % 3));
  EXPECT_NEAR(t.mase, t.mae / forecast::MaseScale(r1_history, 12), 1e-9);
  EXPECT_EQ(t.over_time.size(), 6u);
  EXPECT_EQ(t.over_time.back().month, "2025-12");
  // The suggestion weighs every source with a January figure; the weights sum to 1 and
  // give the suggested figure.
  double sum = 0, combined = 0;
  for (const auto& [source, weight] : sheet->suggested_weights) {
    sum += weight;
    const auto f = std::find_if(sheet->forecasts.begin(), sheet->forecasts.end(),
                                [&](const SheetForecast& x) { return x.source == source; });
    ASSERT_NE(f, sheet->forecasts.end()) << source;
    combined += weight * f->mean[0];
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_NEAR(sheet->suggested[0], combined, 1e-6);
  EXPECT_TRUE(std::any_of(sheet->suggested_weights.begin(), sheet->suggested_weights.end(),
                          [](const auto& w) { return w.first == "composite:r1@x.example"; }));
  // The kept engine forecast shows as its own source; the commitment with its note.
  EXPECT_TRUE(std::any_of(sheet->forecasts.begin(), sheet->forecasts.end(),
                          [](const SheetForecast& f) { return f.source == "engine:naive" && f.method == "statistical"; }));
  ASSERT_TRUE(sheet->committed[0].has_value());
  EXPECT_DOUBLE_EQ(*sheet->committed[0], 1200.0);
  EXPECT_EQ(sheet->committed_notes[0], "one order slips to February");
  EXPECT_FALSE(sheet->committed[1].has_value());
  (void)totals;
}

TEST_F(ForecastSheetTest, ExecutiveOpinionWeighsTheMoreAccuratePersonMore) {
  ImportSalesHistory();
  // vp has run 10% high for six months, m has been within 1%; both forecast January.
  std::string csv = "owner_email,scope_email,period,method,amount,currency,made_on\n";
  for (int k = 30; k < 36; ++k) {
    const std::string month = "2025-" + std::string(k - 23 < 10 ? "0" : "") + std::to_string(k - 23);
    const double actual = 1000 + 100 * (k % 3) + 2000 + 500 * (k % 12 == 11) + 10 * k;
    csv += "vp@x.example,," + month + ",executive," + std::to_string(actual * 1.10) + ",CNY,2025-01-01\n";
    csv += "m@x.example,," + month + ",executive," + std::to_string(actual * 0.99) + ",CNY,2025-01-01\n";
  }
  csv += "vp@x.example,,2026-01,executive,5000,CNY,2026-01-02\n";
  csv += "m@x.example,,2026-01,executive,4000,CNY,2026-01-02\n";
  ASSERT_TRUE(Import(system_, "forecasts", csv).errors.empty());
  auto o = BuildExecutiveOpinion(*store_, system_, "org", "2026-01", kAsOf);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  ASSERT_EQ(o->people.size(), 2u);
  const OpinionPerson& vp = o->people[0].name == "vp@x.example" ? o->people[0] : o->people[1];
  const OpinionPerson& m = o->people[0].name == "m@x.example" ? o->people[0] : o->people[1];
  EXPECT_EQ(vp.history, 6);
  EXPECT_GT(m.weight, vp.weight);
  EXPECT_NEAR(vp.weight + m.weight, 1.0, 1e-12);
  EXPECT_NEAR(o->forecast, vp.weight * 5000 + m.weight * 4000, 1e-6);
  EXPECT_LT(o->forecast, 4500);
  EXPECT_DOUBLE_EQ(o->median, 4500);
  EXPECT_DOUBLE_EQ(o->min, 4000);
  EXPECT_DOUBLE_EQ(o->max, 5000);
  // A month nobody forecast says so; a malformed month is the caller's mistake.
  auto none = BuildExecutiveOpinion(*store_, system_, "org", "2026-02", kAsOf);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->people.empty());
  EXPECT_FALSE(none->note.empty());
  EXPECT_EQ(BuildExecutiveOpinion(*store_, system_, "org", "2026-Q1", kAsOf).status().field(), "month");
}

TEST_F(ForecastSheetTest, SalesForceCompositeRollsUpCallsAdjustmentsAndPipeline) {
  ImportSalesHistory();
  // r1 has called 10% high for six months and calls 1150 for January; m adjusts r2 to
  // 2600 with a reason; r1 has a deal in commit closing in January.
  std::string csv = "owner_email,scope_email,period,method,amount,currency,made_on,note\n";
  for (int k = 30; k < 36; ++k) {
    const std::string month = "2025-" + std::string(k - 23 < 10 ? "0" : "") + std::to_string(k - 23);
    csv += "r1@x.example,r1@x.example," + month + ",composite," + std::to_string((1000 + 100 * (k % 3)) * 1.1) +
           ",CNY,2025-01-01,\n";
  }
  csv += "r1@x.example,r1@x.example,2026-01,composite,1150,CNY,2026-01-02,\n";
  ASSERT_TRUE(Import(system_, "forecasts", csv).errors.empty());
  ASSERT_TRUE(Import(system_, "forecasts",
                     "owner_email,scope_email,period,method,amount,currency,made_on,note\n"
                     "m@x.example,r2@x.example,2026-01,composite,2600,CNY,2026-01-05,big order from Beta\n")
                  .errors.empty());
  ASSERT_TRUE(Import(system_, "opportunities",
                     "external_id,account_external_id,name,stage,amount,currency,close_date,probability,"
                     "forecast_category,owner_email\n"
                     "O1,A1,Pumps,negotiation,500,CNY,2026-01-20,80,commit,r1@x.example\n"
                     "O2,A1,Valves,proposal,300,CNY,2026-02-20,50,best_case,r1@x.example\n")
                  .errors.empty());
  const Actor m = As("m@x.example");
  auto c = BuildSalesForceComposite(*store_, m, "user:" + std::to_string(m.user_id), "2026-01", kAsOf);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->reps.size(), 2u);
  const CompositeRep& r1 = c->reps[0].scope.name == "r1@x.example" ? c->reps[0] : c->reps[1];
  const CompositeRep& r2 = c->reps[0].scope.name == "r2@x.example" ? c->reps[0] : c->reps[1];
  ASSERT_TRUE(r1.call.has_value());
  EXPECT_DOUBLE_EQ(*r1.call, 1150);
  EXPECT_DOUBLE_EQ(r1.commit, 500);   // only January's deal
  EXPECT_DOUBLE_EQ(r1.weighted, 400);
  EXPECT_EQ(r1.bias_months, 6);
  EXPECT_NEAR(r1.bias_percent, 10, 1e-6);
  EXPECT_LT(r1.correction, 1);
  EXPECT_FALSE(r2.call.has_value());
  ASSERT_TRUE(r2.adjusted.has_value());
  EXPECT_EQ(r2.reason, "big order from Beta");
  ASSERT_FALSE(c->lines.empty());
  EXPECT_EQ(c->lines[0].scope.key, "user:" + std::to_string(m.user_id));
  EXPECT_DOUBLE_EQ(c->lines[0].submitted, 1150);
  EXPECT_DOUBLE_EQ(c->lines[0].adjusted, 1150 + 2600);
  EXPECT_LT(c->lines[0].bias_corrected, c->lines[0].adjusted);  // r1's optimism taken out
  // A rep cannot see the team's composite, but sees their manager's adjustment of their
  // own call and its reason; nothing about another rep.
  const Actor rep = As("r2@x.example");
  EXPECT_EQ(BuildSalesForceComposite(*store_, rep, "user:" + std::to_string(m.user_id), "2026-01", kAsOf)
                .status()
                .code(),
            StatusCode::kNotFound);
  auto own = BuildSalesForceComposite(*store_, rep, "user:" + std::to_string(rep.user_id), "2026-01", kAsOf);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  ASSERT_EQ(own->reps.size(), 1u);
  ASSERT_TRUE(own->reps[0].adjusted.has_value());
  EXPECT_DOUBLE_EQ(*own->reps[0].adjusted, 2600);
  EXPECT_EQ(own->reps[0].reason, "big order from Beta");
  const Actor rep1 = As("r1@x.example");
  auto other = BuildSalesForceComposite(*store_, rep1, "user:" + std::to_string(rep1.user_id), "2026-01", kAsOf);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_EQ(other->reps.size(), 1u);
  EXPECT_FALSE(other->reps[0].adjusted.has_value());
  EXPECT_DOUBLE_EQ(other->lines[0].adjusted, 1150);  // r2's adjustment is not in r1's roll-up
}

TEST_F(ForecastSheetTest, EconometricModelRegressesSalesOnIndicators) {
  const std::vector<double> totals = ImportSalesHistory();
  const Actor m = As("m@x.example");
  const std::string team = "user:" + std::to_string(m.user_id);
  // An indicator that moves with sales (sales = 2 x indicator + 100 + a small wobble),
  // known for two of the three months ahead.
  IndicatorInput orders{"orders", "2023-01", {}, {0}};
  for (std::size_t k = 0; k < totals.size(); ++k) orders.values.push_back((totals[k] - 100 - (k % 2 ? 3 : -3)) / 2);
  orders.values.push_back(1700);
  orders.values.push_back(1720);
  auto e = BuildEconometric(*store_, m, team, {orders}, 3, kAsOf);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  const auto& coefs = e->result.model.coefficients;
  ASSERT_EQ(coefs.size(), 2u);
  EXPECT_NEAR(coefs[1].estimate, 2.0, 0.01);
  EXPECT_GT(e->result.model.diagnostics.r_squared, 0.99);
  EXPECT_NEAR(e->result.forecast.mean[0], 2 * 1700 + 100, 10);
  ASSERT_EQ(e->result.indicators.size(), 1u);
  EXPECT_EQ(e->result.indicators[0].source[0], "user");
  EXPECT_NE(e->result.indicators[0].source[2], "user");  // the third month is forecast
  EXPECT_LT(e->result.forecast.lo95[2], e->result.forecast.lo95[1] + (e->result.forecast.mean[2] - e->result.forecast.mean[1]));
  // An indicator that does not cover the history is named with the missing month.
  IndicatorInput late{"late", "2024-01", std::vector<double>(30, 1.0), {0}};
  auto bad = BuildEconometric(*store_, m, team, {late}, 3, kAsOf);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("2023-01"), std::string::npos);
}

TEST_F(ForecastSheetTest, RollupIsCoherentUpTheTeam) {
  ImportSalesHistory();
  const Actor m = As("m@x.example");
  const std::string team = "user:" + std::to_string(m.user_id);
  for (const char* how : {"bottom_up", "ols", "wls", "mint_shrink"}) {
    auto r = BuildForecastRollup(*store_, m, team, "ets", how, 4, kAsOf);
    ASSERT_TRUE(r.ok()) << how << ": " << r.status().ToString();
    ASSERT_EQ(r->nodes.size(), 3u) << how;  // the team, r1, r2
    EXPECT_EQ(r->nodes[0].scope.key, team);
    EXPECT_EQ(r->nodes[0].history.size(), 36u);
    for (int h = 0; h < 4; ++h) {
      EXPECT_NEAR(r->nodes[0].reconciled[h], r->nodes[1].reconciled[h] + r->nodes[2].reconciled[h],
                  1e-6 * std::abs(r->nodes[0].reconciled[h]))
          << how << " h=" << h;
    }
    if (std::string(how) == "bottom_up") {
      for (int h = 0; h < 4; ++h) {
        EXPECT_NEAR(r->nodes[1].reconciled[h], r->nodes[1].base[h], 1e-9);
        EXPECT_NEAR(r->nodes[2].reconciled[h], r->nodes[2].base[h], 1e-9);
      }
    }
  }
  EXPECT_EQ(BuildForecastRollup(*store_, m, team, "auto", "bottom_up", 4, kAsOf).status().field(), "method");
  EXPECT_EQ(BuildForecastRollup(*store_, m, team, "ets", "magic", 4, kAsOf).status().field(), "reconciliation");
  // A rep's roll-up is their own scope alone; another rep's does not exist for them.
  const Actor r1 = As("r1@x.example"), r2 = As("r2@x.example");
  auto own = BuildForecastRollup(*store_, r1, "user:" + std::to_string(r1.user_id), "ets", "bottom_up", 4, kAsOf);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->nodes.size(), 1u);
  EXPECT_EQ(BuildForecastRollup(*store_, r1, "user:" + std::to_string(r2.user_id), "ets", "bottom_up", 4, kAsOf)
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(AppTest, TerritoriesOfATeamAreMeasuredProposedAndCompared) {
  // 60 accounts on a grid west of Hangzhou, all owned by r1 at first; r2 owns none.
  std::string csv = "external_id,name,lat,lon,potential,currency,owner_email\n";
  for (int i = 0; i < 60; ++i) {
    csv += "G" + std::to_string(i) + ",Grid " + std::to_string(i) + "," + std::to_string(30.0 + (i / 10) * 0.1) + "," +
           std::to_string(119.0 + (i % 10) * 0.1) + "," + std::to_string(10000 * (1 + i % 7)) + ",CNY,r1@x.example\n";
  }
  ASSERT_TRUE(Import(system_, "accounts", csv).errors.empty());
  const Actor m = As("m@x.example"), r1 = As("r1@x.example");
  const std::string team = "user:" + std::to_string(m.user_id);
  auto current = CurrentTerritories(*store_, m, team, 0.05);
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  ASSERT_EQ(current->reps.size(), 2u);  // r1 and r2
  EXPECT_EQ(current->accounts.size(), 60u);
  double workload = 0;
  for (const TerritoryAccount& a : current->accounts) workload += a.workload;
  EXPECT_NEAR(current->metrics.total_workload, workload, 1e-6);
  EXPECT_FALSE(current->metrics.balanced);  // r2 has nothing

  ProposalOptions options;
  options.tolerance = 0.1;
  auto plan = ProposeTerritories(*store_, m, team, options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->proposed.size(), 60u);
  EXPECT_TRUE(plan->metrics.balanced);
  EXPECT_EQ(plan->metrics.noncontiguous_territories, 0);
  ASSERT_TRUE(plan->disruption.has_value());
  EXPECT_GT(plan->disruption->moved_accounts, 0);
  EXPECT_EQ(plan->moves.size(), static_cast<std::size_t>(plan->disruption->moved_accounts));

  // What-if on the proposal equals the proposal's own metrics.
  auto c = CompareWithCurrent(*store_, m, team, plan->proposed, 0.1);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_NEAR(c->after.dispersion_km_h, plan->metrics.dispersion_km_h, 1e-6 * plan->metrics.dispersion_km_h);
  EXPECT_NEAR(c->before.dispersion_km_h, current->metrics.dispersion_km_h, 1e-6 * current->metrics.dispersion_km_h);
  std::vector<territory::AccountTerritory> bad = plan->proposed;
  bad[0].territory = "user:999";
  EXPECT_EQ(CompareWithCurrent(*store_, m, team, bad, 0.1).status().field(), "territory");

  // A rep sees their own territory, may not realign, and cannot see the team's.
  auto own = CurrentTerritories(*store_, r1, "user:" + std::to_string(r1.user_id), 0.05);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->reps.size(), 1u);
  EXPECT_EQ(ProposeTerritories(*store_, r1, "user:" + std::to_string(r1.user_id), options).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(CurrentTerritories(*store_, r1, team, 0.05).status().code(), StatusCode::kNotFound);

  // Applying: a rep may not; an account outside the scope or listed twice stops the whole
  // apply and nothing changes; the proposal applied makes it the current alignment.
  EXPECT_EQ(ApplyTerritories(*store_, r1, team, plan->proposed).status().code(), StatusCode::kPermissionDenied);
  std::vector<territory::AccountTerritory> outside = plan->proposed;
  outside.push_back({"999999", plan->proposed[0].territory});
  auto unknown = ApplyTerritories(*store_, m, team, outside);
  EXPECT_EQ(unknown.status().field(), "alignment");
  EXPECT_NE(unknown.status().message().find("item 61: account 999999 is not one of this scope's accounts"),
            std::string::npos)
      << unknown.status().ToString();
  outside.back() = {plan->proposed[0].account_id, "user:" + std::to_string(As("r3@x.example").user_id)};
  EXPECT_EQ(ApplyTerritories(*store_, m, team, outside).status().field(), "territory");  // r3 is not m's rep
  outside.back() = plan->proposed[0];
  auto twice = ApplyTerritories(*store_, m, team, outside);
  EXPECT_EQ(twice.status().field(), "alignment");
  EXPECT_NE(twice.status().message().find("listed twice"), std::string::npos) << twice.status().ToString();
  auto unchanged = CurrentTerritories(*store_, m, team, 0.05);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_NEAR(unchanged->metrics.dispersion_km_h, current->metrics.dispersion_km_h, 1e-6);
  auto applied = ApplyTerritories(*store_, m, team, plan->proposed);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->changes.size(), static_cast<std::size_t>(plan->disruption->moved_accounts));
  for (const OwnerChange& change : applied->changes) EXPECT_NE(change.from, change.to);
  auto after = CurrentTerritories(*store_, m, team, 0.1);
  ASSERT_TRUE(after.ok());
  EXPECT_NEAR(after->metrics.dispersion_km_h, plan->metrics.dispersion_km_h, 1e-6 * plan->metrics.dispersion_km_h);
  EXPECT_TRUE(after->metrics.balanced);
  // Applying the same alignment again changes nothing.
  auto again = ApplyTerritories(*store_, m, team, plan->proposed);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->changes.empty());
}

TEST_F(AppTest, ProposalsReportProgressCanBeCancelledAndRunInTwoSteps) {
  std::string csv = "external_id,name,lat,lon,currency,owner_email\n";
  for (int i = 0; i < 40; ++i) {
    csv += "P" + std::to_string(i) + ",P " + std::to_string(i) + "," + std::to_string(30.0 + (i / 8) * 0.1) + "," +
           std::to_string(119.0 + (i % 8) * 0.1) + ",CNY,r1@x.example\n";
  }
  ASSERT_TRUE(Import(system_, "accounts", csv).errors.empty());
  const Actor m = As("m@x.example");
  const std::string team = "user:" + std::to_string(m.user_id);
  ProposalOptions options;
  options.tolerance = 0.1, options.restarts = 5;
  std::vector<territory::AlignProgress> seen;
  auto plan = ProposeTerritories(*store_, m, team, options, [&](const territory::AlignProgress& p) {
    seen.push_back(p);
    return true;
  });
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // Two reps: no region searches after the five restarts; then the lower bound (no homes
  // here), announced once with every search done.
  ASSERT_EQ(seen.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(seen[i].searches_done, static_cast<int>(i) + 1);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].bounding, i == 5) << i;
  EXPECT_EQ(seen.back().searches_done, 5);
  EXPECT_EQ(seen.back().searches_planned, 5);
  ASSERT_TRUE(plan->lower_bound_km_h.has_value());
  EXPECT_LE(*plan->lower_bound_km_h, plan->metrics.dispersion_km_h * (1 + 1e-9));
  EXPECT_NEAR(seen.back().best_dispersion_km_h, plan->metrics.dispersion_km_h, 1e-6 * plan->metrics.dispersion_km_h);

  // Prepared and run apart, the same seed gives the same proposal; a cancel is kCancelled.
  auto prepared = PrepareProposal(*store_, m, team, options);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  auto again = RunProposal(*prepared);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->proposed.size(), plan->proposed.size());
  for (std::size_t i = 0; i < plan->proposed.size(); ++i) EXPECT_EQ(again->proposed[i].territory, plan->proposed[i].territory);
  const std::atomic<bool> cancel{true};
  EXPECT_EQ(RunProposal(*prepared, {}, &cancel).status().code(), StatusCode::kCancelled);
  auto stopped = ProposeTerritories(*store_, m, team, options, [](const territory::AlignProgress&) { return false; });
  EXPECT_EQ(stopped.status().code(), StatusCode::kCancelled);
  // PrepareProposal already says what the engine would refuse, and who may not ask.
  options.locks = {{"999999", "user:1"}};
  EXPECT_EQ(PrepareProposal(*store_, m, team, options).status().field(), "locks");
  const Actor r1 = As("r1@x.example");
  EXPECT_EQ(PrepareProposal(*store_, r1, "user:" + std::to_string(r1.user_id), options).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AppTest, DelphiRoundsAreAnonymousAndEndWhenTheExpertsAgree) {
  const Actor m = As("m@x.example"), r1 = As("r1@x.example"), r2 = As("r2@x.example"), r3 = As("r3@x.example"),
              vp = As("vp@x.example");
  Record study(&DelphiStudiesKind());
  study.Set("question", std::string("East region sales, December"));
  study.Set("period", std::string("2026-12"));
  study.Set("threshold", 0.1);
  study.Set("max_rounds", std::int64_t{3});
  study.Set("round", std::int64_t{1});
  study.Set("status", std::string("open"));
  auto created = RecordService(*store_).Create(m, study);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const Id id = created->id;
  ASSERT_TRUE(AnswerDelphi(*store_, r1, id, 100, "steady orders").ok());
  ASSERT_TRUE(AnswerDelphi(*store_, r2, id, 150, "a big tender").ok());
  ASSERT_TRUE(AnswerDelphi(*store_, r3, id, 90, "").ok());
  auto first = AnswerDelphi(*store_, vp, id, 200, "new product");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->outcome.rounds.empty());  // an open round is not shown
  EXPECT_EQ(first->answers_per_round, std::vector<int>{4});
  ASSERT_TRUE(first->my_figure.has_value());
  EXPECT_DOUBLE_EQ(*first->my_figure, 200);
  // Only the moderator closes a round; then round 1's spread and reasons are shown.
  EXPECT_EQ(NextDelphiRound(*store_, r1, id).status().code(), StatusCode::kPermissionDenied);
  auto second = NextDelphiRound(*store_, m, id);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->study.GetInt("round"), 2);
  ASSERT_EQ(second->outcome.rounds.size(), 1u);
  EXPECT_DOUBLE_EQ(second->outcome.rounds[0].spread.median, 125);  // of 90, 100, 150, 200
  EXPECT_FALSE(second->outcome.rounds[0].converged);
  EXPECT_EQ(second->outcome.rounds[0].reasons.size(), 3u);  // the empty one is not listed
  // The second round agrees: the study closes, converged, at the median.
  for (const auto& [who, figure] : {std::pair{r1, 120.0}, {r2, 125.0}, {r3, 122.0}, {vp, 128.0}}) {
    ASSERT_TRUE(AnswerDelphi(*store_, who, id, figure, "").ok());
  }
  // Nobody reads another expert's answers.
  EXPECT_EQ(RecordService(*store_).List(r1, DelphiAnswersKind(), {}).value().total, 2);
  EXPECT_EQ(RecordService(*store_).List(m, DelphiAnswersKind(), {}).value().total, 0);
  auto done = NextDelphiRound(*store_, m, id);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->study.GetText("status"), "closed");
  EXPECT_TRUE(done->outcome.converged);
  EXPECT_DOUBLE_EQ(done->outcome.consensus, 123.5);
  EXPECT_EQ(AnswerDelphi(*store_, r1, id, 1, "").status().field(), "status");
}

TEST_F(AppTest, PlanFactsAndMarkdownFollowTheRecords) {
  Import(system_, "accounts", std::string(kAccounts) + "A9,Zeta Pumps,steel,Suzhou,CN,31.3,120.6,800000,CNY,r1@x.example\n");
  Import(system_, "sales",
         "date,account_external_id,product_sku,rep_email,quantity,amount,currency\n"
         "2025-03-10,A1,P1,r1@x.example,1,100,CNY\n"     // the year before
         "2025-12-10,A1,P1,r1@x.example,1,300,CNY\n"     // the last twelve months
         "2026-01-10,A1,P1,r1@x.example,1,200,CNY\n");
  Import(system_, "opportunities",
         "external_id,account_external_id,name,stage,amount,currency,close_date,probability,forecast_category,"
         "owner_email,lost_reason\n"
         "O1,A1,Won,closed_won,500,CNY,2025-10-01,100,closed,r1@x.example,\n"
         "O2,A1,Lost 1,closed_lost,400,CNY,2025-11-01,0,omitted,r1@x.example,price too high\n"
         "O3,A1,Lost 2,closed_lost,300,CNY,2025-12-01,0,omitted,r1@x.example,price too high\n"
         "O4,A9,Open,proposal,1000,CNY,2026-05-01,40,pipeline,r1@x.example,\n");
  const Actor r1 = As("r1@x.example");
  const std::string scope = "user:" + std::to_string(r1.user_id);
  auto f = BuildPlanFacts(*store_, r1, scope, Date{2026, 2, 15});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->from, "2025-02-01");
  EXPECT_DOUBLE_EQ(f->last_12, 600);  // March 2025 falls in the last twelve months too
  ASSERT_EQ(f->monthly.size(), 24u);
  ASSERT_FALSE(f->top_customers.empty());
  EXPECT_EQ(f->top_customers[0].id, "A1");
  EXPECT_DOUBLE_EQ(f->top_customers[0].value, 600);
  ASSERT_EQ(f->prospects.size(), 1u);  // A9: potential, no sales
  EXPECT_EQ(f->prospects[0].id, "A9");
  ASSERT_EQ(f->lost_reasons.size(), 1u);
  EXPECT_EQ(f->lost_reasons[0], (std::pair<std::string, int>{"price too high", 2}));
  ASSERT_TRUE(f->conversion_rate.has_value());
  EXPECT_NEAR(*f->conversion_rate, 1.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(f->pipeline, 1000);
  EXPECT_DOUBLE_EQ(f->weighted_pipeline, 400);
  // Another rep's facts do not exist for r1.
  EXPECT_EQ(BuildPlanFacts(*store_, r1, "user:" + std::to_string(As("r2@x.example").user_id), Date{2026, 2, 15})
                .status()
                .code(),
            StatusCode::kNotFound);

  Record plan(&TerritoryPlansKind());
  plan.Set("title", std::string("East 2026, revision 1"));
  plan.Set("horizon", std::string("2026"));
  plan.Set("revision", std::int64_t{1});
  plan.Set("status", std::string("draft"));
  plan.Set("strengths", std::string("fast | reliable service"));
  auto stored = RecordService(*store_).Create(r1, plan);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  Record action(&PlanActionsKind());
  action.Set("plan_id", stored->id);
  action.Set("title", std::string("Visit Zeta Pumps"));
  action.Set("deadline", std::string("2026-03-01"));
  action.Set("status", std::string("open"));
  ASSERT_TRUE(RecordService(*store_).Create(r1, action).ok());
  auto md = PlanMarkdown(*store_, r1, stored->id, "zh-CN");
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_NE(md->find("# East 2026, revision 1"), std::string::npos);
  EXPECT_NE(md->find("第三阶段"), std::string::npos);
  EXPECT_NE(md->find("fast | reliable service"), std::string::npos);      // answers keep their text
  EXPECT_NE(md->find("| Visit Zeta Pumps |  | 2026-03-01 | open |"), std::string::npos);
  EXPECT_EQ(PlanMarkdown(*store_, As("r2@x.example"), stored->id, "en").status().code(), StatusCode::kNotFound);
  // The action item is past its deadline (today is after 2026-03-01): the dashboard
  // shows it to r1 and their manager, not to another rep.
  auto mine = BuildDashboard(*store_, r1, "2026-01-01", "2026-12-31");
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  EXPECT_EQ(mine->overdue_total, 1);
  ASSERT_EQ(mine->overdue_actions.size(), 1u);
  EXPECT_EQ(mine->overdue_actions[0].title, "Visit Zeta Pumps");
  EXPECT_EQ(BuildDashboard(*store_, As("m@x.example"), "2026-01-01", "2026-12-31")->overdue_total, 1);
  EXPECT_EQ(BuildDashboard(*store_, As("r2@x.example"), "2026-01-01", "2026-12-31")->overdue_total, 0);
}

}  // namespace
}  // namespace salesdesk::app
