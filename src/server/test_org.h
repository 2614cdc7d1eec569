// Test support for the server tests: an organisation in a temporary SQLite file with
// every role and a two-level team, sessions without password hashing, record factories
// and request builders. Not part of the product.
//
//   admin, exec           no manager
//   m1 (manager)          r1a, r1b (reps) and m2 (manager) report to m1
//   m2 (manager)          r2a, r2b report to m2
//   m3 (manager)          r3 reports to m3 (a team outside m1's tree)
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "app/access.h"
#include "server/config.h"
#include "server/http_util.h"
#include "server/router.h"
#include "store/store.h"

namespace salesdesk::server::testing {

inline constexpr const char* kPassword = "correct horse battery";

// Returns the value or throws (GoogleTest reports the exception as a failure).
template <typename T>
T Must(Result<T> r, const char* what = "") {
  if (!r.ok()) throw std::runtime_error(std::string(what) + ": " + r.status().ToString());
  return std::move(r).value();
}
inline void Must(const Status& s, const char* what = "") {
  if (!s.ok()) throw std::runtime_error(std::string(what) + ": " + s.ToString());
}

struct Person {
  Id id = 0;
  std::string email;
  Role role = Role::kRep;
  Id manager = 0;
};

// What a test request carries besides method and target.
struct Auth {
  Id as = 0;                 // 0 = anonymous (no cookie)
  bool csrf = true;          // send the right X-CSRF-Token (when signed in)
  std::string csrf_override; // send this token instead (when non-empty)
};

class TestOrg {
 public:
  // Creates the store, the people above (passwords kPassword), their teams and one product.
  TestOrg();
  ~TestOrg();

  Store& store() { return *store_; }
  Id org() const { return org_; }
  Config& config() { return config_; }

  Person admin, exec, m1, m2, m3, r1a, r1b, r2a, r2b, r3;
  Id team1 = 0, team2 = 0, team3 = 0, product = 0;

  // A live session for `user` (recreated if it was signed out or killed).
  const std::string& Token(Id user);
  const std::string& Csrf(Id user);
  // The actor for `user`, loaded as the app does.
  app::Actor ActorOf(Id user);

  // A new user with `role` reporting to `manager` (0 = none); no password.
  Person AddPerson(Role role, Id manager);
  // A record of `kind` ready to insert, owned by `owner` (nullopt = unowned); for kinds
  // owned through an account, the account gets that owner. Unique natural key.
  Record Sample(const KindSpec& kind, std::optional<Id> owner);
  // Inserts Sample(kind, owner) through the store (clearing a natural-key clash first).
  Record Insert(const KindSpec& kind, std::optional<Id> owner);
  Record Insert(Record record);
  // Deletes the row of record's kind with record's natural key, if any.
  void ClearNaturalKey(const Record& record);

  // A request with the session cookie and CSRF header per `auth`.
  Request MakeRequest(http::verb method, std::string target, std::string body = "", const Auth& auth = {},
                      std::optional<std::int64_t> if_match = std::nullopt);

  // The POST body for `record` (its non-null fields).
  static std::string BodyOf(const Record& record);
  // A CSV file (header + one row) for `record` in the import layout.
  std::string CsvOf(const Record& record);

 private:
  Person AddUser(const std::string& email, Role role, const Person* manager);
  Id AddTeam(const std::string& name, Id manager);
  void SetTeam(Id user, Id team);

  std::string path_;
  std::unique_ptr<Store> store_;
  Config config_;
  Id org_ = 0;
  int counter_ = 0;
  std::map<Id, std::pair<std::string, std::string>> sessions_;  // user -> token, csrf
};

}  // namespace salesdesk::server::testing
