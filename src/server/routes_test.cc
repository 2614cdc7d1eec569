// Walks the route table: every route x every role x every kind of record owner, with
// the status each combination must get according to the access policy
// (app::PermissionFor). A route in the table with no expectation here fails the test,
// so a new route cannot ship without saying who may call it.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <thread>

#include <boost/json.hpp>

#include "app/access.h"
#include "server/router.h"
#include "server/test_org.h"

namespace salesdesk::server {
namespace {

using testing::Auth;
using testing::Person;
using testing::TestOrg;
using app::Reach;

enum class Owner { kOwn, kTeammate, kOtherTeam, kUnowned };
constexpr Owner kOwners[] = {Owner::kOwn, Owner::kTeammate, Owner::kOtherTeam, Owner::kUnowned};

std::string_view OwnerName(Owner o) {
  switch (o) {
    case Owner::kOwn: return "own";
    case Owner::kTeammate: return "teammate's";
    case Owner::kOtherTeam: return "other team's";
    case Owner::kUnowned: return "unowned";
  }
  return "?";
}

std::string Key(http::verb method, std::string_view pattern) {
  return std::string(http::to_string(method)) + " " + std::string(pattern);
}

bool OrgWide(const KindSpec& kind) { return kind.owner_field.empty() && kind.owner_via.empty(); }
bool OwnerRequired(const KindSpec& kind) {
  const FieldSpec* f = kind.owner_field.empty() ? nullptr : kind.Field(kind.owner_field);
  return f && f->required;
}

// A harmless change for a PATCH: a text field outside the natural key, else a number.
std::string PatchBody(const KindSpec& kind) {
  for (const FieldSpec& f : kind.fields) {
    bool key = false;
    for (auto k : kind.natural_key) key |= k == f.name;
    if (f.type == FieldType::kText && !key) return "{\"" + std::string(f.name) + "\":\"changed\"}";
  }
  for (const FieldSpec& f : kind.fields)
    if (f.type == FieldType::kReal || f.type == FieldType::kMoney) return "{\"" + std::string(f.name) + "\":3}";
  return "{}";
}

// The record a case acts on, and the user whose reach decides access to it (for users
// the user itself; for contacts the owner of their account); nullopt when unowned.
struct Subject {
  Record record;
  std::optional<Id> owner;
};

class RoutesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    org_ = new TestOrg();
    router_ = new Router(org_->store(), org_->config());
  }
  static void TearDownTestSuite() {
    delete router_;
    delete org_;
  }

  TestOrg& org() { return *org_; }
  Router& router() { return *router_; }

  std::vector<const Person*> Actors() { return {&org().admin, &org().exec, &org().m1, &org().m2, &org().r1a}; }

  // Who owns the record in each case, relative to the actor.
  std::optional<Id> OwnerFor(const Person& actor, Owner o) {
    TestOrg& t = org();
    switch (o) {
      case Owner::kOwn: return actor.id;
      case Owner::kTeammate:
        if (actor.id == t.m1.id || actor.id == t.m2.id) return t.r2a.id;  // m1 reaches r2a through m2
        return actor.id == t.r1a.id ? t.r1b.id : t.r1a.id;
      case Owner::kOtherTeam:
        if (actor.id == t.m2.id) return t.r1a.id;
        return actor.id == t.r1a.id ? t.r2a.id : t.r3.id;
      case Owner::kUnowned: return std::nullopt;
    }
    return std::nullopt;
  }

  // The person who acts: the actor itself, except that acting on one's own user record
  // uses a fresh clone of the actor (so deleting it does not delete the fixture's user).
  Person ActingAs(const Person& actor, const KindSpec& kind, Owner o) {
    if (&kind == &UsersKind() && o == Owner::kOwn) return org().AddPerson(actor.role, actor.manager);
    return actor;
  }

  // A fresh stored record for the case.
  Subject StoredSubject(const KindSpec& kind, const Person& acting, Owner o, const Person& actor) {
    if (&kind == &UsersKind() && o == Owner::kOwn) {
      auto tx = testing::Must(org().store().Begin(false));
      return {testing::Must(tx->Get(org().org(), kind, acting.id, std::nullopt)), acting.id};
    }
    Record r = org().Insert(kind, OwnerFor(actor, o));
    return SubjectOf(std::move(r));
  }

  Subject SubjectOf(Record r) {
    const KindSpec& kind = *r.kind;
    std::optional<Id> owner;
    if (&kind == &UsersKind()) {
      owner = r.id ? std::optional<Id>(r.id) : std::nullopt;
    } else if (!kind.owner_via.empty()) {
      auto tx = testing::Must(org().store().Begin(false));
      Record parent = testing::Must(tx->Get(org().org(), AccountsKind(), r.GetInt(kind.owner_via), std::nullopt));
      if (parent.GetInt("owner_id")) owner = parent.GetInt("owner_id");
    } else if (!kind.owner_field.empty() && r.GetInt(kind.owner_field)) {
      owner = r.GetInt(kind.owner_field);
    }
    return {std::move(r), owner};
  }

  static bool Within(const app::Actor& a, Reach reach, const KindSpec& kind, const std::optional<Id>& owner) {
    if (OrgWide(kind)) return reach != Reach::kNone;
    return owner ? a.Reaches(reach, *owner) : reach == Reach::kOrg;
  }

  // The owned records a record refers to (an opportunity's account, an action item's
  // plan) with their owners: the app lets a caller refer only to rows it can see.
  std::vector<std::pair<const KindSpec*, std::optional<Id>>> ReferencedOwners(const Record& r) {
    std::vector<std::pair<const KindSpec*, std::optional<Id>>> out;
    const KindSpec& kind = *r.kind;
    for (std::size_t i = 0; i < kind.fields.size(); ++i) {
      const FieldSpec& f = kind.fields[i];
      if (f.type != FieldType::kRef || f.name == kind.owner_field || f.name == kind.owner_via) continue;
      const KindSpec* target = FindKind(f.ref_kind);
      if (!target || target == &UsersKind() || target->owner_field.empty()) continue;
      if (!std::holds_alternative<std::int64_t>(r.values[i])) continue;
      auto tx = testing::Must(org().store().Begin(false));
      Record referenced = testing::Must(tx->Get(org().org(), *target, std::get<std::int64_t>(r.values[i]), std::nullopt));
      const Value& owner = referenced.Get(target->owner_field);
      out.emplace_back(target, std::holds_alternative<std::int64_t>(owner) ? std::optional<Id>(std::get<std::int64_t>(owner))
                                                                          : std::nullopt);
    }
    return out;
  }

  // PATCH and DELETE: hidden -> 404, not writable -> 403 (422 for a parent out of reach).
  unsigned ChangeStatus(const app::Actor& a, const Subject& s, unsigned success) {
    const KindSpec& kind = *s.record.kind;
    const app::Permission p = app::PermissionFor(a.role, kind.name);
    if (!Within(a, p.read, kind, s.owner)) return 404;
    if (p.write == Reach::kNone) return 403;
    if (&kind == &UsersKind() && p.write != Reach::kOrg) return 403;
    if (!Within(a, p.write, kind, s.owner)) return kind.owner_via.empty() ? 403 : 422;
    return success;
  }

  // POST (and one imported row): who may create a record like `r` owned by `owner`.
  unsigned CreateStatus(const app::Actor& a, const Record& r, const std::optional<Id>& owner) {
    const KindSpec& kind = *r.kind;
    const app::Permission p = app::PermissionFor(a.role, kind.name);
    if (p.write == Reach::kNone) return 403;
    if (OrgWide(kind) || &kind == &UsersKind()) return 201;
    if (!kind.owner_via.empty()) return Within(a, p.write, kind, owner) ? 201 : 422;
    if (owner && !a.Reaches(p.write, *owner)) return 403;
    for (const auto& [target, target_owner] : ReferencedOwners(r)) {
      if (!Within(a, app::PermissionFor(a.role, target->name).read, *target, target_owner)) return 422;
    }
    return 201;
  }

  void Expect(const Request& req, unsigned expected, const std::string& what) {
    Response res = router().Handle(req);
    ++checks_;
    EXPECT_EQ(res.result_int(), expected) << what << "\n" << req.method_string() << " " << req.target() << "\n"
                                          << res.body();
  }

  std::string Describe(const Person& actor, const KindSpec& kind, Owner o) {
    return std::string(RoleName(actor.role)) + " " + actor.email + " on a " + std::string(OwnerName(o)) + " " +
           std::string(kind.singular);
  }

  // Runs `check(actor, owner)` for every actor and owner that applies to `kind`.
  void ForEachCase(const KindSpec& kind, const std::function<void(const Person&, Owner)>& check) {
    for (const Person* actor : Actors())
      for (Owner o : kOwners) {
        if (o == Owner::kUnowned && OwnerRequired(kind)) continue;  // cannot exist
        check(*actor, o);
      }
  }

  // A planning scope as the forecast and territory routes take it: "org" or "user:<id>".
  struct Scope {
    std::string key;
    std::optional<Id> user;
  };
  // The organisation and the actor's own, a teammate's and another team's scopes.
  std::vector<Scope> ScopesFor(const Person& actor) {
    std::vector<Scope> scopes = {{"org", std::nullopt}};
    for (Owner o : {Owner::kOwn, Owner::kTeammate, Owner::kOtherTeam}) {
      const Id user = *OwnerFor(actor, o);
      scopes.push_back({"user:" + std::to_string(user), user});
    }
    return scopes;
  }
  // Whether the scope exists for the actor: within their read reach of `kind`.
  bool Sees(const Person& actor, const Scope& scope, std::string_view kind) {
    const app::Actor a = org().ActorOf(actor.id);
    const Reach read = app::PermissionFor(a.role, kind).read;
    return scope.user ? a.Reaches(read, *scope.user) : read == Reach::kOrg;
  }

  // Waits until `actor`'s background alignment `id` has stopped running (at most 60 s).
  void FinishJob(const Person& actor, const std::string& id) {
    for (int i = 0; i < 6000; ++i) {
      Response res = router().Handle(
          org().MakeRequest(http::verb::get, "/api/v1/territories/align_jobs/" + id, "", {actor.id}));
      if (res.result_int() != 200 || boost::json::parse(res.body()).at("state").as_string() != "running") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "alignment run " << id << " still running after 60 s";
  }

  std::map<std::string, std::function<void(const Route&)>> Expectations();
  void AddForecastExpectations(std::map<std::string, std::function<void(const Route&)>>& e);
  void AddTerritoryExpectations(std::map<std::string, std::function<void(const Route&)>>& e);
  void AddRecordExpectations(std::map<std::string, std::function<void(const Route&)>>& e, const KindSpec& kind);

  static inline TestOrg* org_ = nullptr;
  static inline Router* router_ = nullptr;
  int checks_ = 0;
};

void RoutesTest::AddRecordExpectations(std::map<std::string, std::function<void(const Route&)>>& e,
                                       const KindSpec& kind) {
  const std::string base = "/api/v1/" + std::string(kind.name);
  e[Key(http::verb::get, base)] = [this, &kind, base](const Route&) {
    ForEachCase(kind, [&](const Person& actor, Owner o) {
      const Person acting = ActingAs(actor, kind, o);
      Subject s = StoredSubject(kind, acting, o, actor);
      const app::Actor a = org().ActorOf(acting.id);
      const Reach read = app::PermissionFor(a.role, kind.name).read;
      const std::string what = Describe(actor, kind, o);
      Response res = router().Handle(org().MakeRequest(http::verb::get, base + "?id=" + std::to_string(s.record.id),
                                                       "", {acting.id}));
      ++checks_;
      ASSERT_EQ(res.result_int(), read == Reach::kNone ? 403u : 200u) << what << "\n" << res.body();
      if (read == Reach::kNone) return;
      const auto total = boost::json::parse(res.body()).at("total").as_int64();
      EXPECT_EQ(total, Within(a, read, kind, s.owner) ? 1 : 0) << what << ": listed when it should not be, or not";
    });
  };
  e[Key(http::verb::get, base + "/{id}")] = [this, &kind, base](const Route&) {
    ForEachCase(kind, [&](const Person& actor, Owner o) {
      const Person acting = ActingAs(actor, kind, o);
      Subject s = StoredSubject(kind, acting, o, actor);
      const app::Actor a = org().ActorOf(acting.id);
      const bool visible = Within(a, app::PermissionFor(a.role, kind.name).read, kind, s.owner);
      Expect(org().MakeRequest(http::verb::get, base + "/" + std::to_string(s.record.id), "", {acting.id}),
             visible ? 200 : 404, Describe(actor, kind, o));
    });
  };
  e[Key(http::verb::post, base)] = [this, &kind, base](const Route&) {
    ForEachCase(kind, [&](const Person& actor, Owner o) {
      const Person acting = ActingAs(actor, kind, o);
      const std::optional<Id> owner = o == Owner::kOwn ? std::optional<Id>(acting.id) : OwnerFor(actor, o);
      Record sample = org().Sample(kind, owner);
      org().ClearNaturalKey(sample);
      const app::Actor a = org().ActorOf(acting.id);
      Expect(org().MakeRequest(http::verb::post, base, TestOrg::BodyOf(sample), {acting.id}),
             CreateStatus(a, sample, SubjectOf(sample).owner), Describe(actor, kind, o));
    });
  };
  for (http::verb method : {http::verb::patch, http::verb::delete_}) {
    e[Key(method, base + "/{id}")] = [this, &kind, base, method](const Route&) {
      ForEachCase(kind, [&](const Person& actor, Owner o) {
        const Person acting = ActingAs(actor, kind, o);
        Subject s = StoredSubject(kind, acting, o, actor);
        const app::Actor a = org().ActorOf(acting.id);
        const bool patch = method == http::verb::patch;
        const std::string body = patch ? PatchBody(kind) : "";
        Expect(org().MakeRequest(method, base + "/" + std::to_string(s.record.id), body, {acting.id}, s.record.version),
               ChangeStatus(a, s, patch ? 200 : 204), Describe(actor, kind, o));
      });
    };
  }
  if (kind.importable) {
    e[Key(http::verb::post, "/api/v1/imports/" + std::string(kind.name))] = [this, &kind](const Route& route) {
      ForEachCase(kind, [&](const Person& actor, Owner o) {
        const Person acting = ActingAs(actor, kind, o);
        const std::optional<Id> owner = o == Owner::kOwn ? std::optional<Id>(acting.id) : OwnerFor(actor, o);
        Record sample = org().Sample(kind, owner);
        const app::Actor a = org().ActorOf(acting.id);
        const unsigned create = CreateStatus(a, sample, SubjectOf(sample).owner);
        const unsigned expected = app::PermissionFor(a.role, kind.name).write == Reach::kNone ? 403
                                  : create == 201                                            ? 200
                                                                                             : 422;
        Request req = org().MakeRequest(http::verb::post, route.pattern, org().CsvOf(sample), {acting.id});
        req.set(http::field::content_type, "text/csv");
        Expect(req, expected, Describe(actor, kind, o) + " (import)");
      });
    };
  }
  e[Key(http::verb::get, "/api/v1/exports/" + std::string(kind.name))] = [this, &kind](const Route& route) {
    for (const Person* actor : Actors()) {
      const bool readable = app::PermissionFor(actor->role, kind.name).read != Reach::kNone;
      Expect(org().MakeRequest(http::verb::get, route.pattern, "", {actor->id}), readable ? 200 : 403,
             std::string(RoleName(actor->role)) + " exports " + std::string(kind.name));
    }
  };
}

// The forecast sheet: a scope is the organisation (for those who read every sale) or a
// user (a rep's own sales, a manager's team) within the actor's reach of sales; an
// unreachable scope is 404 (never revealed). Keeping the engine's forecast needs sales
// history in the scope (else 422).
void RoutesTest::AddForecastExpectations(std::map<std::string, std::function<void(const Route&)>>& e) {
  const std::vector<Id> sellers = {org().r1a.id, org().r1b.id, org().r2a.id, org().r3.id};
  for (Id seller : sellers) {
    Record sale = org().Sample(SalesKind(), seller);
    sale.Set("date", std::string("2026-09-10"));
    org().Insert(sale);
  }
  auto scopes_for = [this](const Person& actor) { return ScopesFor(actor); };
  auto visible = [this](const Person& actor, const Scope& scope) { return Sees(actor, scope, "sales"); };
  auto has_sales = [this](const Scope& scope) {  // before as_of's month (other cases add sales too)
    auto tx = testing::Must(org().store().Begin(false));
    Visibility whose;
    if (scope.user) {
      whose = testing::Must(tx->ReportingTree(org().org(), *scope.user));
      whose->push_back(*scope.user);
    }
    return !testing::Must(tx->MonthlySales(org().org(), "2016-01-01", "2026-10-31", whose)).empty();
  };
  e[Key(http::verb::get, "/api/v1/forecast/scopes")] = [this](const Route& r) {
    for (const Person* actor : Actors())
      Expect(org().MakeRequest(r.method, r.pattern, "", {actor->id}), 200, std::string(RoleName(actor->role)));
  };
  e[Key(http::verb::get, "/api/v1/forecast/sheet")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor))
        Expect(org().MakeRequest(r.method, r.pattern + "?scope=" + scope.key + "&horizon=2&as_of=2026-11-27", "",
                                 {actor->id}),
               visible(*actor, scope) ? 200 : 404, std::string(RoleName(actor->role)) + " sheet of " + scope.key);
  };
  e[Key(http::verb::get, "/api/v1/forecast/rollup")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor)) {
        const unsigned expected = !visible(*actor, scope) ? 404 : has_sales(scope) ? 200 : 422;
        Expect(org().MakeRequest(r.method, r.pattern + "?scope=" + scope.key +
                                               "&method=naive&reconciliation=bottom_up&horizon=2&as_of=2026-11-27",
                                 "", {actor->id}),
               expected, std::string(RoleName(actor->role)) + " roll-up of " + scope.key);
      }
  };
  for (const char* path : {"/api/v1/forecast/opinion", "/api/v1/forecast/composite"}) {
    e[Key(http::verb::get, path)] = [=, this](const Route& r) {
      for (const Person* actor : Actors())
        for (const Scope& scope : scopes_for(*actor))
          Expect(org().MakeRequest(r.method, r.pattern + "?scope=" + scope.key + "&month=2026-12&as_of=2026-11-27", "",
                                   {actor->id}),
                 visible(*actor, scope) ? 200 : 404, std::string(RoleName(actor->role)) + " " + r.pattern + " of " + scope.key);
    };
  }
  e[Key(http::verb::post, "/api/v1/forecast/econometric")] = [=, this](const Route& r) {
    std::string values;
    for (int i = 0; i < 24; ++i) values += (i ? "," : "") + std::to_string(100 + 3 * i + (i * 7) % 5);
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor)) {
        const unsigned expected = !visible(*actor, scope) ? 404 : has_sales(scope) ? 200 : 422;
        Expect(org().MakeRequest(r.method, r.pattern,
                                 R"({"scope":")" + scope.key + R"(","horizon":2,"as_of":"2026-11-27","indicators":[)" +
                                     R"({"name":"orders","start":"2026-01","values":[)" + values + "]}]}",
                                 {actor->id}),
               expected, std::string(RoleName(actor->role)) + " econometric model of " + scope.key);
      }
  };
  e[Key(http::verb::post, "/api/v1/forecast/keep")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor)) {
        const unsigned expected = !visible(*actor, scope) ? 404 : has_sales(scope) ? 201 : 422;
        Expect(org().MakeRequest(r.method, r.pattern + "?as_of=2026-11-27",
                                 R"({"scope":")" + scope.key + R"(","method":"naive","horizon":2})", {actor->id}),
               expected, std::string(RoleName(actor->role)) + " keeps a forecast of " + scope.key);
      }
  };
}

// Territories: a scope within the actor's reach of accounts is shown (422 when no rep in
// it owns an account with coordinates); proposing and what-if are for those who may
// reassign accounts (403 for reps), on scopes within reach (404 otherwise).
void RoutesTest::AddTerritoryExpectations(std::map<std::string, std::function<void(const Route&)>>& e) {
  const std::vector<Id> sellers = {org().r1a.id, org().r1b.id, org().r2a.id, org().r3.id};
  for (std::size_t i = 0; i < sellers.size(); ++i) {
    Record account = org().Sample(AccountsKind(), sellers[i]);
    account.Set("lat", 30.0 + static_cast<double>(i));
    account.Set("lon", 120.0 + static_cast<double>(i));
    org().Insert(account);
  }
  auto scopes_for = [this](const Person& actor) { return ScopesFor(actor); };
  auto visible = [this](const Person& actor, const Scope& scope) { return Sees(actor, scope, "accounts"); };
  auto has_sellers = [this, sellers](const Scope& scope) {
    if (!scope.user) return true;
    auto tx = testing::Must(org().store().Begin(false));
    std::vector<Id> tree = testing::Must(tx->ReportingTree(org().org(), *scope.user));
    tree.push_back(*scope.user);
    return std::any_of(sellers.begin(), sellers.end(),
                       [&](Id s) { return std::find(tree.begin(), tree.end(), s) != tree.end(); });
  };
  // A plan needs two territories (reps) or more, and no more than accounts with coordinates
  // (one per seller).
  auto plannable = [this, sellers](const Scope& scope) {
    auto tx = testing::Must(org().store().Begin(false));
    ListQuery q;
    q.limit = 100000;
    if (scope.user) {
      q.visible = testing::Must(tx->ReportingTree(org().org(), *scope.user));
      q.visible->push_back(*scope.user);
    }
    std::int64_t reps = 0, accounts = 0;
    for (const Record& u : testing::Must(tx->List(org().org(), UsersKind(), q)).records) {
      reps += u.GetText("role") == "rep";
      accounts += std::count(sellers.begin(), sellers.end(), u.id);
    }
    return reps > 1 && accounts > 0 && reps <= accounts;
  };
  auto may_reassign = [](Role role) {
    const Reach w = app::PermissionFor(role, "accounts").write;
    return w == Reach::kTeam || w == Reach::kOrg;
  };
  e[Key(http::verb::get, "/api/v1/territories")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor))
        Expect(org().MakeRequest(r.method, r.pattern + "?scope=" + scope.key, "", {actor->id}),
               !visible(*actor, scope) ? 404 : has_sellers(scope) ? 200 : 422,
               std::string(RoleName(actor->role)) + " territories of " + scope.key);
  };
  e[Key(http::verb::get, "/api/v1/territories/facts")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor))
        Expect(org().MakeRequest(r.method, r.pattern + "?scope=" + scope.key + "&as_of=2026-11-27", "", {actor->id}),
               Sees(*actor, scope, "sales") ? 200 : 404, std::string(RoleName(actor->role)) + " plan facts of " + scope.key);
  };
  for (const char* format : {"markdown", "pdf"}) {
    e[Key(http::verb::get, std::string("/api/v1/territory_plans/{id}/") + format)] = [=, this](const Route& r) {
      for (const Person* actor : Actors())
        for (Owner o : {Owner::kOwn, Owner::kTeammate, Owner::kOtherTeam}) {
          const std::optional<Id> owner = OwnerFor(*actor, o);
          const Record plan = org().Insert(TerritoryPlansKind(), owner);
          const app::Actor a = org().ActorOf(actor->id);
          const bool sees = Within(a, app::PermissionFor(a.role, "territory_plans").read, TerritoryPlansKind(), owner);
          Expect(org().MakeRequest(r.method,
                                   "/api/v1/territory_plans/" + std::to_string(plan.id) + "/" + format + "?lang=zh-CN",
                                   "", {actor->id}),
                 sees ? 200 : 404, Describe(*actor, TerritoryPlansKind(), o) + " as " + format);
        }
    };
  }
  e[Key(http::verb::post, "/api/v1/territories/align")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor)) {
        const unsigned expected = !may_reassign(actor->role) ? 403
                                  : !visible(*actor, scope)  ? 404
                                  : plannable(scope)         ? 200
                                                             : 422;
        Expect(org().MakeRequest(r.method, r.pattern, R"({"scope":")" + scope.key + R"(","tau":0.5})", {actor->id}),
               expected, std::string(RoleName(actor->role)) + " proposes territories for " + scope.key);
      }
  };
  // The same proposal in the background: 202 where the synchronous call gives 200, and the
  // same refusals at once. Only the job's starter sees it or cancels it (404 for anyone else).
  e[Key(http::verb::post, "/api/v1/territories/align_jobs")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor)) {
        const unsigned expected = !may_reassign(actor->role) ? 403
                                  : !visible(*actor, scope)  ? 404
                                  : plannable(scope)         ? 202
                                                             : 422;
        Response res = router().Handle(
            org().MakeRequest(r.method, r.pattern, R"({"scope":")" + scope.key + R"(","tau":0.5})", {actor->id}));
        ++checks_;
        EXPECT_EQ(res.result_int(), expected)
            << RoleName(actor->role) << " starts proposing territories for " << scope.key << "\n" << res.body();
        if (res.result_int() == 202) FinishJob(*actor, std::string(boost::json::parse(res.body()).at("id").as_string()));
      }
  };
  for (http::verb method : {http::verb::get, http::verb::delete_}) {
    e[Key(method, "/api/v1/territories/align_jobs/{key}")] = [=, this](const Route& r) {
      // A scope every realigner reaches: a new manager under m2 with two reps, one account each.
      const Person lead = org().AddPerson(Role::kManager, org().m2.id);
      for (int i = 0; i < 2; ++i) {
        Record account = org().Sample(AccountsKind(), org().AddPerson(Role::kRep, lead.id).id);
        account.Set("lat", 31.0 + i);
        account.Set("lon", 121.0);
        org().Insert(account);
      }
      const std::string rep_scope = "user:" + std::to_string(lead.id);
      for (const Person* starter : Actors()) {
        if (!may_reassign(starter->role)) continue;
        Response started = router().Handle(org().MakeRequest(
            http::verb::post, "/api/v1/territories/align_jobs", R"({"scope":")" + rep_scope + R"(","tau":0.5})",
            {starter->id}));
        ASSERT_EQ(started.result_int(), 202u) << started.body();
        const std::string id(boost::json::parse(started.body()).at("id").as_string());
        for (const Person* actor : Actors()) {
          if (actor == starter) continue;
          Expect(org().MakeRequest(r.method, "/api/v1/territories/align_jobs/" + id, "", {actor->id}), 404,
                 std::string(RoleName(actor->role)) + " asks for another's alignment run");
        }
        Expect(org().MakeRequest(r.method, "/api/v1/territories/align_jobs/" + id, "", {starter->id}),
               method == http::verb::get ? 200 : 204, std::string(RoleName(starter->role)) + " asks for their own run");
        FinishJob(*starter, id);
        Expect(org().MakeRequest(r.method, "/api/v1/territories/align_jobs/0123456789abcdef0123456789abcdef", "",
                                 {starter->id}),
               404, std::string(RoleName(starter->role)) + " asks for an unknown run");
      }
    };
  }
  e[Key(http::verb::post, "/api/v1/territories/apply")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor)) {
        // An empty alignment changes no owner: 200 once the caller may reassign the scope.
        const unsigned expected = !may_reassign(actor->role) ? 403
                                  : !visible(*actor, scope)  ? 404
                                  : has_sellers(scope)       ? 200
                                                             : 422;
        Expect(org().MakeRequest(r.method, r.pattern, R"({"scope":")" + scope.key + R"(","alignment":[]})",
                                 {actor->id}),
               expected, std::string(RoleName(actor->role)) + " applies territories to " + scope.key);
      }
  };
  e[Key(http::verb::post, "/api/v1/territories/what-if")] = [=, this](const Route& r) {
    for (const Person* actor : Actors())
      for (const Scope& scope : scopes_for(*actor)) {
        // An empty alignment leaves every account out: 422 once the caller may ask.
        const unsigned expected = !may_reassign(actor->role) ? 403 : !visible(*actor, scope) ? 404 : 422;
        Expect(org().MakeRequest(r.method, r.pattern, R"({"scope":")" + scope.key + R"(","alignment":[]})",
                                 {actor->id}),
               expected, std::string(RoleName(actor->role)) + " what-if for " + scope.key);
      }
  };
}

std::map<std::string, std::function<void(const Route&)>> RoutesTest::Expectations() {
  std::map<std::string, std::function<void(const Route&)>> e;
  auto each_actor = [this](unsigned (*status)(Role), http::verb method, std::string target,
                           std::function<std::string(const Person&)> body = {}) {
    for (const Person* actor : Actors())
      Expect(org().MakeRequest(method, target, body ? body(*actor) : "", {actor->id}), status(actor->role),
             std::string(RoleName(actor->role)) + " " + target);
  };
  e[Key(http::verb::get, "/api/v1/health")] = [=, this](const Route& r) {
    each_actor([](Role) { return 200u; }, r.method, r.pattern);
  };
  e[Key(http::verb::post, "/api/v1/session")] = [=, this](const Route& r) {
    each_actor([](Role) { return 200u; }, r.method, r.pattern, [](const Person& p) {
      return R"({"email":")" + p.email + R"(","password":")" + testing::kPassword + "\"}";
    });
  };
  e[Key(http::verb::delete_, "/api/v1/session")] = [=, this](const Route& r) {
    each_actor([](Role) { return 204u; }, r.method, r.pattern);
  };
  e[Key(http::verb::get, "/api/v1/me")] = [=, this](const Route& r) {
    each_actor([](Role) { return 200u; }, r.method, r.pattern);
  };
  e[Key(http::verb::get, "/api/v1/audit")] = [=, this](const Route& r) {
    each_actor([](Role role) { return role == Role::kAdmin ? 200u : 403u; }, r.method, r.pattern);
  };
  e[Key(http::verb::get, "/api/v1/dashboard")] = [=, this](const Route& r) {
    each_actor([](Role) { return 200u; }, r.method, r.pattern + "?from=2026-01-01&to=2026-12-31");
  };
  AddForecastExpectations(e);
  AddTerritoryExpectations(e);
  // Delphi: every signed-in user may read a study and answer it; only its moderator (the
  // owner) or an administrator closes a round.
  auto study_with_answers = [this] {
    const Record study = org().Insert(DelphiStudiesKind(), org().m1.id);
    for (const Person* expert : {&org().r1a, &org().r2a, &org().r3}) {
      Record a(&DelphiAnswersKind());
      a.Set("study_id", study.id);
      a.Set("round", std::int64_t{1});
      a.Set("expert_id", expert->id);
      a.Set("figure", 100.0 + static_cast<double>(expert->id));
      org().Insert(a);
    }
    return study.id;
  };
  e[Key(http::verb::get, "/api/v1/forecast/delphi/{id}")] = [=, this](const Route& r) {
    const Id study = study_with_answers();
    each_actor([](Role) { return 200u; }, r.method, "/api/v1/forecast/delphi/" + std::to_string(study));
  };
  e[Key(http::verb::post, "/api/v1/forecast/delphi/{id}/answer")] = [=, this](const Route& r) {
    const Id study = study_with_answers();
    each_actor([](Role) { return 200u; }, r.method, "/api/v1/forecast/delphi/" + std::to_string(study) + "/answer",
               [](const Person&) { return std::string(R"({"figure":120,"reason":"orders look firm"})"); });
  };
  e[Key(http::verb::post, "/api/v1/forecast/delphi/{id}/next")] = [=, this](const Route& r) {
    for (const Person* actor : Actors()) {
      const Id study = study_with_answers();
      const bool moderator = actor->id == org().m1.id || actor->role == Role::kAdmin;
      Expect(org().MakeRequest(r.method, "/api/v1/forecast/delphi/" + std::to_string(study) + "/next", "", {actor->id}),
             moderator ? 200 : 403, std::string(RoleName(actor->role)) + " closes a Delphi round");
    }
  };
  // The market methods are calculators over the figures sent: every signed-in user.
  const std::map<std::string, std::string> calculators = {
      {"/api/v1/forecast/test-market",
       R"({"regions":[{"region":"A","sales":10,"market_factor":100},{"region":"B","sales":30,"market_factor":200}],"market_factor_total":3000})"},
      {"/api/v1/forecast/survey", R"({"scale":"five","answers":[1,2,5,4],"market_size":1000})"},
      {"/api/v1/forecast/market-factor",
       R"({"territories":[{"territory":"East","factor":10},{"territory":"West","factor":20},{"territory":"North","factor":35}],"from":"2026-01-01","to":"2026-12-31"})"},
      {"/api/v1/forecast/buying-power",
       R"({"territories":[{"territory":"A","income":5,"retail_sales":3,"population":2},{"territory":"B","income":1,"retail_sales":1,"population":1}]})"}};
  for (const auto& [path, body] : calculators) {
    e[Key(http::verb::post, path)] = [=, this](const Route& r) {
      each_actor([](Role) { return 200u; }, r.method, r.pattern, [body](const Person&) { return body; });
    };
  }
  for (const KindSpec* kind : AllKinds()) AddRecordExpectations(e, *kind);
  return e;
}

TEST_F(RoutesTest, EveryRouteEveryRoleEveryOwnerGetsThePolicyStatus) {
  auto expectations = Expectations();
  std::set<std::string> covered;
  for (const Route& route : router().routes()) {
    const std::string key = Key(route.method, route.pattern);
    auto it = expectations.find(key);
    if (it == expectations.end()) {
      ADD_FAILURE() << "route " << key << " is in the table but routes_test.cc has no expectation for it";
      continue;
    }
    SCOPED_TRACE(key);
    covered.insert(key);
    it->second(route);
  }
  for (const auto& [key, check] : expectations)
    EXPECT_TRUE(covered.count(key)) << "routes_test.cc expects " << key << " but the route table has no such route";
  std::printf("checked %d route x role x owner combinations over %zu routes\n", checks_, router().routes().size());
}

TEST_F(RoutesTest, AnonymousCallersGet401OnEveryProtectedRoute) {
  for (const Route& route : router().routes()) {
    std::string target = route.pattern;
    if (auto at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, "1");
    Response res = router().Handle(org().MakeRequest(route.method, target, route.changes_state ? "{}" : ""));
    if (route.caller == Caller::kAnyone) {
      EXPECT_NE(res.result_int(), 401u) << Key(route.method, route.pattern) << " is public";
    } else {
      EXPECT_EQ(res.result_int(), 401u) << Key(route.method, route.pattern);
      EXPECT_EQ(res[http::field::content_type], "application/problem+json");
    }
  }
}

TEST_F(RoutesTest, ChangesWithoutTheCsrfTokenGet403) {
  int changes = 0;
  for (const Route& route : router().routes()) {
    if (!route.changes_state || route.caller == Caller::kAnyone) continue;
    ++changes;
    std::string target = route.pattern;
    if (auto at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, "1");
    for (const Auth& auth : {Auth{org().admin.id, false, ""}, Auth{org().admin.id, true, std::string(32, 'a')}}) {
      Response res = router().Handle(org().MakeRequest(route.method, target, "{}", auth, 1));
      EXPECT_EQ(res.result_int(), 403u) << Key(route.method, route.pattern);
      EXPECT_NE(res.body().find("missing or wrong CSRF token"), std::string::npos) << res.body();
    }
  }
  EXPECT_GT(changes, 20);
  // CSRF failures of a signed-in user are audited.
  auto tx = testing::Must(org().store().Begin(false));
  auto audit = testing::Must(tx->ListAudit(org().org(), 500, 0));
  bool found = false;
  for (const auto& entry : audit) found |= entry.action == "csrf" && entry.actor_id == org().admin.id;
  EXPECT_TRUE(found);
}

TEST_F(RoutesTest, UnknownApiPathsAre404AndWrongMethods405) {
  Response missing = router().Handle(org().MakeRequest(http::verb::get, "/api/v1/nope", "", {org().admin.id}));
  EXPECT_EQ(missing.result_int(), 404u);
  EXPECT_EQ(missing[http::field::content_type], "application/problem+json");
  Response wrong = router().Handle(org().MakeRequest(http::verb::put, "/api/v1/accounts/1", "{}", {org().admin.id}));
  EXPECT_EQ(wrong.result_int(), 405u);
  EXPECT_EQ(wrong[http::field::allow], "GET, PATCH, DELETE");
  // A {key} segment matches any token, and only where a pattern has one.
  Response job = router().Handle(
      org().MakeRequest(http::verb::put, "/api/v1/territories/align_jobs/abc", "{}", {org().admin.id}));
  EXPECT_EQ(job.result_int(), 405u);
  EXPECT_EQ(job[http::field::allow], "GET, DELETE");
  EXPECT_EQ(router().Handle(org().MakeRequest(http::verb::get, "/api/v1/accounts/abc", "", {org().admin.id})).result_int(),
            404u);
  EXPECT_EQ(router().Handle(org().MakeRequest(http::verb::get, "/api/v1/accounts/0")).result_int(), 404u);
  EXPECT_EQ(router().Handle(org().MakeRequest(http::verb::get, "/api/v1/accounts/99999999999999999999")).result_int(),
            404u);
}

}  // namespace
}  // namespace salesdesk::server
