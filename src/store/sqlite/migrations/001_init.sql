-- salesdesk schema, version 1 (SQLite). Tenant tables carry org_id; every secondary key
-- starts with org_id. Ids are global row ids so a row can be named by id alone in URLs;
-- UNIQUE (org_id, id) lets child rows reference a parent in the same organisation only.
-- Money is INTEGER minor units of the row's currency.

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  name TEXT NOT NULL,
  manager_id INTEGER,
  parent_id INTEGER,
  region TEXT,
  UNIQUE (org_id, id),
  UNIQUE (org_id, name),
  FOREIGN KEY (org_id, parent_id) REFERENCES teams(org_id, id)
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'executive', 'manager', 'rep')),
  manager_id INTEGER,
  team_id INTEGER,
  time_zone TEXT,
  locale TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  UNIQUE (org_id, id),
  UNIQUE (org_id, email),
  FOREIGN KEY (org_id, manager_id) REFERENCES users(org_id, id),
  FOREIGN KEY (org_id, team_id) REFERENCES teams(org_id, id)
) STRICT;
CREATE INDEX users_by_email ON users(email);
CREATE INDEX users_by_manager ON users(org_id, manager_id);

CREATE TABLE credentials (
  org_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  password_hash TEXT NOT NULL DEFAULT '',
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  org_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX sessions_by_user ON sessions(org_id, user_id);

CREATE TABLE rep_profiles (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  user_id INTEGER NOT NULL,
  skills TEXT,
  experience_years REAL,
  weekly_capacity_hours REAL,
  strengths TEXT,
  weaknesses TEXT,
  home_city TEXT,
  home_lat REAL,
  home_lon REAL,
  UNIQUE (org_id, user_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  external_id TEXT NOT NULL,
  name TEXT NOT NULL,
  industry TEXT,
  city TEXT,
  country TEXT,
  lat REAL,
  lon REAL,
  potential INTEGER,
  currency TEXT NOT NULL,
  owner_id INTEGER,
  territory TEXT,
  UNIQUE (org_id, id),
  UNIQUE (org_id, external_id),
  FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id)
) STRICT;
CREATE INDEX accounts_by_owner ON accounts(org_id, owner_id);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  account_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT,
  title TEXT,
  UNIQUE (org_id, account_id, email),
  FOREIGN KEY (org_id, account_id) REFERENCES accounts(org_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT,
  unit_price INTEGER NOT NULL,
  currency TEXT NOT NULL,
  UNIQUE (org_id, id),
  UNIQUE (org_id, sku)
) STRICT;

CREATE TABLE opportunities (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  external_id TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  stage TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  close_date TEXT NOT NULL,
  probability REAL,
  forecast_category TEXT NOT NULL,
  owner_id INTEGER,
  lost_reason TEXT,
  UNIQUE (org_id, external_id),
  FOREIGN KEY (org_id, account_id) REFERENCES accounts(org_id, id),
  FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id)
) STRICT;
CREATE INDEX opportunities_by_owner ON opportunities(org_id, owner_id);
CREATE INDEX opportunities_by_close ON opportunities(org_id, close_date);

-- Sales lines are the biggest table (millions of rows): one index only, the natural key,
-- which also serves date-range scans for the dashboard.
CREATE TABLE sales (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  date TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  rep_id INTEGER,
  quantity REAL NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  UNIQUE (org_id, date, account_id, product_id, rep_id),
  FOREIGN KEY (org_id, account_id) REFERENCES accounts(org_id, id),
  FOREIGN KEY (org_id, product_id) REFERENCES products(org_id, id),
  FOREIGN KEY (org_id, rep_id) REFERENCES users(org_id, id)
) STRICT;

CREATE TABLE quotas (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  rep_id INTEGER NOT NULL,
  period TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  UNIQUE (org_id, rep_id, period),
  FOREIGN KEY (org_id, rep_id) REFERENCES users(org_id, id)
) STRICT;

CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  user_id INTEGER,
  type TEXT NOT NULL,
  account_id INTEGER,
  started_at TEXT NOT NULL,
  minutes REAL NOT NULL,
  note TEXT,
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id),
  FOREIGN KEY (org_id, account_id) REFERENCES accounts(org_id, id)
) STRICT;
CREATE INDEX activities_by_user ON activities(org_id, user_id, started_at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_org ON audit_log(org_id, at);
