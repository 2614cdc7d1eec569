#include "app/records.h"

#include "core/dates.h"

namespace salesdesk::app {
namespace {

std::string Target(const KindSpec& kind, Id id) { return std::string(kind.name) + "/" + std::to_string(id); }

bool IsOwnedKind(const KindSpec& kind) { return !kind.owner_field.empty() || !kind.owner_via.empty(); }

// The reach with which `actor` may see rows of the kind named `name`.
Reach ReadReach(const Actor& actor, std::string_view name) { return PermissionFor(actor.role, name).read; }

Status CheckOwner(const Actor& actor, Reach write, Record& record) {
  const KindSpec& kind = *record.kind;
  if (kind.owner_field.empty() || kind.owner_field == "id") return Status::Ok();
  const std::string field(kind.owner_field);
  if (std::holds_alternative<std::monostate>(record.Get(field))) {
    if (write != Reach::kOrg) record.Set(field, actor.user_id);
    return Status::Ok();
  }
  Id owner = record.GetInt(field);
  if (actor.Reaches(write, owner)) return Status::Ok();
  return Status::Denied(write == Reach::kOwn ? "you may only assign records to yourself"
                                             : "you may only assign records to people in your team",
                        field);
}

// Every reference must point at a row that exists and that the actor may see; the
// parent a row is owned through (owner_via) must be one the actor may change.
Status CheckReferences(Transaction& tx, const Actor& actor, Reach write, const Record& record) {
  const KindSpec& kind = *record.kind;
  for (std::size_t i = 0; i < kind.fields.size(); ++i) {
    const FieldSpec& f = kind.fields[i];
    if (f.type != FieldType::kRef || !std::holds_alternative<std::int64_t>(record.values[i])) continue;
    const KindSpec* target = FindKind(f.ref_kind);
    Id id = std::get<std::int64_t>(record.values[i]);
    if (target == &kind && id == record.id && id != 0)
      return Status::Invalid("may not refer to the record itself", std::string(f.name));
    const bool via = f.name == kind.owner_via;
    Visibility visible;
    if (f.name == kind.owner_field || !IsOwnedKind(*target)) {
      visible = std::nullopt;  // owner reach is checked by CheckOwner; org-wide kinds are public
    } else {
      visible = actor.VisibleFor(via ? write : ReadReach(actor, target->name));
    }
    auto found = tx.Get(actor.org_id, *target, id, visible);
    if (found.status().code() == StatusCode::kNotFound)
      return Status::Invalid("no " + std::string(target->singular) + " " + std::to_string(id) +
                                 (via ? " that you may change" : " that you can see"),
                             std::string(f.name));
    if (!found.ok()) return found.status();
  }
  return Status::Ok();
}

}  // namespace

Status CheckOwnership(const Actor& actor, Record& record) {
  const Reach write = PermissionFor(actor.role, record.kind->name).write;
  if (write == Reach::kNone) return Status::Denied("you may not change " + std::string(record.kind->name));
  return CheckOwner(actor, write, record);
}

Status CheckWritable(Transaction& tx, const Actor& actor, Record& record) {
  SD_RETURN_IF_ERROR(CheckOwnership(actor, record));
  SD_RETURN_IF_ERROR(ValidateRecord(record));
  return CheckReferences(tx, actor, PermissionFor(actor.role, record.kind->name).write, record);
}

Status AuditDenial(Store& store, const Actor& actor, const std::string& action, const std::string& target,
                   const Status& denial) {
  auto tx = store.Begin(true);
  if (tx.ok()) {
    Status s = Audit(**tx, actor, action, target, "denied", denial.ToString());
    if (s.ok()) s = (*tx)->Commit();
    if (!s.ok()) return s;
  } else {
    return tx.status();
  }
  return denial;
}

Result<std::vector<AuditEntry>> ListAuditLog(Store& store, const Actor& actor, std::int64_t limit,
                                            std::int64_t offset) {
  if (PermissionFor(actor.role, "audit").read == Reach::kNone)
    return AuditDenial(store, actor, "list", "audit", Status::Denied("only administrators may read the audit log"));
  SD_ASSIGN_OR_RETURN(auto tx, store.Begin(false));
  return tx->ListAudit(actor.org_id, limit, offset);
}

Result<Page> RecordService::List(const Actor& actor, const KindSpec& kind, ListQuery query) {
  const Reach read = ReadReach(actor, kind.name);
  if (read == Reach::kNone) {
    return AuditDenial(store_, actor, "list", std::string(kind.name),
                       Status::Denied("you may not see " + std::string(kind.name)));
  }
  query.visible = actor.VisibleFor(read);
  SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(false));
  return tx->List(actor.org_id, kind, query);
}

Result<Record> RecordService::Get(const Actor& actor, const KindSpec& kind, Id id) {
  const Reach read = ReadReach(actor, kind.name);
  if (read == Reach::kNone) {
    return AuditDenial(store_, actor, "get", Target(kind, id),
                       Status::NotFound(std::string(kind.singular) + " " + std::to_string(id) + " not found"));
  }
  SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(false));
  return tx->Get(actor.org_id, kind, id, actor.VisibleFor(read));
}

Result<Record> RecordService::Create(const Actor& actor, Record record) {
  const KindSpec& kind = *record.kind;
  Status denial;
  {
    SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(true));
    record.id = 0;
    Status s = CheckWritable(*tx, actor, record);
    if (s.ok()) {
      auto created = tx->Insert(actor.org_id, record);
      if (!created.ok()) return created.status();
      SD_RETURN_IF_ERROR(Audit(*tx, actor, "create", Target(kind, created->id), "allowed"));
      SD_RETURN_IF_ERROR(tx->Commit());
      return created;
    }
    if (s.code() != StatusCode::kPermissionDenied) return s;
    denial = s;
  }
  return AuditDenial(store_, actor, "create", std::string(kind.name), denial);
}

Result<Record> RecordService::Update(const Actor& actor, const KindSpec& kind, Id id, std::int64_t expected_version,
                                     const Record& changes, const std::vector<int>& changed) {
  Status denial;
  {
    SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(true));
    SD_ASSIGN_OR_RETURN(Record current, tx->Get(actor.org_id, kind, id, actor.VisibleFor(ReadReach(actor, kind.name))));
    const Reach write = PermissionFor(actor.role, kind.name).write;
    Status s;
    if (IsOwnedKind(kind) && kind.owner_field != "" && kind.owner_field != "id" &&
        !std::holds_alternative<std::monostate>(current.Get(kind.owner_field)) &&
        !actor.Reaches(write, current.GetInt(kind.owner_field))) {
      s = Status::Denied("you may not change this " + std::string(kind.singular));
    }
    if (s.ok() && write != Reach::kOrg && kind.owner_field == "id") s = Status::Denied("you may not change users");
    if (s.ok() && write != Reach::kOrg && !kind.owner_field.empty() &&
        std::holds_alternative<std::monostate>(current.Get(kind.owner_field)))
      s = Status::Denied("you may not change an unassigned " + std::string(kind.singular));
    Record next = current;
    for (int i : changed) next.values[i] = changes.values[i];
    if (s.ok()) s = CheckWritable(*tx, actor, next);
    if (s.ok()) {
      SD_ASSIGN_OR_RETURN(Record updated, tx->Update(actor.org_id, next, expected_version));
      if (&kind == &UsersKind()) SD_RETURN_IF_ERROR(tx->DeleteSessionsOfUser(actor.org_id, id));
      SD_RETURN_IF_ERROR(Audit(*tx, actor, "update", Target(kind, id), "allowed"));
      SD_RETURN_IF_ERROR(tx->Commit());
      return updated;
    }
    if (s.code() != StatusCode::kPermissionDenied) return s;
    denial = s;
  }
  return AuditDenial(store_, actor, "update", Target(kind, id), denial);
}

Status RecordService::Delete(const Actor& actor, const KindSpec& kind, Id id, std::int64_t expected_version) {
  Status denial;
  {
    SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(true));
    SD_ASSIGN_OR_RETURN(Record current, tx->Get(actor.org_id, kind, id, actor.VisibleFor(ReadReach(actor, kind.name))));
    Record probe = current;
    Status s = CheckWritable(*tx, actor, probe);
    if (s.ok() && !kind.owner_field.empty() && kind.owner_field != "id" &&
        std::holds_alternative<std::monostate>(current.Get(kind.owner_field)) &&
        PermissionFor(actor.role, kind.name).write != Reach::kOrg)
      s = Status::Denied("you may not delete an unassigned " + std::string(kind.singular));
    if (s.ok()) {
      SD_RETURN_IF_ERROR(tx->Delete(actor.org_id, kind, id, expected_version));
      SD_RETURN_IF_ERROR(Audit(*tx, actor, "delete", Target(kind, id), "allowed"));
      return tx->Commit();
    }
    if (s.code() != StatusCode::kPermissionDenied) return s;
    denial = s;
  }
  return AuditDenial(store_, actor, "delete", Target(kind, id), denial);
}

}  // namespace salesdesk::app
