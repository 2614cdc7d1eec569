// Set-up use cases for the command line: create the organisation, add and disable
// users, reset passwords, load the demo. They act as the system (no signed-in user) and
// are audited as such (actor 0).
#pragma once

#include <string>

#include "app/access.h"

namespace salesdesk::app {

// The organisation of a single-tenant database, created on first use ("salesdesk", CNY).
Result<Id> DefaultOrganisation(Store& store);

struct NewUser {
  std::string email, name, role, manager_email, time_zone = "Asia/Shanghai", locale = "zh-CN";
  std::string password;
};
// Adds a user with a password to the default organisation. kAlreadyExists for a taken
// e-mail; kInvalidArgument naming the field otherwise.
Result<Id> AddUser(Store& store, const NewUser& user);
Status DisableUser(Store& store, const std::string& email, bool disabled);
Status ResetPassword(Store& store, const std::string& email, const std::string& password);

// A system actor with organisation-wide reach (for CLI imports without --as).
Result<Actor> SystemActor(Store& store);
// The actor for `email` (for `import --as`).
Result<Actor> ActorByEmail(Store& store, const std::string& email);

struct DemoSummary {
  std::string admin_email, password;
  std::int64_t users = 0, accounts = 0, sales = 0, opportunities = 0;
};
// Loads the demo organisation into an empty database from the data files in
// `data_dir` (cities.csv, m3_monthly.csv). kAlreadyExists when the database has users.
// `progress` receives human-readable steps.
Result<DemoSummary> LoadDemo(Store& store, const std::string& data_dir, const std::string& today,
                             const std::function<void(const std::string&)>& progress);

}  // namespace salesdesk::app
