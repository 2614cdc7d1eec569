#include "store/sqlite/sqlite_db.h"

namespace salesdesk::sqlite {

Status ErrorStatus(sqlite3* db, int rc, std::string_view context) {
  std::string msg = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
      return Status::Conflict("a record with the same key already exists");
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
      return Status::Invalid("refers to a record that does not exist or is still in use");
    return Status::Invalid(msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return Status(StatusCode::kInternal, "the database is busy, try again");
  return Status::Internal(msg);
}

Stmt& Stmt::Bind(int index, const Value& value) {
  if (auto* i = std::get_if<std::int64_t>(&value)) {
    sqlite3_bind_int64(stmt_, index, *i);
  } else if (auto* d = std::get_if<double>(&value)) {
    sqlite3_bind_double(stmt_, index, *d);
  } else if (auto* s = std::get_if<std::string>(&value)) {
    sqlite3_bind_text(stmt_, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt_, index);
  }
  return *this;
}

Stmt& Stmt::BindNoCopy(int index, const Value& value) {
  if (auto* s = std::get_if<std::string>(&value)) {
    sqlite3_bind_text(stmt_, index, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
    return *this;
  }
  return Bind(index, value);
}

bool Stmt::Step(Status& status) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status = ErrorStatus(sqlite3_db_handle(stmt_), rc, "query");
  return false;
}

Status Stmt::Run() {
  int rc;
  while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return ErrorStatus(sqlite3_db_handle(stmt_), sqlite3_extended_errcode(sqlite3_db_handle(stmt_)), "write");
  return Status::Ok();
}

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
}

Value Stmt::Column(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_INTEGER: return Int(col);
    case SQLITE_FLOAT: return Real(col);
    case SQLITE_TEXT: return Text(col);
    default: return std::monostate{};
  }
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    Status s = Status::Invalid("cannot open database '" + path + "': " + sqlite3_errstr(rc), "db");
    sqlite3_close(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> conn(new Connection(db));
  SD_RETURN_IF_ERROR(conn->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
      "PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<Stmt> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(it->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) return Status::Internal(std::string("prepare failed: ") + sqlite3_errmsg(db_) + " in " + sql);
  cache_.emplace(sql, stmt);
  return Stmt(stmt);
}

Result<Connection::Stamp> Connection::DataStamp() {
  SD_ASSIGN_OR_RETURN(auto stmt, Prepare("PRAGMA data_version"));
  Status status;
  std::int64_t version = stmt.Step(status) ? stmt.Int(0) : -1;
  SD_RETURN_IF_ERROR(status);
  return Stamp{version, sqlite3_total_changes64(db_)};
}

Status Connection::Run(const std::string& sql) {
  SD_ASSIGN_OR_RETURN(auto stmt, Prepare(sql));
  return stmt.Run();
}

Status Connection::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    if ((rc & 0xff) == SQLITE_BUSY) return Status::Internal("the database is busy: " + msg);
    return Status::Internal("sqlite: " + msg);
  }
  return Status::Ok();
}

}  // namespace salesdesk::sqlite
