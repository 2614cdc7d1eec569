// The record use cases behind /api/v1/<kind> and the CLI: list, get, create, update,
// delete — each checked against the access policy for the acting user, validated field
// by field, and written in one transaction. Denials are audited.
#pragma once

#include <vector>

#include "app/access.h"

namespace salesdesk::app {

class RecordService {
 public:
  explicit RecordService(Store& store) : store_(store) {}

  // Rows of `kind` the actor may read, filtered/sorted/paged by `query` (its `visible`
  // is overwritten from the policy). kPermissionDenied when the role may not read it.
  Result<Page> List(const Actor& actor, const KindSpec& kind, ListQuery query);
  // kNotFound when absent or not visible (never reveals that a hidden row exists).
  Result<Record> Get(const Actor& actor, const KindSpec& kind, Id id);
  // Creates `record`. An empty owner field defaults to the actor. Setting an owner
  // outside the actor's reach, or a reference to a row the actor cannot see, is
  // kPermissionDenied / kInvalidArgument naming the field.
  Result<Record> Create(const Actor& actor, Record record);
  // Changes the fields listed in `changed` (indexes into kind.fields) to the values in
  // `changes`, if the stored version is `expected_version` (else kPreconditionFailed).
  Result<Record> Update(const Actor& actor, const KindSpec& kind, Id id, std::int64_t expected_version,
                        const Record& changes, const std::vector<int>& changed);
  Status Delete(const Actor& actor, const KindSpec& kind, Id id, std::int64_t expected_version);

 private:
  Store& store_;
};

// The organisation's audit log, newest first, for those the policy lets read it
// (administrators); a denial is itself audited.
Result<std::vector<AuditEntry>> ListAuditLog(Store& store, const Actor& actor, std::int64_t limit,
                                            std::int64_t offset);

// Checks that `actor` may write `record` as it would be stored: owner within reach,
// parent (owner_via) within reach, every reference visible. Fills an empty owner with
// the actor. Used by RecordService and the importer.
Status CheckWritable(Transaction& tx, const Actor& actor, Record& record);

// The part of CheckWritable that needs no store: may the actor write this kind at all,
// and is the owner within reach (an empty owner becomes the actor). Validates nothing:
// the importer validates cell by cell and resolves references itself.
Status CheckOwnership(const Actor& actor, Record& record);

// Writes a denial to the audit log in its own transaction (the caller's transaction has
// been rolled back). Returns `denial` so callers can `return AuditDenial(...)`.
Status AuditDenial(Store& store, const Actor& actor, const std::string& action, const std::string& target,
                   const Status& denial);

}  // namespace salesdesk::app
