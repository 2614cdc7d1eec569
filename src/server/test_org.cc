#include "server/test_org.h"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <filesystem>

#include "app/admin.h"
#include "app/auth.h"
#include "app/import_export.h"
#include "core/dates.h"
#include "core/money.h"
#include "server/json_writer.h"

namespace salesdesk::server::testing {
namespace {

std::string TempDbPath() {
  static std::atomic<int> n{0};
  auto dir = std::filesystem::temp_directory_path();
  return (dir / ("sd-server-test-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".db")).string();
}

std::string NumberText(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

TestOrg::TestOrg() : path_(TempDbPath()) {
  store_ = Must(OpenSqliteStore(path_), "open store");
  org_ = Must(app::DefaultOrganisation(*store_), "organisation");
  config_.web_root = "";
  config_.handle_signals = false;
  config_.access_log = false;
  admin = AddUser("admin@example.com", Role::kAdmin, nullptr);
  exec = AddUser("exec@example.com", Role::kExecutive, nullptr);
  m1 = AddUser("m1@example.com", Role::kManager, nullptr);
  m2 = AddUser("m2@example.com", Role::kManager, &m1);
  m3 = AddUser("m3@example.com", Role::kManager, nullptr);
  r1a = AddUser("r1a@example.com", Role::kRep, &m1);
  r1b = AddUser("r1b@example.com", Role::kRep, &m1);
  r2a = AddUser("r2a@example.com", Role::kRep, &m2);
  r2b = AddUser("r2b@example.com", Role::kRep, &m2);
  r3 = AddUser("r3@example.com", Role::kRep, &m3);
  team1 = AddTeam("North", m1.id);
  team2 = AddTeam("North-East", m2.id);
  team3 = AddTeam("South", m3.id);
  for (const Person* p : {&m1, &r1a, &r1b}) SetTeam(p->id, team1);
  for (const Person* p : {&m2, &r2a, &r2b}) SetTeam(p->id, team2);
  for (const Person* p : {&m3, &r3}) SetTeam(p->id, team3);
  product = Insert(ProductsKind(), std::nullopt).id;
}

TestOrg::~TestOrg() {
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
}

Person TestOrg::AddUser(const std::string& email, Role role, const Person* manager) {
  app::NewUser u;
  u.email = email;
  u.name = email.substr(0, email.find('@'));
  u.role = std::string(RoleName(role));
  u.manager_email = manager ? manager->email : "";
  u.password = kPassword;
  Id id = Must(app::AddUser(*store_, u), "add user");
  return {id, email, role, manager ? manager->id : 0};
}

Person TestOrg::AddPerson(Role role, Id manager) {
  Record user(&UsersKind());
  const std::string email = "person" + std::to_string(++counter_) + "@example.com";
  user.Set("email", email);
  user.Set("name", "Person " + std::to_string(counter_));
  user.Set("role", std::string(RoleName(role)));
  if (manager) user.Set("manager_id", manager);
  user.Set("time_zone", std::string("Asia/Shanghai"));
  user.Set("locale", std::string("en"));
  return {Insert(std::move(user)).id, email, role, manager};
}

Id TestOrg::AddTeam(const std::string& name, Id manager) {
  Record team(&TeamsKind());
  team.Set("name", name);
  team.Set("manager_id", manager);
  return Insert(std::move(team)).id;
}

void TestOrg::SetTeam(Id user, Id team) {
  auto tx = Must(store_->Begin(true), "begin");
  Record r = Must(tx->Get(org_, UsersKind(), user, std::nullopt), "get user");
  r.Set("team_id", team);
  Must(tx->Update(org_, r, r.version), "set team");
  Must(tx->Commit(), "commit");
}

const std::string& TestOrg::Token(Id user) {
  auto it = sessions_.find(user);
  if (it != sessions_.end()) {
    auto tx = Must(store_->Begin(false), "begin");
    if (Must(tx->FindSession(app::HashToken(it->second.first)), "find session")) return it->second.first;
  }
  const std::string token = app::RandomHex(32), csrf = app::RandomHex(16);
  const std::int64_t now = NowUnixSeconds();
  auto tx = Must(store_->Begin(true), "begin");
  Must(tx->CreateSession({app::HashToken(token), user, org_, csrf, now, now + 3600}), "create session");
  Must(tx->Commit(), "commit");
  sessions_[user] = {token, csrf};
  return sessions_[user].first;
}

const std::string& TestOrg::Csrf(Id user) {
  Token(user);
  return sessions_[user].second;
}

app::Actor TestOrg::ActorOf(Id user) {
  auto tx = Must(store_->Begin(false), "begin");
  return Must(app::LoadActor(*tx, org_, user), "load actor");
}

Record TestOrg::Sample(const KindSpec& kind, std::optional<Id> owner) {
  const int n = ++counter_;
  const std::string s = std::to_string(n);
  Record r(&kind);
  const Value who = owner ? Value(*owner) : Value();
  auto account = [&] { return Value(Insert(AccountsKind(), owner).id); };
  const std::string_view name = kind.name;
  if (name == "teams") {
    r.Set("name", "Team " + s);
    r.Set("region", std::string("East"));
  } else if (name == "users") {
    r.Set("email", "user" + s + "@example.com");
    r.Set("name", "User " + s);
    r.Set("role", std::string("rep"));
    r.Set("manager_id", who);
    r.Set("locale", std::string("en"));
    r.Set("time_zone", std::string("Asia/Shanghai"));
  } else if (name == "rep_profiles") {
    r.Set("user_id", who);
    r.Set("skills", std::string("negotiation:4"));
    r.Set("experience_years", 3.5);
    r.Set("weekly_capacity_hours", 40.0);
  } else if (name == "accounts") {
    r.Set("external_id", "A-" + s);
    r.Set("name", "Account " + s);
    r.Set("city", std::string("Shanghai"));
    r.Set("potential", std::int64_t{1234567});
    r.Set("currency", std::string("CNY"));
    r.Set("owner_id", who);
  } else if (name == "contacts") {
    r.Set("account_id", account());
    r.Set("name", "Contact " + s);
    r.Set("email", "contact" + s + "@example.com");
  } else if (name == "products") {
    r.Set("sku", "P-" + s);
    r.Set("name", "Product " + s);
    r.Set("unit_price", std::int64_t{9900});
    r.Set("currency", std::string("CNY"));
  } else if (name == "opportunities") {
    r.Set("external_id", "O-" + s);
    r.Set("account_id", account());
    r.Set("name", "Deal " + s);
    r.Set("stage", std::string("proposal"));
    r.Set("amount", std::int64_t{500000});
    r.Set("currency", std::string("CNY"));
    r.Set("close_date", std::string("2026-06-30"));
    r.Set("probability", 50.0);
    r.Set("forecast_category", std::string("best_case"));
    r.Set("owner_id", who);
  } else if (name == "sales") {
    r.Set("date", std::string("2026-03-15"));
    r.Set("account_id", account());
    r.Set("product_id", product);
    r.Set("rep_id", who);
    r.Set("quantity", 2.0);
    r.Set("amount", std::int64_t{19800});
    r.Set("currency", std::string("CNY"));
  } else if (name == "quotas") {
    r.Set("rep_id", who);
    r.Set("period", std::to_string(2100 + n / 12) + "-" + (n % 12 < 9 ? "0" : "") + std::to_string(n % 12 + 1));
    r.Set("amount", std::int64_t{1000000});
    r.Set("currency", std::string("CNY"));
  } else if (name == "activities") {
    r.Set("user_id", who);
    r.Set("type", std::string("call"));
    r.Set("started_at", std::string("2026-03-15T09:30:00Z"));
    r.Set("minutes", 30.0);
    r.Set("note", std::string("called about renewal"));
  } else if (name == "forecasts") {
    r.Set("owner_id", who);
    r.Set("scope_user_id", who);
    r.Set("period", std::string("2026-12"));
    r.Set("method", std::string("composite"));
    r.Set("amount", std::int64_t{2500000});
    r.Set("lo80", std::int64_t{2000000});
    r.Set("hi80", std::int64_t{3000000});
    r.Set("currency", std::string("CNY"));
    r.Set("made_on", std::string("2026-11-20"));
    r.Set("note", std::string("two renewals expected"));
  } else if (name == "territory_plans") {
    r.Set("title", "Plan " + s);
    r.Set("owner_id", who);
    r.Set("horizon", std::string("2027"));
    r.Set("revision", std::int64_t{1});
    r.Set("status", std::string("draft"));
    r.Set("strengths", std::string("strong service team"));
  } else if (name == "plan_actions") {
    r.Set("plan_id", Value(Insert(TerritoryPlansKind(), owner).id));
    r.Set("owner_id", who);
    r.Set("title", "Call the top ten prospects " + s);
    r.Set("deadline", std::string("2026-12-15"));
    r.Set("status", std::string("open"));
  } else if (name == "delphi_studies") {
    r.Set("owner_id", who);
    r.Set("question", "Sales of pumps in the East in 2026-12 " + s);
    r.Set("period", std::string("2026-12"));
    r.Set("threshold", 0.1);
    r.Set("max_rounds", std::int64_t{3});
    r.Set("round", std::int64_t{1});
    r.Set("status", std::string("open"));
  } else if (name == "delphi_answers") {
    r.Set("study_id", Value(Insert(DelphiStudiesKind(), owner).id));
    r.Set("round", std::int64_t{1});
    r.Set("expert_id", who);
    r.Set("figure", 1234.5);
    r.Set("reason", std::string("two large orders are likely"));
  } else {
    throw std::runtime_error("TestOrg::Sample does not know kind " + std::string(name));
  }
  return r;
}

Record TestOrg::Insert(const KindSpec& kind, std::optional<Id> owner) { return Insert(Sample(kind, owner)); }

Record TestOrg::Insert(Record record) {
  ClearNaturalKey(record);
  auto tx = Must(store_->Begin(true), "begin");
  Record created = Must(tx->Insert(org_, std::move(record)), "insert");
  Must(tx->Commit(), "commit");
  return created;
}

void TestOrg::ClearNaturalKey(const Record& record) {
  const KindSpec& kind = *record.kind;
  if (kind.natural_key.empty()) return;
  std::vector<Value> key;
  for (auto field : kind.natural_key) {
    if (std::holds_alternative<std::monostate>(record.Get(field))) return;
    key.push_back(record.Get(field));
  }
  auto tx = Must(store_->Begin(true), "begin");
  auto found = Must(tx->FindByNaturalKey(org_, kind, key), "find by key");
  if (!found) return;
  Record old = Must(tx->Get(org_, kind, *found, std::nullopt), "get");
  Must(tx->Delete(org_, kind, old.id, old.version), "delete");
  Must(tx->Commit(), "commit");
}

Request TestOrg::MakeRequest(http::verb method, std::string target, std::string body, const Auth& auth,
                             std::optional<std::int64_t> if_match) {
  Request req{method, target, 11};
  req.set(http::field::host, "salesdesk.test");
  if (auth.as) {
    req.set(http::field::cookie, "theme=dark; " + std::string(kSessionCookie) + "=" + Token(auth.as));
    if (!auth.csrf_override.empty()) {
      req.set(kCsrfHeader, auth.csrf_override);
    } else if (auth.csrf) {
      req.set(kCsrfHeader, Csrf(auth.as));
    }
  }
  if (if_match) req.set(http::field::if_match, "\"" + std::to_string(*if_match) + "\"");
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

std::string TestOrg::BodyOf(const Record& record) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  const std::string currency = record.GetText("currency");
  for (std::size_t i = 0; i < record.kind->fields.size(); ++i) {
    const FieldSpec& f = record.kind->fields[i];
    const Value& v = record.values[i];
    if (std::holds_alternative<std::monostate>(v)) continue;
    w.Key(f.name);
    if (f.type == FieldType::kMoney) {
      w.RawNumber(FormatMoney(std::get<std::int64_t>(v), currency));
    } else if (f.type == FieldType::kBool) {
      w.Bool(std::get<std::int64_t>(v) != 0);
    } else if (const auto* i64 = std::get_if<std::int64_t>(&v)) {
      w.Int(*i64);
    } else if (const auto* d = std::get_if<double>(&v)) {
      w.Double(*d);
    } else {
      w.String(std::get<std::string>(v));
    }
  }
  w.EndObject();
  return out;
}

std::string TestOrg::CsvOf(const Record& record) {
  const KindSpec& kind = *record.kind;
  std::string header, row;
  auto tx = Must(store_->Begin(false), "begin");
  for (std::size_t i = 0; i < kind.fields.size(); ++i) {
    const FieldSpec& f = kind.fields[i];
    if (f.csv_column.empty()) continue;
    std::string cell;
    const Value& v = record.values[i];
    if (f.type == FieldType::kRef && std::holds_alternative<std::int64_t>(v)) {
      const KindSpec& target = *FindKind(f.ref_kind);
      Record ref = Must(tx->Get(org_, target, std::get<std::int64_t>(v), std::nullopt), "get ref");
      cell = ref.GetText(target.natural_key[0]);
    } else if (f.type == FieldType::kMoney && std::holds_alternative<std::int64_t>(v)) {
      cell = FormatMoney(std::get<std::int64_t>(v), record.GetText("currency"));
    } else if (const auto* i64 = std::get_if<std::int64_t>(&v)) {
      cell = std::to_string(*i64);
    } else if (const auto* d = std::get_if<double>(&v)) {
      cell = NumberText(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      cell = *s;
    }
    const std::string separator = header.empty() ? "" : ",";
    header += separator + std::string(f.csv_column);
    row += separator + CsvCell(cell);
  }
  return header + "\r\n" + row + "\r\n";
}

}  // namespace salesdesk::server::testing
