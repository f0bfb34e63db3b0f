-- Version 10: the meldcode (src/meldcode/, docs/meldcode.md). SQLite
-- dialect; keep in step with postgresql/0010_meldcode.sql.

-- One record per meldcode route of a professional: it belongs to the
-- organisation (colleagues read it, nobody else). Steps 1–3 are columns
-- (their latest text; meldcode_events keeps every save), the afwegingskader's
-- answers q1..q5 (NULL = not answered, 0 = no, 1 = yes) with their reasons, and
-- the decision. `version` is the optimistic lock: every write names the version
-- it read and bumps it.
CREATE TABLE meldcode_records (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  person_id INTEGER NOT NULL REFERENCES persons (id),
  client_kind TEXT NOT NULL CHECK (client_kind IN ('child', 'adult')),
  signal_id INTEGER,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'help', 'reported', 'closed')),
  version INTEGER NOT NULL DEFAULT 1,
  s1_signals TEXT NOT NULL DEFAULT '',
  s1_kindcheck TEXT NOT NULL DEFAULT '' CHECK (s1_kindcheck IN ('', 'yes', 'no')),
  s1_kindcheck_children TEXT NOT NULL DEFAULT '',
  s1_ms INTEGER,
  s2_colleague TEXT NOT NULL DEFAULT '',
  s2_advice TEXT NOT NULL DEFAULT '',
  s2_vt INTEGER NOT NULL DEFAULT 0 CHECK (s2_vt IN (0, 1)),
  s2_forensic INTEGER NOT NULL DEFAULT 0 CHECK (s2_forensic IN (0, 1)),
  s2_notes TEXT NOT NULL DEFAULT '',
  s2_ms INTEGER,
  s3_parents TEXT NOT NULL DEFAULT '',
  s3_child TEXT NOT NULL DEFAULT '',
  s3_ms INTEGER,
  q1 INTEGER CHECK (q1 IN (0, 1)), q1_reasons TEXT NOT NULL DEFAULT '',
  q2 INTEGER CHECK (q2 IN (0, 1)), q2_reasons TEXT NOT NULL DEFAULT '',
  q3 INTEGER CHECK (q3 IN (0, 1)), q3_reasons TEXT NOT NULL DEFAULT '',
  q4 INTEGER CHECK (q4 IN (0, 1)), q4_reasons TEXT NOT NULL DEFAULT '',
  q5 INTEGER CHECK (q5 IN (0, 1)), q5_reasons TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'report', 'help', 'close')),
  decision_reasons TEXT NOT NULL DEFAULT '',
  decided_ms INTEGER,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  updated_by INTEGER NOT NULL
);
CREATE INDEX meldcode_records_org ON meldcode_records (org_id, updated_ms);
CREATE INDEX meldcode_records_person ON meldcode_records (person_id);

-- Every save, answer, consultation, decision and reminder: who, when, what —
-- the decision and its reasons stay traceable.
CREATE TABLE meldcode_events (
  id INTEGER PRIMARY KEY,
  record_id INTEGER NOT NULL REFERENCES meldcode_records (id),
  at_ms INTEGER NOT NULL,
  user_id INTEGER,
  user_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('created', 'step', 'answer', 'consultation', 'decision', 'reminder')),
  step INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL
);
CREATE INDEX meldcode_events_record ON meldcode_events (record_id, id);

-- Follow-up agreements of "help" (and of a close after question 5), with a
-- review date; the job meldcode.reviews reminds the professional on that day.
CREATE TABLE meldcode_agreements (
  id INTEGER PRIMARY KEY,
  record_id INTEGER NOT NULL REFERENCES meldcode_records (id),
  agreements TEXT NOT NULL,
  review_date TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  reminded_ms INTEGER
);
CREATE INDEX meldcode_agreements_due ON meldcode_agreements (review_date) WHERE reminded_ms IS NULL;
CREATE INDEX meldcode_agreements_record ON meldcode_agreements (record_id);

-- What was sent to Veilig Thuis: a report (melding) pre-filled from the record,
-- or an anonymous consultation (advice request, no family data: person_id is
-- NULL). Veilig Thuis sees a record only as far as it is here. Written in the
-- decision's transaction as 'to_vt'; 'forwarded' once Veilig Thuis' intake
-- registered it (vt_report_id).
CREATE TABLE meldcode_vt_requests (
  id INTEGER PRIMARY KEY,
  record_id INTEGER NOT NULL REFERENCES meldcode_records (id),
  kind TEXT NOT NULL CHECK (kind IN ('report', 'advice')),
  state TEXT NOT NULL DEFAULT 'to_vt' CHECK (state IN ('to_vt', 'forwarded')),
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  person_id INTEGER REFERENCES persons (id),
  content TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  vt_report_id INTEGER,
  forwarded_ms INTEGER,
  CHECK (kind = 'report' OR person_id IS NULL)
);
CREATE INDEX meldcode_vt_requests_state ON meldcode_vt_requests (state, id);
CREATE INDEX meldcode_vt_requests_record ON meldcode_vt_requests (record_id);
