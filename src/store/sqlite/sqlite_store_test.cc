#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "store/sqlite/sqlite_store.h"

namespace salesdesk {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("sd_store_" + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    auto s = OpenSqliteStore(path_.string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    auto tx = Begin();
    org_ = tx->CreateOrganisation("Acme", "CNY").value();
    Record rep(&UsersKind());
    rep.Set("email", std::string("rep@acme.example"));
    rep.Set("name", std::string("Rep"));
    rep.Set("role", std::string("rep"));
    rep_ = tx->Insert(org_, rep).value().id;
    ASSERT_TRUE(tx->Commit().ok());
  }
  void TearDown() override {
    store_.reset();
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::unique_ptr<Transaction> Begin(bool write = true) { return std::move(store_->Begin(write)).value(); }
  Record Account(const std::string& ext, Id owner) {
    Record a(&AccountsKind());
    a.Set("external_id", ext);
    a.Set("name", "Account " + ext);
    a.Set("currency", std::string("CNY"));
    a.Set("owner_id", owner);
    return a;
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  Id org_ = 0, rep_ = 0;
};

TEST_F(SqliteStoreTest, EveryFieldHasAColumnAndTablesAreStrict) {
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  for (const KindSpec* kind : AllKinds()) {
    std::string sql = "SELECT " + std::string("id, org_id, version");
    for (const auto& f : kind->fields) sql += ", " + std::string(f.name);
    sql += " FROM " + std::string(kind->name);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_stmt* strict = nullptr;
    sqlite3_prepare_v2(db, "SELECT strict FROM pragma_table_list WHERE name = ?", -1, &strict, nullptr);
    sqlite3_bind_text(strict, 1, std::string(kind->name).c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(strict), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(strict, 0), 1) << kind->name;
    sqlite3_finalize(strict);
  }
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, InsertGetUpdateWithOptimisticConcurrency) {
  auto tx = Begin();
  Record a = tx->Insert(org_, Account("A-1", rep_)).value();
  EXPECT_EQ(a.version, 1);
  a.Set("name", std::string("Renamed"));
  Record b = tx->Update(org_, a, 1).value();
  EXPECT_EQ(b.version, 2);
  auto stale = tx->Update(org_, a, 1);
  EXPECT_EQ(stale.status().code(), StatusCode::kPreconditionFailed);
  EXPECT_EQ(tx->Get(org_, AccountsKind(), a.id, std::nullopt)->GetText("name"), "Renamed");
  EXPECT_EQ(tx->Delete(org_, AccountsKind(), a.id, 1).code(), StatusCode::kPreconditionFailed);
  EXPECT_TRUE(tx->Delete(org_, AccountsKind(), a.id, 2).ok());
  EXPECT_EQ(tx->Get(org_, AccountsKind(), a.id, std::nullopt).status().code(), StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, VisibilityHidesOtherOwnersAndOtherOrgs) {
  auto tx = Begin();
  Id other_org = tx->CreateOrganisation("Other", "USD").value();
  Id a1 = tx->Insert(org_, Account("A-1", rep_)).value().id;
  tx->Insert(org_, Account("A-2", rep_)).value();
  Record unowned = Account("A-3", rep_);
  unowned.Set("owner_id", std::monostate{});
  tx->Insert(org_, unowned).value();
  EXPECT_EQ(tx->List(org_, AccountsKind(), {}).value().total, 3);
  ListQuery mine;
  mine.visible = std::vector<Id>{rep_};
  EXPECT_EQ(tx->List(org_, AccountsKind(), mine).value().total, 2);
  ListQuery nobody;
  nobody.visible = std::vector<Id>{};
  EXPECT_EQ(tx->List(org_, AccountsKind(), nobody).value().total, 0);
  EXPECT_EQ(tx->Get(org_, AccountsKind(), a1, std::vector<Id>{}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(tx->Get(other_org, AccountsKind(), a1, std::nullopt).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(tx->List(other_org, AccountsKind(), {}).value().total, 0);
}

TEST_F(SqliteStoreTest, ListFiltersSortsSearchesAndPages) {
  auto tx = Begin();
  for (int i = 0; i < 30; ++i) {
    Record a = Account("A-" + std::to_string(100 + i), rep_);
    a.Set("industry", std::string(i % 2 ? "steel" : "food"));
    tx->Insert(org_, a).value();
  }
  ListQuery q;
  q.filters.push_back({"industry", std::string("steel")});
  q.sort_field = "external_id";
  q.descending = true;
  q.limit = 5;
  q.offset = 5;
  Page p = tx->List(org_, AccountsKind(), q).value();
  EXPECT_EQ(p.total, 15);
  ASSERT_EQ(p.records.size(), 5u);
  EXPECT_EQ(p.records[0].GetText("external_id"), "A-119");
  ListQuery s;
  s.search = "A-12";
  EXPECT_EQ(tx->List(org_, AccountsKind(), s).value().total, 10);
  ListQuery bad;
  bad.sort_field = "nope; DROP TABLE accounts";
  EXPECT_EQ(tx->List(org_, AccountsKind(), bad).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, CachedTotalsFollowWritesFromAnyConnection) {
  {
    auto tx = Begin();
    tx->Insert(org_, Account("A-1", rep_)).value();
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto count = [&] { return Begin(false)->List(org_, AccountsKind(), {}).value().total; };
  EXPECT_EQ(count(), 1);
  EXPECT_EQ(count(), 1);  // served from the cache
  {
    // A second store (as another process would) writes behind the first one's back.
    auto other = std::move(OpenSqliteStore(path_.string())).value();
    auto tx = std::move(other->Begin(true)).value();
    tx->Insert(org_, Account("A-2", rep_)).value();
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(count(), 2);
  auto first_name = [&] { return Begin(false)->List(org_, AccountsKind(), {}).value().records.at(0).GetText("name"); };
  EXPECT_EQ(first_name(), "Account A-1");
  {
    auto other = std::move(OpenSqliteStore(path_.string())).value();
    auto tx = std::move(other->Begin(true)).value();
    Record a = tx->List(org_, AccountsKind(), {}).value().records.at(0);
    a.Set("name", std::string("Renamed elsewhere"));
    tx->Update(org_, a, a.version).value();
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(first_name(), "Renamed elsewhere");  // a cached page is not served stale
  {
    auto tx = Begin();
    tx->Insert(org_, Account("A-3", rep_)).value();
    EXPECT_EQ(tx->List(org_, AccountsKind(), {}).value().total, 3);  // its own uncommitted write
  }  // rolled back
  EXPECT_EQ(count(), 2);
}

TEST_F(SqliteStoreTest, DataGenerationMovesWithEveryCommittedWriteOnly) {
  const std::uint64_t g0 = store_->DataGeneration().value();
  Begin(false)->List(org_, AccountsKind(), {}).value();  // a read
  EXPECT_EQ(store_->DataGeneration().value(), g0);
  {
    auto tx = Begin();
    tx->Insert(org_, Account("G-1", rep_)).value();
  }  // rolled back
  EXPECT_EQ(store_->DataGeneration().value(), g0);
  {
    auto tx = Begin();
    tx->Insert(org_, Account("G-1", rep_)).value();
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::uint64_t g1 = store_->DataGeneration().value();
  EXPECT_NE(g1, g0);
  EXPECT_EQ(store_->DataGeneration().value(), g1);
  {
    // Another process's write moves it too.
    auto other = std::move(OpenSqliteStore(path_.string())).value();
    auto tx = std::move(other->Begin(true)).value();
    tx->Insert(org_, Account("G-2", rep_)).value();
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_NE(store_->DataGeneration().value(), g1);
}

TEST_F(SqliteStoreTest, UpsertManyUpdatesByNaturalKey) {
  auto tx = Begin();
  std::vector<Record> rows = {Account("A-1", rep_), Account("A-2", rep_)};
  std::vector<int> all;
  for (std::size_t i = 0; i < AccountsKind().fields.size(); ++i) all.push_back(static_cast<int>(i));
  EXPECT_EQ(tx->UpsertMany(org_, AccountsKind(), all, rows).value(), 2);
  rows[0].Set("name", std::string("Changed"));
  rows[0].Set("industry", std::string("lost if written"));
  // Only external_id and name are written: industry keeps its stored value.
  std::vector<int> some = {AccountsKind().FieldIndex("external_id"), AccountsKind().FieldIndex("name"),
                           AccountsKind().FieldIndex("currency")};
  EXPECT_EQ(tx->UpsertMany(org_, AccountsKind(), some, rows).value(), 0);
  Page p = tx->List(org_, AccountsKind(), {}).value();
  EXPECT_EQ(p.total, 2);
  EXPECT_EQ(p.records[0].GetText("name"), "Changed");
  EXPECT_EQ(p.records[0].version, 2);
  EXPECT_EQ(p.records[0].Get("industry"), Value());
}

TEST_F(SqliteStoreTest, RollbackUnlessCommitted) {
  {
    auto tx = Begin();
    tx->Insert(org_, Account("A-1", rep_)).value();
  }
  auto tx = Begin(false);
  EXPECT_EQ(tx->List(org_, AccountsKind(), {}).value().total, 0);
}

TEST_F(SqliteStoreTest, ForeignKeysKeepReferencesInsideTheOrganisation) {
  auto tx = Begin();
  Id other_org = tx->CreateOrganisation("Other", "USD").value();
  auto s = tx->Insert(other_org, Account("A-1", rep_));  // rep_ belongs to org_, not other_org
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, ReportingTreeIsRecursive) {
  auto tx = Begin();
  auto user = [&](const std::string& email, std::optional<Id> manager) {
    Record u(&UsersKind());
    u.Set("email", email);
    u.Set("name", email);
    u.Set("role", std::string("manager"));
    if (manager) u.Set("manager_id", *manager);
    return tx->Insert(org_, u).value().id;
  };
  Id vp = user("vp@a.example", std::nullopt);
  Id m = user("m@a.example", vp);
  Id r1 = user("r1@a.example", m);
  Id r2 = user("r2@a.example", vp);
  EXPECT_EQ(tx->ReportingTree(org_, vp).value(), (std::vector<Id>{m, r1, r2}));
  EXPECT_EQ(tx->ReportingTree(org_, m).value(), (std::vector<Id>{r1}));
  EXPECT_TRUE(tx->ReportingTree(org_, r1).value().empty());
}

TEST_F(SqliteStoreTest, SessionsAreFoundByHashAndDeletedWithTheUser) {
  auto tx = Begin();
  ASSERT_TRUE(tx->CreateSession({"abc", rep_, org_, "csrf", 1, 2}).ok());
  auto found = tx->FindSession("abc").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, rep_);
  EXPECT_TRUE(tx->DeleteSessionsOfUser(org_, rep_).ok());
  EXPECT_FALSE(tx->FindSession("abc").value().has_value());
}

}  // namespace
}  // namespace salesdesk
