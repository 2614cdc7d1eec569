// GET/POST /api/v1/{kind} and GET/PATCH/DELETE /api/v1/{kind}/{id}.
#include "server/handlers.h"
#include "server/problem.h"
#include "server/query.h"
#include "server/record_json.h"

namespace salesdesk::server {
namespace {

// 400 for a request the server could not read at all; the Status names the part at fault.
std::string ETag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

Response RecordResponse(unsigned status, const Record& record) {
  Response res = JsonResponse(status, RecordJson(record));
  res.set(http::field::etag, ETag(record.version));
  return res;
}

// The If-Match version of a PATCH or DELETE: 428 when missing, 400 when unreadable.
Result<std::int64_t> RequiredVersion(const Request& req, Response& error) {
  auto version = IfMatchVersion(req);
  if (!version) {
    error = Problem(428, "send If-Match with the version you last read (the ETag of GET)", "If-Match");
    return Status::Invalid("missing", "If-Match");
  }
  if (*version < 0) {
    error = Problem(400, "If-Match must be a version such as \"3\"", "If-Match");
    return Status::Invalid("malformed", "If-Match");
  }
  return *version;
}

// Decodes the body of a POST or PATCH into changes. `stored_currency` is read lazily:
// only a PATCH that sends money without a currency needs the stored row.
template <typename StoredCurrency>
Result<RecordChanges> ReadBody(const Call& call, Response& error, StoredCurrency stored_currency) {
  auto members = ParseFlatObject(call.request.body());
  if (!members.ok()) {
    error = BadRequest(members.status());
    return members.status();
  }
  std::string currency;
  if (NeedsStoredCurrency(*call.route.kind, *members)) {
    auto c = stored_currency();
    if (!c.ok()) {
      error = ProblemFor(c.status());
      return c.status();
    }
    currency = std::move(c).value();
  }
  auto changes = DecodeRecord(*call.route.kind, *members, currency);
  if (!changes.ok()) error = ProblemFor(changes.status());
  return changes;
}

}  // namespace

Response HandleList(Services& s, const Call& call) {
  const KindSpec& kind = *call.route.kind;
  // The page depends only on who asks, what they ask and the data: remembered per data
  // generation, so a repeated read skips the store and the JSON writer.
  const std::string key = std::to_string(call.session->actor.user_id) + '\n' + std::string(call.path) + '?' +
                          std::string(call.query);
  if (auto body = s.lists.Find(key, call.session->generation)) return JsonResponse(200, *body);
  auto params = ParseQuery(call.query);
  if (!params.ok()) return BadRequest(params.status());
  auto query = ParseListQuery(kind, *params);
  if (!query.ok()) return BadRequest(query.status());
  const std::int64_t limit = query->limit, offset = query->offset;
  auto page = s.records.List(call.session->actor, kind, std::move(query).value());
  if (!page.ok()) return ProblemFor(page.status());
  std::string body;
  body.reserve(64 + page->records.size() * 320);
  JsonWriter w(body);
  w.BeginObject().Key("items").BeginArray();
  for (const Record& r : page->records) WriteRecord(w, r);
  w.EndArray();
  w.Key("total").Int(page->total).Key("limit").Int(limit).Key("offset").Int(offset);
  w.EndObject();
  auto shared = std::make_shared<const std::string>(std::move(body));
  s.lists.Put(key, call.session->generation, shared);
  return JsonResponse(200, *shared);
}

Response HandleGet(Services& s, const Call& call) {
  auto record = s.records.Get(call.session->actor, *call.route.kind, call.id);
  if (!record.ok()) return ProblemFor(record.status());
  return RecordResponse(200, *record);
}

Response HandleCreate(Services& s, const Call& call) {
  Response error;
  auto changes = ReadBody(call, error, []() -> Result<std::string> { return std::string(); });
  if (!changes.ok()) return error;
  auto created = s.records.Create(call.session->actor, std::move(changes->record));
  if (!created.ok()) return ProblemFor(created.status());
  Response res = RecordResponse(201, *created);
  res.set(http::field::location, std::string(call.path) + "/" + std::to_string(created->id));
  return res;
}

Response HandleUpdate(Services& s, const Call& call) {
  Response error;
  auto version = RequiredVersion(call.request, error);
  if (!version.ok()) return error;
  const KindSpec& kind = *call.route.kind;
  auto changes = ReadBody(call, error, [&]() -> Result<std::string> {
    SD_ASSIGN_OR_RETURN(Record stored, s.records.Get(call.session->actor, kind, call.id));
    return stored.GetText("currency");
  });
  if (!changes.ok()) return error;
  auto updated = s.records.Update(call.session->actor, kind, call.id, *version, changes->record, changes->changed);
  if (!updated.ok()) return ProblemFor(updated.status());
  return RecordResponse(200, *updated);
}

Response HandleDelete(Services& s, const Call& call) {
  Response error;
  auto version = RequiredVersion(call.request, error);
  if (!version.ok()) return error;
  Status st = s.records.Delete(call.session->actor, *call.route.kind, call.id, *version);
  if (!st.ok()) return ProblemFor(st);
  return EmptyResponse(204);
}

}  // namespace salesdesk::server
