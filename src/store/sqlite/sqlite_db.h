// Thin RAII adapter over the SQLite C API: a connection with a statement cache, and a
// bound statement. Only store/sqlite includes this file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/schema.h"
#include "core/status.h"
#include "store/store.h"

namespace salesdesk::sqlite {

// A prepared statement borrowed from a connection's cache; reset when the Stmt is
// destroyed, so it can be reused by the next caller. Not thread-safe.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() {
    if (stmt_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  Stmt& Bind(int index, const Value& value);
  // Like Bind, but text is not copied: `value` must outlive the next Step/Reset.
  Stmt& BindNoCopy(int index, const Value& value);
  Stmt& Bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Stmt& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Stmt& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Stmt& Bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Steps once: true with a row ready, false when done; `status` is set on error.
  bool Step(Status& status);
  // Steps to completion (for writes).
  Status Run();
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  Value Column(int col) const;

 private:
  sqlite3_stmt* stmt_;
};

// One connection (WAL, foreign keys on) with its prepared statements cached by SQL text.
class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepares (or reuses) `sql`. A failure is a bug in our SQL: kInternal. The cache is
  // unbounded, so callers build SQL from a fixed set of shapes (lists bind one JSON array).
  // One statement must not be used twice at once (no nested use of the same SQL).
  Result<Stmt> Prepare(const std::string& sql);
  // Runs one or more statements without results.
  Status Exec(const std::string& sql);
  // Runs one statement without results through the statement cache: for the BEGIN,
  // COMMIT and ROLLBACK that every request issues.
  Status Run(const std::string& sql);
  // A number that changes whenever the database may have changed as seen by this
  // connection: a commit by any other connection or process (PRAGMA data_version), or a
  // change made through this one (total_changes). Equal stamps mean equal contents.
  struct Stamp {
    std::int64_t data_version = -1;
    std::int64_t total_changes = -1;
    bool operator==(const Stamp&) const = default;
  };
  Result<Stamp> DataStamp();
  // Query results remembered per query text and parameters, valid while the stamp
  // holds: lists and their totals repeat far more often than the data changes.
  std::optional<std::int64_t> CachedCount(const std::string& key, const Stamp& stamp) const {
    return counts_.Find(key, stamp);
  }
  void CacheCount(const std::string& key, const Stamp& stamp, std::int64_t count) { counts_.Put(key, stamp, count); }
  std::optional<Page> CachedPage(const std::string& key, const Stamp& stamp) const { return pages_.Find(key, stamp); }
  void CachePage(const std::string& key, const Stamp& stamp, const Page& page) { pages_.Put(key, stamp, page); }
  // After a rollback of writes: what was seen inside the transaction no longer holds,
  // and the stamp cannot tell (total_changes does not go back).
  void ForgetResults() {
    counts_.Clear();
    pages_.Clear();
  }
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  // A bounded map whose entries are all valid for one stamp.
  template <typename T>
  class StampedCache {
   public:
    std::optional<T> Find(const std::string& key, const Stamp& stamp) const {
      if (!(stamp == stamp_)) return std::nullopt;
      auto it = map_.find(key);
      return it == map_.end() ? std::nullopt : std::optional<T>(it->second);
    }
    void Put(const std::string& key, const Stamp& stamp, const T& value) {
      if (!(stamp == stamp_) || map_.size() >= 1024) {
        map_.clear();
        stamp_ = stamp;
      }
      map_.insert_or_assign(key, value);
    }
    void Clear() { map_.clear(); }

   private:
    Stamp stamp_;
    std::unordered_map<std::string, T> map_;
  };
  StampedCache<std::int64_t> counts_;
  StampedCache<Page> pages_;
};

// Maps an SQLite result code to a Status a user can act on (constraint failures become
// kAlreadyExists / kInvalidArgument; the rest kInternal).
Status ErrorStatus(sqlite3* db, int rc, std::string_view context);

}  // namespace salesdesk::sqlite
