-- salesdesk schema, version 3: Delphi studies and their anonymous answers (issue 3).

CREATE TABLE delphi_studies (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  owner_id INTEGER,
  question TEXT NOT NULL,
  scope_user_id INTEGER,
  period TEXT NOT NULL,
  threshold REAL NOT NULL,
  max_rounds INTEGER NOT NULL,
  round INTEGER NOT NULL,
  status TEXT NOT NULL,
  UNIQUE (org_id, id),
  UNIQUE (org_id, question),
  FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id),
  FOREIGN KEY (org_id, scope_user_id) REFERENCES users(org_id, id)
) STRICT;
CREATE INDEX delphi_studies_by_owner ON delphi_studies(org_id, owner_id);

CREATE TABLE delphi_answers (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  version INTEGER NOT NULL DEFAULT 1,
  study_id INTEGER NOT NULL,
  round INTEGER NOT NULL,
  expert_id INTEGER,
  figure REAL NOT NULL,
  reason TEXT,
  UNIQUE (org_id, study_id, round, expert_id),
  FOREIGN KEY (org_id, study_id) REFERENCES delphi_studies(org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, expert_id) REFERENCES users(org_id, id)
) STRICT;
CREATE INDEX delphi_answers_by_expert ON delphi_answers(org_id, expert_id);
