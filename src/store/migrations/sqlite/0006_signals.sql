-- Version 6: signals, matches, accumulation rules and the radar (src/signals/,
-- docs/signals.md). SQLite dialect; keep in step with postgresql/0006_signals.sql.

-- The configurable list of concern categories.
CREATE TABLE signal_categories (
  code TEXT PRIMARY KEY,
  label_nl TEXT NOT NULL,
  label_en TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO signal_categories (code, label_nl, label_en, position) VALUES
  ('safety_at_home', 'Veiligheid thuis', 'Safety at home', 1),
  ('neglect', 'Verwaarlozing', 'Neglect', 2),
  ('school_absence', 'Schoolverzuim', 'School absence', 3),
  ('parental_problems', 'Problemen van ouders', 'Parental problems', 4),
  ('development', 'Zorgen over de ontwikkeling', 'Concerns about development', 5),
  ('behaviour', 'Gedrag van het kind', 'Behaviour of the child', 6),
  ('other', 'Anders', 'Other', 7);

-- One signal per organisation per child while active (a second signal of the
-- same organisation updates it). An unknown child is kept as the subject_*
-- fields (and the BSN pseudonym when one was given) until it is linked.
CREATE TABLE signals (
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES persons (id),
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL REFERENCES signal_categories (code),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  note TEXT NOT NULL DEFAULT '',
  signal_date TEXT NOT NULL,
  subject_bsn_pseudonym TEXT,
  subject_first_name TEXT NOT NULL DEFAULT '',
  subject_last_name TEXT NOT NULL DEFAULT '',
  subject_birth_date TEXT NOT NULL DEFAULT '',
  subject_postcode TEXT NOT NULL DEFAULT '',
  subject_house_number TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'archived')),
  active_until TEXT NOT NULL,
  archive_until TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  archived_ms INTEGER
);
CREATE UNIQUE INDEX signals_one_active ON signals (person_id, org_id) WHERE state = 'active' AND person_id IS NOT NULL;
CREATE INDEX signals_person ON signals (person_id, state);
CREATE INDEX signals_org ON signals (org_id, state, updated_ms);
CREATE INDEX signals_active_until ON signals (state, active_until);
CREATE INDEX signals_archive_until ON signals (state, archive_until);
CREATE INDEX signals_unlinked_bsn ON signals (subject_bsn_pseudonym) WHERE person_id IS NULL;

-- Every registration and update of a signal: the history the radar and the
-- accumulation rules read (a signal row holds only its latest state).
CREATE TABLE signal_events (
  id INTEGER PRIMARY KEY,
  signal_id INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  person_id INTEGER REFERENCES persons (id),
  org_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('registered', 'updated', 'linked', 'archived')),
  category TEXT NOT NULL,
  level INTEGER NOT NULL,
  signal_date TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX signal_events_person ON signal_events (person_id, signal_date);
CREATE INDEX signal_events_signal ON signal_events (signal_id);

-- Two active signals of different organisations on the same child or on
-- members of one household (signal_a < signal_b). due_date: 10 working days.
CREATE TABLE signal_matches (
  id INTEGER PRIMARY KEY,
  signal_a INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  signal_b INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('same_child', 'household')),
  created_ms INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  coordinator_signal_id INTEGER,
  coordinator_ms INTEGER,
  followed_up_ms INTEGER,
  overdue_ms INTEGER,
  UNIQUE (signal_a, signal_b),
  CHECK (signal_a < signal_b)
);
CREATE INDEX signal_matches_b ON signal_matches (signal_b);
CREATE INDEX signal_matches_due ON signal_matches (followed_up_ms, overdue_ms, due_date);

-- The accumulation rules: configurable, versioned, every change audited.
CREATE TABLE signal_rules (
  code TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('accumulation', 'after_hwc')),
  scope TEXT NOT NULL CHECK (scope IN ('child', 'household')),
  min_signals INTEGER NOT NULL,
  min_orgs INTEGER NOT NULL,
  window_days INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1,
  updated_ms INTEGER NOT NULL DEFAULT 0,
  updated_by TEXT NOT NULL DEFAULT ''
);
INSERT INTO signal_rules (code, kind, scope, min_signals, min_orgs, window_days) VALUES
  ('stapeling', 'accumulation', 'household', 3, 2, 90),
  ('na_handle_with_care', 'after_hwc', 'child', 1, 1, 30);

-- A rule that fired: a review task for Veilig Thuis, saying which rule (and
-- version) and which signal events / Handle with Care notices. One open task
-- per rule and child.
CREATE TABLE signal_reviews (
  id INTEGER PRIMARY KEY,
  rule_code TEXT NOT NULL REFERENCES signal_rules (code),
  rule_version INTEGER NOT NULL,
  person_id INTEGER NOT NULL REFERENCES persons (id),
  fired_ms INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  event_ids TEXT NOT NULL DEFAULT '',
  hwc_notice_ids TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  closed_ms INTEGER,
  closed_by INTEGER,
  outcome TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX signal_reviews_open ON signal_reviews (rule_code, person_id) WHERE state = 'open';
CREATE INDEX signal_reviews_person ON signal_reviews (person_id);
CREATE INDEX signal_reviews_state ON signal_reviews (state, fired_ms);

-- Handle with Care notices by child: the radar and the rule "a signal after a Handle with Care notice".
CREATE INDEX hwc_notices_person ON hwc_notices (person_id, created_ms);
