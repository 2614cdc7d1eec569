// Sign-in, sign-out, the caller's own profile and the health check.
#include "server/flat_json.h"
#include "server/handlers.h"
#include "server/json_writer.h"
#include "server/problem.h"

namespace salesdesk::server {
namespace {

std::string SessionCookie(const std::string& token, std::int64_t max_age, bool secure) {
  std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(max_age);
  if (secure) cookie += "; Secure";
  return cookie;
}

// Writes Me = {"id","email","name","role","locale","time_zone","manager_id","team_id","csrf_token"}.
void WriteMe(JsonWriter& w, const Record& user, const std::string& csrf_token) {
  w.BeginObject();
  w.Key("id").Int(user.id);
  for (std::string_view field : {"email", "name", "role", "locale", "time_zone"}) w.Key(field).String(user.GetText(field));
  for (std::string_view field : {"manager_id", "team_id"}) {
    w.Key(field);
    if (const std::int64_t v = user.GetInt(field)) {
      w.Int(v);
    } else {
      w.Null();
    }
  }
  w.Key("csrf_token").String(csrf_token);
  w.EndObject();
}

struct Credentials {
  std::string email, password;
};

// Reads the members of {"email": "...", "password": "..."}; fails naming the member.
Result<Credentials> ReadCredentials(const std::vector<JsonMember>& members) {
  Credentials c;
  bool has_email = false, has_password = false;
  for (const JsonMember& m : members) {
    const bool email = m.key == "email";
    if (!email && m.key != "password") return Status::Invalid("is not part of a sign-in", m.key);
    if (m.value.type != JsonScalar::Type::kString) return Status::Invalid("must be a string", m.key);
    (email ? c.email : c.password) = m.value.text;
    (email ? has_email : has_password) = true;
  }
  if (!has_email || c.email.empty()) return Status::Invalid("is required", "email");
  if (!has_password || c.password.empty()) return Status::Invalid("is required", "password");
  return c;
}

Result<Record> LoadOwnUser(Services& s, const app::Actor& actor) {
  return s.records.Get(actor, UsersKind(), actor.user_id);
}

}  // namespace

Response HandleHealth(Services&, const Call&) { return JsonResponse(200, R"({"status":"ok"})"); }

Response HandleSignIn(Services& s, const Call& call) {
  auto members = ParseFlatObject(call.request.body());
  if (!members.ok()) return Problem(400, members.status().message(), members.status().field());
  auto credentials = ReadCredentials(*members);
  if (!credentials.ok()) return ProblemFor(credentials.status());
  auto signed_in = s.auth.SignIn(credentials->email, credentials->password);
  if (!signed_in.ok()) return ProblemFor(signed_in.status());
  auto user = LoadOwnUser(s, signed_in->actor);
  if (!user.ok()) return ProblemFor(user.status());
  std::string body;
  JsonWriter w(body);
  w.BeginObject().Key("user");
  WriteMe(w, *user, signed_in->csrf_token);
  w.Key("csrf_token").String(signed_in->csrf_token);
  w.EndObject();
  Response res = JsonResponse(200, std::move(body));
  res.set(http::field::set_cookie,
          SessionCookie(signed_in->token, app::AuthService::kSessionSeconds, s.secure_cookies));
  return res;
}

Response HandleSignOut(Services& s, const Call& call) {
  Status st = s.auth.SignOut(call.token);
  if (!st.ok()) return ProblemFor(st);
  Response res = EmptyResponse(204);
  res.set(http::field::set_cookie, SessionCookie("", 0, s.secure_cookies));
  return res;
}

Response HandleMe(Services& s, const Call& call) {
  auto user = LoadOwnUser(s, call.session->actor);
  if (!user.ok()) return ProblemFor(user.status());
  std::string body;
  JsonWriter w(body);
  WriteMe(w, *user, call.session->csrf_token);
  return JsonResponse(200, std::move(body));
}

}  // namespace salesdesk::server
