// Generic record SQL: every statement is derived from a KindSpec, whose field names are
// compile-time constants (never user input), so composing SQL text from them is safe.
// User values are always bound as parameters.
#include "store/sqlite/sqlite_txn.h"

namespace salesdesk::sqlite {
namespace {

std::string Columns(const KindSpec& kind) {
  std::string cols = "id, version";
  for (const auto& f : kind.fields) cols += ", " + std::string(f.name);
  return cols;
}

// A WHERE clause and the values to bind to its `?`s, in order.
struct Where {
  std::string sql;
  std::vector<Value> binds;
};

// Limits rows to `visible` (a JSON array read with json_each, so the SQL text is the same
// for any number of ids and the statement cache stays small).
void AddVisibility(const KindSpec& kind, Id org, const Visibility& visible, Where& where) {
  if (!visible) return;
  if (!kind.owner_field.empty()) {
    where.sql += " AND " + std::string(kind.owner_field) + " IN (SELECT value FROM json_each(?))";
    where.binds.emplace_back(IdsAsJson(*visible));
  } else if (!kind.owner_via.empty()) {
    const KindSpec* parent = FindKind(kind.Field(kind.owner_via)->ref_kind);
    where.sql += " AND " + std::string(kind.owner_via) + " IN (SELECT id FROM " + std::string(parent->name) +
                 " WHERE org_id = ? AND " + std::string(parent->owner_field) +
                 " IN (SELECT value FROM json_each(?)))";
    where.binds.emplace_back(org);
    where.binds.emplace_back(IdsAsJson(*visible));
  }
  // Otherwise an organisation-wide kind: everyone in the org sees every row.
}

Record ReadRecord(const KindSpec& kind, const Stmt& stmt) {
  Record r(&kind);
  r.id = stmt.Int(0);
  r.version = stmt.Int(1);
  for (std::size_t i = 0; i < kind.fields.size(); ++i) r.values[i] = stmt.Column(static_cast<int>(i) + 2);
  return r;
}

std::string ValueKey(const Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return "i" + std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return "d" + std::to_string(*d);
  if (auto* s = std::get_if<std::string>(&v)) return "s" + *s;
  return "n";
}

int BindAll(Stmt& stmt, const std::vector<Value>& binds) {
  int i = 1;
  for (const auto& v : binds) stmt.Bind(i++, v);
  return i;
}

Result<Where> ListWhere(Id org, const KindSpec& kind, const ListQuery& q) {
  Where where{" WHERE org_id = ?", {Value(org)}};
  AddVisibility(kind, org, q.visible, where);
  for (const auto& f : q.filters) {
    if (!kind.Field(f.field) && f.field != "id") return Status::Invalid("unknown field", f.field);
    where.sql += " AND " + f.field + " = ?";
    where.binds.push_back(f.value);
  }
  if (!q.search.empty()) {
    std::string any;
    for (const auto& f : kind.fields) {
      if (f.type != FieldType::kText) continue;
      any += (any.empty() ? "" : " OR ") + std::string(f.name) + " LIKE ?";
      where.binds.emplace_back("%" + q.search + "%");
    }
    if (!any.empty()) where.sql += " AND (" + any + ")";
  }
  return where;
}

}  // namespace

Result<Page> SqliteTransaction::List(Id org, const KindSpec& kind, const ListQuery& q) {
  SD_ASSIGN_OR_RETURN(Where where, ListWhere(org, kind, q));
  std::string order = " ORDER BY ";
  if (!q.sort_field.empty()) {
    if (!kind.Field(q.sort_field) && q.sort_field != "id") return Status::Invalid("unknown field", "sort");
    order += q.sort_field + (q.descending ? " DESC, id DESC" : ", id");
  } else {
    order += q.descending ? "id DESC" : "id";
  }
  const std::string table(kind.name);
  const std::string list_sql = "SELECT " + Columns(kind) + " FROM " + table + where.sql + order + " LIMIT ? OFFSET ?";
  std::string binds_key;
  for (const auto& v : where.binds) binds_key += '\x1f' + ValueKey(v);
  const std::string page_key = list_sql + binds_key + '\x1f' + std::to_string(q.limit) + '\x1f' + std::to_string(q.offset);
  SD_ASSIGN_OR_RETURN(Connection::Stamp stamp, conn_->DataStamp());
  if (auto cached = conn_->CachedPage(page_key, stamp)) return std::move(cached).value();
  Page page;
  Status status;
  {
    SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare(list_sql));
    int i = BindAll(stmt, where.binds);
    stmt.Bind(i, q.limit);
    stmt.Bind(i + 1, q.offset);
    while (stmt.Step(status)) page.records.push_back(ReadRecord(kind, stmt));
    SD_RETURN_IF_ERROR(status);
  }
  // The total does not depend on the page, so it is remembered apart from it.
  const std::string count_sql = "SELECT count(*) FROM " + table + where.sql;
  if (auto cached = conn_->CachedCount(count_sql + binds_key, stamp)) {
    page.total = *cached;
  } else {
    SD_ASSIGN_OR_RETURN(auto count, conn_->Prepare(count_sql));
    BindAll(count, where.binds);
    if (count.Step(status)) page.total = count.Int(0);
    SD_RETURN_IF_ERROR(status);
    conn_->CacheCount(count_sql + binds_key, stamp, page.total);
  }
  if (page.records.size() <= 500) conn_->CachePage(page_key, stamp, page);
  return page;
}

Result<Record> SqliteTransaction::Get(Id org, const KindSpec& kind, Id id, const Visibility& visible) {
  Where where{" WHERE org_id = ? AND id = ?", {Value(org), Value(id)}};
  AddVisibility(kind, org, visible, where);
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT " + Columns(kind) + " FROM " + std::string(kind.name) +
                                                where.sql));
  BindAll(stmt, where.binds);
  Status status;
  if (stmt.Step(status)) return ReadRecord(kind, stmt);
  SD_RETURN_IF_ERROR(status);
  return Status::NotFound(std::string(kind.singular) + " " + std::to_string(id) + " not found");
}

Result<Record> SqliteTransaction::Insert(Id org, Record record) {
  const KindSpec& kind = *record.kind;
  std::string cols = "org_id, version", params = "?, 1";
  for (const auto& f : kind.fields) {
    cols += ", " + std::string(f.name);
    params += ", ?";
  }
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("INSERT INTO " + std::string(kind.name) + " (" + cols + ") VALUES (" +
                                                params + ")"));
  stmt.Bind(1, org);
  for (std::size_t i = 0; i < record.values.size(); ++i) stmt.Bind(static_cast<int>(i) + 2, record.values[i]);
  SD_RETURN_IF_ERROR(stmt.Run());
  record.id = conn_->LastInsertId();
  record.version = 1;
  return record;
}

Result<Record> SqliteTransaction::Update(Id org, Record record, std::int64_t expected_version) {
  const KindSpec& kind = *record.kind;
  std::string sets = "version = version + 1";
  for (const auto& f : kind.fields) sets += ", " + std::string(f.name) + " = ?";
  {
    SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("UPDATE " + std::string(kind.name) + " SET " + sets +
                                                  " WHERE org_id = ? AND id = ? AND version = ?"));
    int i = 1;
    for (const auto& v : record.values) stmt.Bind(i++, v);
    stmt.Bind(i, org);
    stmt.Bind(i + 1, record.id);
    stmt.Bind(i + 2, expected_version);
    SD_RETURN_IF_ERROR(stmt.Run());
  }
  if (conn_->Changes() == 0) {
    SD_ASSIGN_OR_RETURN(auto current, Get(org, kind, record.id, std::nullopt));
    return Status::Stale(std::string(kind.singular) + " was changed by someone else (now version " +
                         std::to_string(current.version) + "); reload and try again");
  }
  record.version = expected_version + 1;
  return record;
}

Status SqliteTransaction::Delete(Id org, const KindSpec& kind, Id id, std::int64_t expected_version) {
  {
    SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("DELETE FROM " + std::string(kind.name) +
                                                  " WHERE org_id = ? AND id = ? AND version = ?"));
    stmt.Bind(1, org).Bind(2, id).Bind(3, expected_version);
    SD_RETURN_IF_ERROR(stmt.Run());
  }
  if (conn_->Changes() == 1) return Status::Ok();
  SD_ASSIGN_OR_RETURN(auto current, Get(org, kind, id, std::nullopt));
  return Status::Stale(std::string(kind.singular) + " was changed by someone else (now version " +
                       std::to_string(current.version) + "); reload and try again");
}

Result<std::optional<Id>> SqliteTransaction::FindByNaturalKey(Id org, const KindSpec& kind,
                                                              const std::vector<Value>& key) {
  if (kind.natural_key.empty() || key.size() != kind.natural_key.size())
    return Status::Internal("natural key mismatch for " + std::string(kind.name));
  std::string where = " WHERE org_id = ?";
  for (auto f : kind.natural_key) where += " AND " + std::string(f) + " = ?";
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT id FROM " + std::string(kind.name) + where));
  stmt.Bind(1, org);
  for (std::size_t i = 0; i < key.size(); ++i) stmt.Bind(static_cast<int>(i) + 2, key[i]);
  Status status;
  if (stmt.Step(status)) return std::optional<Id>(stmt.Int(0));
  SD_RETURN_IF_ERROR(status);
  return std::optional<Id>();
}

Result<std::vector<std::pair<std::string, Id>>> SqliteTransaction::NaturalKeyIndex(Id org, const KindSpec& kind,
                                                                                   const Visibility& visible) {
  if (kind.natural_key.size() != 1) return Status::Internal("NaturalKeyIndex needs a single-field key");
  Where where{" WHERE org_id = ?", {Value(org)}};
  AddVisibility(kind, org, visible, where);
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare("SELECT " + std::string(kind.natural_key[0]) + ", id FROM " +
                                                std::string(kind.name) + where.sql));
  BindAll(stmt, where.binds);
  std::vector<std::pair<std::string, Id>> out;
  Status status;
  while (stmt.Step(status)) {
    Value v = stmt.Column(0);
    std::string key = std::holds_alternative<std::int64_t>(v) ? std::to_string(std::get<std::int64_t>(v))
                                                               : stmt.Text(0);
    out.emplace_back(std::move(key), stmt.Int(1));
  }
  SD_RETURN_IF_ERROR(status);
  return out;
}

Result<std::int64_t> SqliteTransaction::UpsertMany(Id org, const KindSpec& kind, const std::vector<int>& fields,
                                                   const std::vector<Record>& records) {
  std::string cols = "org_id", params = "?", sets = "version = version + 1";
  for (int fi : fields) {
    const std::string name(kind.fields[fi].name);
    cols += ", " + name;
    params += ", ?";
    bool in_key = false;
    for (auto k : kind.natural_key) in_key |= k == name;
    if (!in_key) sets += ", " + name + " = excluded." + name;
  }
  std::string sql = "INSERT INTO " + std::string(kind.name) + " (" + cols + ") VALUES (" + params + ")";
  if (!kind.natural_key.empty()) {
    std::string key = "org_id";
    for (auto k : kind.natural_key) key += ", " + std::string(k);
    sql += " ON CONFLICT (" + key + ") DO UPDATE SET " + sets;
  }
  SD_ASSIGN_OR_RETURN(auto stmt, conn_->Prepare(sql));
  std::int64_t inserted = 0;
  for (std::size_t n = 0; n < records.size(); ++n) {
    const Record& r = records[n];
    stmt.Bind(1, org);
    for (std::size_t i = 0; i < fields.size(); ++i) stmt.BindNoCopy(static_cast<int>(i) + 2, r.values[fields[i]]);
    // An upsert that updates leaves last_insert_rowid alone; a real insert sets it.
    sqlite3_set_last_insert_rowid(conn_->raw(), 0);
    Status s = stmt.Run();
    stmt.Reset();
    if (!s.ok()) return Status(s.code(), "record " + std::to_string(n + 1) + ": " + s.message(), s.field());
    if (conn_->LastInsertId() != 0) ++inserted;
  }
  return inserted;
}

}  // namespace salesdesk::sqlite
