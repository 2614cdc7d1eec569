#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/sqlite_txn.h"

namespace salesdesk {

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  auto store = sqlite::SqliteStore::Open(path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(store).value());
}

namespace sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(path));
  SD_ASSIGN_OR_RETURN(auto conn, Connection::Open(path));
  SD_RETURN_IF_ERROR(store->Migrate(*conn));
  store->Release(std::move(conn));
  return store;
}

Status SqliteStore::Migrate(Connection& conn) {
  SD_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  SD_ASSIGN_OR_RETURN(auto stmt, conn.Prepare("PRAGMA user_version"));
  Status status;
  std::int64_t version = stmt.Step(status) ? stmt.Int(0) : 0;
  stmt.Reset();
  const auto& migrations = SqliteMigrations();
  if (version > static_cast<std::int64_t>(migrations.size())) {
    conn.Exec("ROLLBACK");
    return Status::Invalid("the database was written by a newer salesdesk (schema " + std::to_string(version) + ")", "db");
  }
  for (std::size_t i = version; i < migrations.size(); ++i) {
    Status s = conn.Exec(migrations[i].sql);
    if (!s.ok()) {
      conn.Exec("ROLLBACK");
      return Status::Internal(std::string("migration ") + migrations[i].name + " failed: " + s.message());
    }
  }
  SD_RETURN_IF_ERROR(conn.Exec("PRAGMA user_version=" + std::to_string(migrations.size())));
  return conn.Exec("COMMIT");
}

Result<std::unique_ptr<Connection>> SqliteStore::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
  }
  return Connection::Open(path_);
}

Result<std::uint64_t> SqliteStore::DataGeneration() {
  std::lock_guard lock(observer_mu_);
  if (!observer_) {
    SD_ASSIGN_OR_RETURN(observer_, Connection::Open(path_));
  }
  SD_ASSIGN_OR_RETURN(Connection::Stamp stamp, observer_->DataStamp());
  return static_cast<std::uint64_t>(stamp.data_version);
}

void SqliteStore::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (idle_.size() < 32) idle_.push_back(std::move(conn));
}

Result<std::unique_ptr<Transaction>> SqliteStore::Begin(bool write) {
  SD_ASSIGN_OR_RETURN(auto conn, Acquire());
  Status s = conn->Run(write ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!s.ok()) {
    Release(std::move(conn));
    return s;
  }
  return std::unique_ptr<Transaction>(new SqliteTransaction(this, std::move(conn)));
}

Result<std::unique_ptr<Transaction>> SqliteStore::BeginBulkLoad() {
  SD_ASSIGN_OR_RETURN(auto conn, Acquire());
  // foreign_keys can only change outside a transaction; the transaction turns it back on.
  Status s = conn->Exec("PRAGMA foreign_keys=OFF");
  if (s.ok()) s = conn->Exec("BEGIN IMMEDIATE");
  if (!s.ok()) {
    conn->Exec("PRAGMA foreign_keys=ON");
    Release(std::move(conn));
    return s;
  }
  auto tx = std::make_unique<SqliteTransaction>(this, std::move(conn));
  tx->RestoreForeignKeysAtEnd();
  return std::unique_ptr<Transaction>(std::move(tx));
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) {
    conn_->Run("ROLLBACK");
    if (sqlite3_total_changes64(conn_->raw()) != changes_at_begin_) conn_->ForgetResults();
  }
  if (restore_foreign_keys_) conn_->Exec("PRAGMA foreign_keys=ON");
  store_->Release(std::move(conn_));
}

Status SqliteTransaction::Commit() {
  if (!open_) return Status::Internal("transaction already finished");
  Status s = conn_->Run("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

std::string IdsAsJson(const std::vector<Id>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "]";
}

}  // namespace sqlite
}  // namespace salesdesk
