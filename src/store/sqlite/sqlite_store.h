// SQLite implementation of the Store: one database file in WAL mode, a pool of
// connections (one per concurrent transaction), schema migrated on open.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace salesdesk::sqlite {

class SqliteStore final : public Store, public std::enable_shared_from_this<SqliteStore> {
 public:
  // Opens `path`, creating it and applying migrations newer than its user_version.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  Result<std::unique_ptr<Transaction>> Begin(bool write) override;
  Result<std::unique_ptr<Transaction>> BeginBulkLoad() override;
  // PRAGMA data_version of a connection that never writes: it moves whenever any other
  // connection (of this process or another) commits.
  Result<std::uint64_t> DataGeneration() override;

  // Pool plumbing for transactions: take a free connection or open a new one; give back.
  Result<std::unique_ptr<Connection>> Acquire();
  void Release(std::unique_ptr<Connection> conn);

 private:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}
  Status Migrate(Connection& conn);

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  std::mutex observer_mu_;
  std::unique_ptr<Connection> observer_;  // guarded by observer_mu_; opened on first use
};

// The numbered migrations compiled into the binary, in order ("001_init.sql", sql).
struct Migration {
  const char* name;
  const char* sql;
};
const std::vector<Migration>& SqliteMigrations();

}  // namespace salesdesk::sqlite
