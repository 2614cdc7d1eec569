-- salesdesk schema, version 2: kept forecasts (issue 3). A forecast is a figure for one
-- period and scope, made by a method, a person or the engine, kept for scoring.
-- scope_user_id NULL = the whole organisation. Money in minor units of `currency`.

CREATE TABLE forecasts (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  owner_id INTEGER,
  scope_user_id INTEGER,
  period TEXT NOT NULL,
  method TEXT NOT NULL,
  model TEXT,
  amount INTEGER NOT NULL,
  lo80 INTEGER,
  hi80 INTEGER,
  lo95 INTEGER,
  hi95 INTEGER,
  currency TEXT NOT NULL,
  made_on TEXT NOT NULL,
  note TEXT,
  FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id),
  FOREIGN KEY (org_id, scope_user_id) REFERENCES users(org_id, id)
) STRICT;
CREATE INDEX forecasts_by_owner ON forecasts(org_id, owner_id);
CREATE INDEX forecasts_by_scope ON forecasts(org_id, scope_user_id, period);
