#include "app/import_export.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "app/records.h"
#include "core/money.h"
#include "io/csv.h"

namespace salesdesk::app {
namespace {

constexpr std::size_t kChunk = 5000;  // rows per UpsertMany call

// Hashes std::string and std::string_view alike, so lookups need no temporary string.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using KeyIndex = std::unordered_map<std::string, Id, TextHash, std::equal_to<>>;

// How one CSV column maps onto the kind: the field it fills, and for references the
// natural key -> id map of the referenced kind (rows the actor may see only).
struct ColumnPlan {
  int field = -1;
  KeyIndex* refs = nullptr;
};

struct Plan {
  std::vector<ColumnPlan> columns;  // parallel to the header
  std::vector<int> fields;          // the fields the file writes, for UpsertMany
  int currency_column = -1;
  std::unordered_map<std::string, KeyIndex> ref_maps;  // by kind
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<Value> ParseCell(const FieldSpec& f, std::string_view raw, std::string_view currency, const ColumnPlan& col) {
  std::string_view cell = f.type == FieldType::kText ? raw : Trim(raw);
  if (cell.empty()) return Value();
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kCurrency:
    case FieldType::kDate:
    case FieldType::kPeriod:
    case FieldType::kTimestamp:
    case FieldType::kEnum:
      return Value(std::string(cell));
    case FieldType::kInteger: {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec != std::errc() || p != cell.data() + cell.size()) return Status::Invalid("'" + std::string(cell) + "' is not a whole number");
      return Value(v);
    }
    case FieldType::kReal: {
      double v = 0;
      auto [p, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec != std::errc() || p != cell.data() + cell.size() || !std::isfinite(v))
        return Status::Invalid("'" + std::string(cell) + "' is not a number");
      return Value(v);
    }
    case FieldType::kMoney: {
      if (!IsCurrencyCode(currency)) return Status::Invalid("needs a valid currency in the currency column");
      auto m = ParseMoney(cell, currency);
      if (!m.ok()) return m.status();
      return Value(*m);
    }
    case FieldType::kBool:
      if (cell == "1" || cell == "true" || cell == "yes") return Value(std::int64_t{1});
      if (cell == "0" || cell == "false" || cell == "no") return Value(std::int64_t{0});
      return Status::Invalid("'" + std::string(cell) + "' is not true or false");
    case FieldType::kRef: {
      auto it = col.refs->find(cell);
      if (it == col.refs->end())
        return Status::Invalid("no " + std::string(FindKind(f.ref_kind)->singular) + " '" + std::string(cell) +
                               "' that you can see");
      return Value(it->second);
    }
  }
  return Status::Internal("unknown field type");
}

// Maps the header onto fields; rejects missing required columns and server-set columns.
Status MakePlan(Transaction& tx, const Actor& actor, const KindSpec& kind, const std::vector<std::string>& header,
                Plan& plan, ImportReport& report) {
  std::unordered_set<std::string> seen;
  for (const auto& raw : header) {
    std::string name(Trim(raw));
    ColumnPlan col;
    if (!seen.insert(name).second) return Status::Invalid("column appears twice", name);
    if (name == "id" || name == "org_id" || name == "version")
      return Status::Invalid("is set by salesdesk and may not be imported", name);
    for (std::size_t i = 0; i < kind.fields.size(); ++i)
      if (kind.fields[i].csv_column == name) col.field = static_cast<int>(i);
    if (col.field < 0) {
      report.warnings.push_back("column '" + name + "' is not part of the " + std::string(kind.name) +
                                " layout and was ignored");
    } else {
      const FieldSpec& f = kind.fields[col.field];
      plan.fields.push_back(col.field);
      if (f.type == FieldType::kCurrency) plan.currency_column = static_cast<int>(plan.columns.size());
      if (f.type == FieldType::kRef) {
        const KindSpec* target = FindKind(f.ref_kind);
        auto [it, fresh] = plan.ref_maps.try_emplace(std::string(target->name));
        if (fresh) {
          const bool owned = !target->owner_field.empty() || !target->owner_via.empty();
          // Owners are checked row by row (CheckOwner); a parent that owns the row must be
          // one the actor may change; any other reference one the actor may see.
          const Permission perm = PermissionFor(actor.role, target->name);
          Visibility visible = owned && f.name != kind.owner_field
                                   ? actor.VisibleFor(f.name == kind.owner_via ? perm.write : perm.read)
                                   : std::nullopt;
          SD_ASSIGN_OR_RETURN(auto index, tx.NaturalKeyIndex(actor.org_id, *target, visible));
          it->second.reserve(index.size());
          for (auto& [key, id] : index) it->second.emplace(std::move(key), id);
        }
        col.refs = &it->second;
      }
    }
    plan.columns.push_back(col);
  }
  for (const auto& f : kind.fields) {
    bool present = false;
    for (int fi : plan.fields) present |= kind.fields[fi].name == f.name;
    const bool owner = f.name == kind.owner_field;
    if (f.required && !present && !owner) return Status::Invalid("required column is missing", std::string(f.csv_column));
  }
  // A rep or manager who leaves the owner out owns what they import.
  const int owner = kind.owner_field.empty() || kind.owner_field == "id" ? -1 : kind.FieldIndex(kind.owner_field);
  if (owner >= 0 && PermissionFor(actor.role, kind.name).write != Reach::kOrg &&
      std::find(plan.fields.begin(), plan.fields.end(), owner) == plan.fields.end())
    plan.fields.push_back(owner);
  return Status::Ok();
}

// A 64-bit fingerprint of the row's natural key (FNV-1a over the values). Two different
// keys share one with probability ~n²/2^65 (3e-8 for a million rows); such a pair would
// be reported as a repeated key, never silently merged.
std::uint64_t KeyHash(const KindSpec& kind, const Record& r) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* data, std::size_t n) {
    auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  };
  for (auto k : kind.natural_key) {
    const Value& v = r.Get(k);
    if (auto* s = std::get_if<std::string>(&v)) mix(s->data(), s->size());
    else if (auto* i = std::get_if<std::int64_t>(&v)) mix(i, sizeof *i);
    mix("\x1f", 1);
  }
  return h;
}

// Reports every row whose natural key an earlier row of the file already had. Sorting
// fingerprints once is much cheaper than a hash set probed per row on large files.
template <typename Fail>
void ReportRepeatedKeys(const KindSpec& kind, std::vector<std::pair<std::uint64_t, std::int64_t>>& keys, Fail&& fail) {
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (keys[i].first != keys[i - 1].first) continue;
    std::size_t first = i - 1;
    while (first > 0 && keys[first - 1].first == keys[i].first) --first;
    fail(keys[i].second, std::string(kind.Field(kind.natural_key[0])->csv_column),
         "repeats the key of line " + std::to_string(keys[first].second));
  }
}

// A reference to a row of the same kind (a user's manager, a team's parent) that is not
// in the database yet. Such references are resolved after the file's rows are written,
// so a file may refer to its own rows in any order.
struct SelfReference {
  Record record;  // the row as written, with the reference still empty
  int field = -1;
  std::string key;
  std::int64_t line = 0;
};

bool IsSelfReference(const KindSpec& kind, const FieldSpec& f) {
  return f.type == FieldType::kRef && f.ref_kind == kind.name;
}

// Resolves `pending` against the kind's rows as now written and writes them again with
// the reference filled. Keys found nowhere are reported through `fail`.
template <typename Fail>
Status ResolveSelfReferences(Transaction& tx, Id org, const KindSpec& kind, const std::vector<int>& fields,
                             std::vector<SelfReference>& pending, const std::unordered_set<std::string>& file_keys,
                             bool write, Fail&& fail) {
  if (pending.empty()) return Status::Ok();
  for (const auto& p : pending) {
    if (!file_keys.count(p.key))
      fail(p.line, std::string(kind.fields[p.field].csv_column),
           "no " + std::string(kind.singular) + " '" + p.key + "' in salesdesk or in this file");
    else if (p.key == p.record.GetText(kind.natural_key[0]))
      fail(p.line, std::string(kind.fields[p.field].csv_column), "may not refer to the row itself");
  }
  if (!write) return Status::Ok();
  SD_ASSIGN_OR_RETURN(auto index, tx.NaturalKeyIndex(org, kind, std::nullopt));
  std::unordered_map<std::string, Id> ids(index.begin(), index.end());
  std::vector<Record> rows;
  for (auto& p : pending) {
    p.record.values[p.field] = ids.at(p.key);
    rows.push_back(std::move(p.record));
  }
  return tx.UpsertMany(org, kind, fields, rows).status();
}

}  // namespace

std::vector<std::string> CsvColumns(const KindSpec& kind) {
  std::vector<std::string> out;
  for (const auto& f : kind.fields)
    if (!f.csv_column.empty()) out.emplace_back(f.csv_column);
  return out;
}

Result<ImportReport> ImportService::Import(const Actor& actor, const KindSpec& kind, std::string_view bytes,
                                           const Progress& progress) {
  if (PermissionFor(actor.role, kind.name).write == Reach::kNone)
    return AuditDenial(store_, actor, "import", std::string(kind.name),
                       Status::Denied("you may not import " + std::string(kind.name)));
  ImportReport report;
  auto fail = [&](std::int64_t line, std::string column, std::string reason) {
    ++report.error_count;
    if (report.errors.size() < ImportReport::kMaxErrors) report.errors.push_back({line, std::move(column), std::move(reason)});
  };
  auto text = io::DecodeToUtf8(bytes, io::DetectEncoding(bytes));
  if (!text.ok()) {
    fail(0, "", text.status().message());
    return report;
  }
  io::CsvReader reader(*text, io::DetectDelimiter(*text));
  io::CsvRow row;
  if (!reader.Next(row)) {
    fail(1, "", reader.status().ok() ? "the file is empty: expected a header row" : reader.status().message());
    return report;
  }
  // Every reference is resolved below from this transaction's own snapshot, under the
  // write lock, so the store's per-row foreign-key probes would only repeat that work.
  SD_ASSIGN_OR_RETURN(auto tx, store_.BeginBulkLoad());
  Plan plan;
  Status header = MakePlan(*tx, actor, kind, row.fields, plan, report);
  if (!header.ok()) {
    if (header.code() != StatusCode::kInvalidArgument) return header;
    fail(1, header.field(), header.message());
    return report;
  }
  std::vector<std::pair<std::uint64_t, std::int64_t>> keys;  // (natural key fingerprint, line)
  std::vector<Record> chunk;
  chunk.reserve(kChunk);
  auto flush = [&]() -> Status {
    if (chunk.empty() || report.error_count) return Status::Ok();
    SD_ASSIGN_OR_RETURN(std::int64_t inserted, tx->UpsertMany(actor.org_id, kind, plan.fields, chunk));
    report.inserted += inserted;
    report.updated += static_cast<std::int64_t>(chunk.size()) - inserted;
    chunk.clear();
    return Status::Ok();
  };
  std::vector<SelfReference> self_refs;
  std::unordered_set<std::string> file_keys;  // natural keys in this file, for self-references
  bool has_self_refs = false;
  for (const auto& col : plan.columns) has_self_refs |= col.field >= 0 && IsSelfReference(kind, kind.fields[col.field]);
  while (reader.Next(row)) {
    ++report.rows;
    Record r(&kind);
    bool row_ok = true;
    std::vector<std::pair<int, std::string>> row_self_refs;
    const std::string currency =
        plan.currency_column >= 0 && plan.currency_column < static_cast<int>(row.fields.size())
            ? std::string(Trim(row.fields[plan.currency_column])) : std::string();
    if (row.fields.size() != plan.columns.size()) {
      fail(row.line, "", "has " + std::to_string(row.fields.size()) + " fields; the header has " +
                             std::to_string(plan.columns.size()));
      continue;
    }
    for (std::size_t c = 0; c < plan.columns.size(); ++c) {
      const ColumnPlan& col = plan.columns[c];
      if (col.field < 0) continue;
      const FieldSpec& f = kind.fields[col.field];
      if (IsSelfReference(kind, f)) {
        std::string_view cell = Trim(row.fields[c]);
        if (!cell.empty() && col.refs->find(cell) == col.refs->end()) {
          row_self_refs.emplace_back(col.field, std::string(cell));
          continue;
        }
      }
      auto v = ParseCell(f, row.fields[c], currency, col);
      Status s = v.ok() ? ValidateValue(f, *v) : v.status();
      if (!s.ok()) {
        fail(row.line, std::string(f.csv_column), s.message());
        row_ok = false;
        continue;
      }
      r.values[col.field] = std::move(v).value();
    }
    if (!row_ok) continue;
    // Each cell passed ValidateValue and references were resolved within reach above.
    Status w = CheckOwnership(actor, r);
    if (w.ok()) w = ValidateKindRules(r);
    if (!w.ok()) {
      if (w.code() != StatusCode::kInvalidArgument && w.code() != StatusCode::kPermissionDenied) return w;
      const FieldSpec* f = kind.Field(w.field());
      fail(row.line, f ? std::string(f->csv_column) : w.field(), w.message());
      continue;
    }
    if (!kind.natural_key.empty()) {
      keys.emplace_back(KeyHash(kind, r), row.line);
    }
    if (has_self_refs) {
      file_keys.insert(r.GetText(kind.natural_key[0]));
      for (auto& [field, key] : row_self_refs) self_refs.push_back({r, field, std::move(key), row.line});
    }
    chunk.push_back(std::move(r));
    if (chunk.size() == kChunk) SD_RETURN_IF_ERROR(flush());
    if (progress && report.rows % 10000 == 0 && !progress(report.rows))
      return Status(StatusCode::kCancelled, "import cancelled; nothing was written");
  }
  if (!reader.status().ok()) fail(0, "", reader.status().message());
  ReportRepeatedKeys(kind, keys, fail);
  SD_RETURN_IF_ERROR(ResolveSelfReferences(*tx, actor.org_id, kind, plan.fields, self_refs, file_keys,
                                           /*write=*/false, fail));
  if (report.error_count) {  // the transaction rolls back
    std::stable_sort(report.errors.begin(), report.errors.end(),
                     [](const RowError& a, const RowError& b) { return a.line < b.line; });
    return report;
  }
  SD_RETURN_IF_ERROR(flush());
  SD_RETURN_IF_ERROR(ResolveSelfReferences(*tx, actor.org_id, kind, plan.fields, self_refs, file_keys,
                                           /*write=*/true, fail));
  SD_RETURN_IF_ERROR(Audit(*tx, actor, "import", std::string(kind.name), "allowed",
                           std::to_string(report.inserted) + " inserted, " + std::to_string(report.updated) + " updated"));
  SD_RETURN_IF_ERROR(tx->Commit());
  if (progress) progress(report.rows);
  return report;
}

}  // namespace salesdesk::app

namespace salesdesk::app {
namespace {

// The natural key of the row `id` refers to, for writing references in export files.
using KeyNames = std::unordered_map<Id, std::string>;

Result<KeyNames> KeyNamesOf(Transaction& tx, Id org, const KindSpec& kind) {
  SD_ASSIGN_OR_RETURN(auto index, tx.NaturalKeyIndex(org, kind, std::nullopt));
  KeyNames names;
  for (auto& [key, id] : index) names.emplace(id, std::move(key));
  return names;
}

std::string CellText(const FieldSpec& f, const Value& v, const Record& r, const KeyNames* names) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (f.type == FieldType::kRef) {
    auto it = names->find(std::get<std::int64_t>(v));
    return it == names->end() ? "" : it->second;
  }
  if (f.type == FieldType::kMoney) return FormatMoney(std::get<std::int64_t>(v), r.GetText("currency"));
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, p);
  }
  return std::get<std::string>(v);
}

}  // namespace

Result<std::string> ImportService::Export(const Actor& actor, const KindSpec& kind) {
  const Reach read = PermissionFor(actor.role, kind.name).read;
  if (read == Reach::kNone)
    return AuditDenial(store_, actor, "export", std::string(kind.name),
                       Status::Denied("you may not export " + std::string(kind.name)));
  SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(false));
  std::unordered_map<std::string_view, KeyNames> names;
  for (const auto& f : kind.fields)
    if (f.type == FieldType::kRef && !names.count(f.ref_kind)) {
      SD_ASSIGN_OR_RETURN(names[f.ref_kind], KeyNamesOf(*tx, actor.org_id, *FindKind(f.ref_kind)));
    }
  std::string out;
  io::CsvWriter w(&out);
  for (const auto& c : CsvColumns(kind)) w.Field(c);
  w.EndRow();
  ListQuery q;
  q.visible = actor.VisibleFor(read);
  q.limit = 5000;
  for (q.offset = 0;; q.offset += q.limit) {
    SD_ASSIGN_OR_RETURN(Page page, tx->List(actor.org_id, kind, q));
    for (const Record& r : page.records) {
      for (std::size_t i = 0; i < kind.fields.size(); ++i) {
        const FieldSpec& f = kind.fields[i];
        if (f.csv_column.empty()) continue;
        const bool number = f.type == FieldType::kMoney || f.type == FieldType::kReal || f.type == FieldType::kInteger;
        w.Field(CellText(f, r.values[i], r, f.type == FieldType::kRef ? &names[f.ref_kind] : nullptr), number);
      }
      w.EndRow();
    }
    if (static_cast<std::int64_t>(page.records.size()) < q.limit) break;
  }
  return out;
}

}  // namespace salesdesk::app
