// The SQLite Transaction: generic record SQL derived from KindSpec, plus the typed
// queries (sign-in, sessions, audit, dashboard). Internal to store/sqlite.
#pragma once

#include <memory>

#include "store/sqlite/sqlite_store.h"

namespace salesdesk::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteStore* store, std::unique_ptr<Connection> conn)
      : store_(store), conn_(std::move(conn)), changes_at_begin_(sqlite3_total_changes64(conn_->raw())) {}
  ~SqliteTransaction() override;

  Result<Page> List(Id org, const KindSpec& kind, const ListQuery& query) override;
  Result<Record> Get(Id org, const KindSpec& kind, Id id, const Visibility& visible) override;
  Result<Record> Insert(Id org, Record record) override;
  Result<Record> Update(Id org, Record record, std::int64_t expected_version) override;
  Status Delete(Id org, const KindSpec& kind, Id id, std::int64_t expected_version) override;
  Result<std::optional<Id>> FindByNaturalKey(Id org, const KindSpec& kind, const std::vector<Value>& key) override;
  Result<std::vector<std::pair<std::string, Id>>> NaturalKeyIndex(Id org, const KindSpec& kind,
                                                                  const Visibility& visible) override;
  Result<std::int64_t> UpsertMany(Id org, const KindSpec& kind, const std::vector<int>& fields,
                                  const std::vector<Record>& records) override;

  Result<Id> CreateOrganisation(const std::string& name, const std::string& currency) override;
  Result<Organisation> GetOrganisation(Id org) override;
  Result<std::vector<Organisation>> ListOrganisations() override;

  Result<std::optional<std::pair<Id, Record>>> FindUserByEmail(const std::string& email) override;
  Result<Credential> GetCredential(Id org, Id user_id) override;
  Status SetPasswordHash(Id org, Id user_id, const std::string& hash) override;
  Status RecordLoginResult(Id org, Id user_id, bool success, std::int64_t locked_until) override;
  Status CreateSession(const SessionRow& session) override;
  Result<std::optional<SessionRow>> FindSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOfUser(Id org, Id user_id) override;
  Result<std::vector<Id>> ReportingTree(Id org, Id manager_id) override;
  Status AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(Id org, std::int64_t limit, std::int64_t offset) override;
  Result<std::vector<MonthFigure>> MonthlySales(Id org, const std::string& from, const std::string& to,
                                                const Visibility& visible) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> SalesByAccountTerritory(
      Id org, const std::string& from, const std::string& to, const Visibility& visible) override;
  Result<std::vector<std::pair<Id, std::int64_t>>> SalesByAccount(Id org, const std::string& from,
                                                                  const std::string& to,
                                                                  const Visibility& visible) override;
  Result<DashboardFigures> Dashboard(Id org, const std::string& from, const std::string& to,
                                     const Visibility& visible) override;

  Status Commit() override;
  // For bulk loads: turn foreign-key enforcement back on when the transaction ends.
  void RestoreForeignKeysAtEnd() { restore_foreign_keys_ = true; }

 private:
  SqliteStore* store_;
  std::unique_ptr<Connection> conn_;
  bool open_ = true;
  bool restore_foreign_keys_ = false;
  std::int64_t changes_at_begin_;  // to tell a rolled-back write from a finished read
};

// "[1,2,3]": a visibility list bound as one parameter and read with json_each().
std::string IdsAsJson(const std::vector<Id>& ids);

}  // namespace salesdesk::sqlite
