-- Version 9: the Veilig Thuis workflow — advice requests and reports, their
-- classification and clocks, the safety assessment, Voorwaarden & Vervolg,
-- the investigation and the case plan (src/vt/, docs/vt.md).
-- SQLite dialect; keep in step with postgresql/0009_vt.sql.
-- (Version 8 is reserved for another capability.)

-- The configurable code list: forms of child abuse and other violence types.
CREATE TABLE vt_codes (
  code TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('child_abuse', 'violence')),
  label_nl TEXT NOT NULL,
  label_en TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO vt_codes (code, kind, label_nl, label_en, position) VALUES
  ('physical_abuse', 'child_abuse', 'Lichamelijke mishandeling', 'Physical abuse', 1),
  ('psychological_abuse', 'child_abuse', 'Psychische mishandeling', 'Psychological abuse', 2),
  ('physical_neglect', 'child_abuse', 'Lichamelijke verwaarlozing', 'Physical neglect', 3),
  ('psychological_neglect', 'child_abuse', 'Psychische verwaarlozing', 'Psychological neglect', 4),
  ('sexual_violence', 'child_abuse', 'Seksueel geweld', 'Sexual violence', 5),
  ('witnessing_dv', 'child_abuse', 'Getuige van huiselijk geweld', 'Witnessing domestic violence', 6),
  ('partner_violence', 'violence', '(Ex-)partnergeweld', '(Ex-)partner violence', 7),
  ('elder_abuse', 'violence', 'Ouderenmishandeling', 'Elder abuse', 8),
  ('honour_violence', 'violence', 'Eergerelateerd geweld', 'Honour-related violence', 9),
  ('other_violence', 'violence', 'Ander huiselijk geweld', 'Other domestic violence', 10);

-- An advice request (kind 'advice': no family data, may be anonymous) or a
-- report (kind 'report'), owned by a Veilig Thuis region (vt_org_id).
-- Deadlines are stored as computed at intake (with their explanation);
-- `version` is the optimistic lock: every save states the version it read.
CREATE TABLE vt_reports (
  id INTEGER PRIMARY KEY,
  vt_org_id INTEGER NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('advice', 'report')),
  channel TEXT NOT NULL CHECK (channel IN ('web', 'api')),
  reporter_type TEXT NOT NULL CHECK (reporter_type IN ('professional', 'bystander', 'self', 'police')),
  reporter_org_id INTEGER REFERENCES organisations (id),
  reporter_user_id INTEGER REFERENCES users (id),
  created_by INTEGER NOT NULL REFERENCES users (id),
  household_id INTEGER REFERENCES households (id),
  hwc_incident_id INTEGER,
  urgency TEXT NOT NULL CHECK (urgency IN ('acute', 'regular')),
  summary TEXT NOT NULL,
  advice_given TEXT NOT NULL DEFAULT '',
  classification TEXT CHECK (classification IN ('new', 'hermelding', 'vervolgmelding')),
  classification_reason TEXT NOT NULL DEFAULT '',
  received_ms INTEGER NOT NULL,
  received_date TEXT NOT NULL,                 -- Amsterdam civil date, YYYY-MM-DD
  acute_due_ms INTEGER,
  assessment_due_ms INTEGER,
  assessment_due_date TEXT,
  due_ms INTEGER,                              -- the nearest open deadline (queue order)
  deadline_explanation TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('advice', 'triage', 'investigation', 'vv', 'rvdk', 'handed_over', 'closed')),
  outcome TEXT CHECK (outcome IN ('investigation', 'rvdk', 'vv', 'handover', 'close')),
  outcome_reasons TEXT NOT NULL DEFAULT '',
  assessed_ms INTEGER,
  assessed_by INTEGER,
  assessment_late INTEGER NOT NULL DEFAULT 0 CHECK (assessment_late IN (0, 1)),
  investigation_due_ms INTEGER,
  investigation_done_ms INTEGER,
  investigation_late INTEGER NOT NULL DEFAULT 0 CHECK (investigation_late IN (0, 1)),
  warned_ms INTEGER,
  escalated_ms INTEGER,
  closed_ms INTEGER,
  assigned_user_id INTEGER REFERENCES users (id),
  contact_user_id INTEGER REFERENCES users (id),   -- vast aanspreekpunt
  family_profile TEXT,
  plan_phase TEXT CHECK (plan_phase IN ('direct_safety', 'stable_safety', 'recovery')),
  plan_text TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX vt_reports_queue ON vt_reports (vt_org_id, state, due_ms);
CREATE INDEX vt_reports_received ON vt_reports (received_date, vt_org_id);
CREATE INDEX vt_reports_household ON vt_reports (household_id);
CREATE INDEX vt_reports_due ON vt_reports (state, due_ms);

-- The people a report names (children, parents, others): the family.
CREATE TABLE vt_report_persons (
  report_id INTEGER NOT NULL REFERENCES vt_reports (id),
  person_id INTEGER NOT NULL REFERENCES persons (id),
  role TEXT NOT NULL CHECK (role IN ('child', 'parent', 'other')),
  PRIMARY KEY (report_id, person_id)
);
CREATE INDEX vt_report_persons_person ON vt_report_persons (person_id);

-- Violence types and forms of child abuse of a report (codes of vt_codes).
CREATE TABLE vt_report_codes (
  report_id INTEGER NOT NULL REFERENCES vt_reports (id),
  code TEXT NOT NULL REFERENCES vt_codes (code),
  PRIMARY KEY (report_id, code)
);

-- The reporter's identity, kept apart from the report. stay_unknown: the
-- family must not learn who reported; only the VT roles that need it see it.
CREATE TABLE vt_reporters (
  report_id INTEGER PRIMARY KEY REFERENCES vt_reports (id),
  name TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  stay_unknown INTEGER NOT NULL DEFAULT 0 CHECK (stay_unknown IN (0, 1))
);

-- Voorwaarden & Vervolg: safety conditions agreed with the family.
CREATE TABLE vt_conditions (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES vt_reports (id),
  text TEXT NOT NULL,
  partner TEXT NOT NULL,
  monitor_date TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'met', 'not_met')),
  checked_ms INTEGER,
  checked_by INTEGER,
  note TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE INDEX vt_conditions_report ON vt_conditions (report_id);

-- Investigation findings per violence type, and who was heard (hoor en wederhoor).
CREATE TABLE vt_findings (
  report_id INTEGER NOT NULL REFERENCES vt_reports (id),
  code TEXT NOT NULL REFERENCES vt_codes (code),
  finding TEXT NOT NULL CHECK (finding IN ('bevestigd', 'niet_bevestigd', 'weerlegd')),
  recorded_ms INTEGER NOT NULL,
  PRIMARY KEY (report_id, code)
);
CREATE TABLE vt_hearings (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES vt_reports (id),
  who TEXT NOT NULL,
  heard_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('hoor', 'wederhoor')),
  recorded_ms INTEGER NOT NULL
);
CREATE INDEX vt_hearings_report ON vt_hearings (report_id);
