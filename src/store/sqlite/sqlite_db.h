// Thin RAII adapter over the SQLite C API: a connection with a statement cache, and a
// bound statement. Only store/sqlite includes this file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/schema.h"
#include "core/status.h"

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
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Maps an SQLite result code to a Status a user can act on (constraint failures become
// kAlreadyExists / kInvalidArgument; the rest kInternal).
Status ErrorStatus(sqlite3* db, int rc, std::string_view context);

}  // namespace salesdesk::sqlite
