-- salesdesk schema, version 4: territory plans in five phases and their action items
-- (issue 4). A plan row is one revision; a new save adds a row.

CREATE TABLE territory_plans (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  title TEXT NOT NULL,
  owner_id INTEGER,
  horizon TEXT NOT NULL,
  revision INTEGER NOT NULL,
  status TEXT NOT NULL,
  market_trends TEXT, top_customers TEXT, prospects TEXT, funding_gap TEXT,
  missing_features TEXT, service_gaps TEXT, marketing_problems TEXT,
  strengths TEXT, weaknesses TEXT, opportunities TEXT, threats TEXT,
  goals TEXT, market_factors TEXT, action_plan TEXT,
  strategies TEXT, lead_generation TEXT, feasibility TEXT,
  UNIQUE (org_id, id),
  UNIQUE (org_id, title),
  FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id)
) STRICT;

CREATE INDEX territory_plans_by_owner ON territory_plans(org_id, owner_id);

CREATE TABLE plan_actions (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  plan_id INTEGER NOT NULL,
  owner_id INTEGER,
  title TEXT NOT NULL,
  resources TEXT,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL,
  last_review TEXT,
  review_note TEXT,
  FOREIGN KEY (org_id, plan_id) REFERENCES territory_plans(org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id)
) STRICT;
CREATE INDEX plan_actions_by_owner ON plan_actions(org_id, owner_id, deadline);
