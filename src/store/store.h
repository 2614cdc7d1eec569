// The Store interface: everything salesdesk keeps, behind one abstraction that SQLite
// (embedded default) implements today and PostgreSQL can implement later without
// touching app/. Every tenant row is scoped by organisation; every call takes the org.
//
// Work happens in a Transaction: Begin() one, call its methods, Commit(). Destroying an
// uncommitted Transaction rolls it back, so an early return on error writes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/schema.h"
#include "core/status.h"

namespace salesdesk {

// Who may be seen: nullopt = the whole organisation; otherwise the ids of the users whose
// rows are visible (a rep: themselves; a manager: their reporting tree).
using Visibility = std::optional<std::vector<Id>>;

struct Filter {
  std::string field;  // a field of the kind
  Value value;        // equality
};

struct ListQuery {
  std::vector<Filter> filters;
  std::string search;        // substring over the kind's text fields, "" for none
  std::string sort_field;    // "" = by id
  bool descending = false;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
  Visibility visible;
};

struct Page {
  std::vector<Record> records;
  std::int64_t total = 0;
};

// Called with rows done so far during long work; return false to cancel.
using Progress = std::function<bool(std::int64_t done)>;

struct Organisation {
  Id id = 0;
  std::string name;
  std::string currency;  // reporting currency
};

// What a user signs in with; kept apart from the users record so it is never listed.
struct Credential {
  Id user_id = 0;
  Id org_id = 0;
  std::string password_hash;   // argon2id encoded string, "" when none is set
  std::int64_t failed_logins = 0;
  std::int64_t locked_until = 0;  // unix seconds
};

struct SessionRow {
  std::string token_hash;  // hex SHA-256 of the opaque token; the token itself is never stored
  Id user_id = 0;
  Id org_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

struct AuditEntry {
  Id org_id = 0;
  Id actor_id = 0;          // 0 = anonymous or system
  std::string action;       // "sign_in", "denied", "create", "update", "delete", "import"
  std::string target;       // "accounts/42", "session"
  std::string outcome;      // "allowed", "denied", "failed"
  std::string detail;
  std::int64_t at = 0;      // unix seconds
};

// Aggregates for the dashboard over [from, to] (inclusive YYYY-MM-DD).
struct RepFigures {
  Id user_id = 0;
  std::int64_t sales = 0;   // minor units of the org currency
  std::int64_t quota = 0;
};
struct StageFigures {
  std::string key;          // stage or forecast category
  std::int64_t count = 0;
  std::int64_t amount = 0;
};
struct MonthFigure {
  std::string month;        // YYYY-MM
  std::int64_t sales = 0;
};
struct DashboardFigures {
  std::vector<RepFigures> reps;
  std::vector<StageFigures> by_stage;      // open and closed opportunities closing in range
  std::vector<StageFigures> by_category;   // open opportunities only
  std::int64_t won = 0;
  std::int64_t lost = 0;
  std::vector<MonthFigure> trend;
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  // Generic records. Visibility limits what List/Get see; Get of an invisible row is
  // NotFound. Insert/Update/Delete check nothing about who may write: app/ does.
  virtual Result<Page> List(Id org, const KindSpec& kind, const ListQuery& query) = 0;
  virtual Result<Record> Get(Id org, const KindSpec& kind, Id id, const Visibility& visible) = 0;
  // Inserts `record` (id and version are assigned; version starts at 1).
  virtual Result<Record> Insert(Id org, Record record) = 0;
  // Replaces the row with `record.id` if its version equals `expected_version`; the
  // version then increases by one. Stale -> kPreconditionFailed.
  virtual Result<Record> Update(Id org, Record record, std::int64_t expected_version) = 0;
  virtual Status Delete(Id org, const KindSpec& kind, Id id, std::int64_t expected_version) = 0;
  // The id of the row whose natural key (kind.natural_key, in order) has these values.
  virtual Result<std::optional<Id>> FindByNaturalKey(Id org, const KindSpec& kind,
                                                     const std::vector<Value>& key) = 0;
  // Natural key (single-field kinds only) -> id, for every row of the kind in the org
  // within `visible`. Used by imports to resolve references without a query per row.
  virtual Result<std::vector<std::pair<std::string, Id>>> NaturalKeyIndex(Id org, const KindSpec& kind,
                                                                          const Visibility& visible) = 0;
  // Inserts or updates each record by natural key, reusing one prepared statement. Only
  // the fields in `fields` (indexes into kind.fields; must include the natural key) are
  // written; others keep their stored value (or null/default on insert). Returns the
  // number of inserted rows (the rest were updates).
  virtual Result<std::int64_t> UpsertMany(Id org, const KindSpec& kind, const std::vector<int>& fields,
                                          const std::vector<Record>& records) = 0;

  // Organisation.
  virtual Result<Id> CreateOrganisation(const std::string& name, const std::string& currency) = 0;
  virtual Result<Organisation> GetOrganisation(Id org) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;

  // Sign-in. FindUserByEmail returns the user and its organisation.
  virtual Result<std::optional<std::pair<Id, Record>>> FindUserByEmail(const std::string& email) = 0;
  virtual Result<Credential> GetCredential(Id org, Id user_id) = 0;
  virtual Status SetPasswordHash(Id org, Id user_id, const std::string& hash) = 0;
  virtual Status RecordLoginResult(Id org, Id user_id, bool success, std::int64_t locked_until) = 0;
  virtual Status CreateSession(const SessionRow& session) = 0;
  virtual Result<std::optional<SessionRow>> FindSession(const std::string& token_hash) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOfUser(Id org, Id user_id) = 0;

  // Everyone who reports to `manager_id`, directly or not (not including them).
  virtual Result<std::vector<Id>> ReportingTree(Id org, Id manager_id) = 0;

  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(Id org, std::int64_t limit, std::int64_t offset) = 0;

  virtual Result<DashboardFigures> Dashboard(Id org, const std::string& from, const std::string& to,
                                             const Visibility& visible) = 0;

  // Sales per month (YYYY-MM, ascending) in the organisation's currency over the days
  // [from, to] (YYYY-MM-DD), counting the visible reps' sales lines; months without sales
  // are absent. The history the forecasting engine works on.
  virtual Result<std::vector<MonthFigure>> MonthlySales(Id org, const std::string& from, const std::string& to,
                                                        const Visibility& visible) = 0;

  // Sales in the organisation's currency over the days [from, to] by the `territory`
  // field of each line's account (lines of accounts without a territory under ""),
  // counting the visible reps' lines. For market-factor analysis.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> SalesByAccountTerritory(
      Id org, const std::string& from, const std::string& to, const Visibility& visible) = 0;

  // Sales in the organisation's currency over [from, to] per account (account id,
  // amount), largest first, counting the visible reps' lines.
  virtual Result<std::vector<std::pair<Id, std::int64_t>>> SalesByAccount(Id org, const std::string& from,
                                                                          const std::string& to,
                                                                          const Visibility& visible) = 0;

  virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Starts a transaction. A write transaction takes the write lock at once (so two
  // writers never deadlock on upgrade); reads see one consistent snapshot.
  // Thread-safe: each thread may hold its own transactions.
  virtual Result<std::unique_ptr<Transaction>> Begin(bool write) = 0;
  // A write transaction for bulk loads whose caller has resolved every reference itself
  // inside this transaction (so they cannot vanish): the store may skip its per-row
  // foreign-key probes. Everything else is as Begin(true).
  virtual Result<std::unique_ptr<Transaction>> BeginBulkLoad() = 0;
  // A number that changes whenever a write is committed to the database, through this
  // store or any other connection or process, and stays the same otherwise. Callers
  // keep results derived from the data (a signed-in session, a rendered page) while it
  // holds. Cheap (no transaction of the caller's); thread-safe.
  virtual Result<std::uint64_t> DataGeneration() = 0;
};

// Opens (creating and migrating if needed) the SQLite database at `path`.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace salesdesk
