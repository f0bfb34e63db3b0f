-- Version 1: the register, users and sessions, and the access log.
-- SQLite dialect; keep in step with postgresql/0001_register.sql.
-- Empty external keys are stored as NULL (records entered by hand have none).

CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  ext_ref TEXT UNIQUE,
  street TEXT NOT NULL DEFAULT '',
  house_number TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  postcode_norm TEXT NOT NULL DEFAULT '',      -- upper case, no spaces: "1234AB"
  city TEXT NOT NULL DEFAULT '',
  municipality_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX households_postcode_norm ON households (postcode_norm);

CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  ext_ref TEXT UNIQUE,
  bsn_pseudonym TEXT UNIQUE,
  first_name TEXT NOT NULL DEFAULT '',
  tussenvoegsel TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  first_name_lc TEXT NOT NULL DEFAULT '',      -- search keys: lower case, no diacritics
  last_name_lc TEXT NOT NULL DEFAULT '',
  birth_date TEXT NOT NULL CHECK (length(birth_date) = 10),   -- 'YYYY-MM-DD'
  sex TEXT NOT NULL CHECK (sex IN ('M', 'V', 'O')),
  household_id INTEGER REFERENCES households (id),
  relation TEXT NOT NULL CHECK (relation IN ('child', 'parent', 'carer'))
);
CREATE INDEX persons_last_name_lc ON persons (last_name_lc);
CREATE INDEX persons_first_name_lc ON persons (first_name_lc);
CREATE INDEX persons_birth_date ON persons (birth_date);
CREATE INDEX persons_household_id ON persons (household_id);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  ext_ref TEXT UNIQUE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  municipality_code TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  school_type TEXT NOT NULL DEFAULT '',
  region TEXT CHECK (region IN ('north', 'middle', 'south')),
  start_time TEXT NOT NULL DEFAULT '08:30'
);

CREATE TABLE enrolments (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons (id),
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  from_date TEXT NOT NULL CHECK (length(from_date) = 10),
  to_date TEXT CHECK (to_date IS NULL OR length(to_date) = 10),
  UNIQUE (person_id, org_id, from_date)
);
CREATE INDEX enrolments_person_id ON enrolments (person_id);
CREATE INDEX enrolments_org_id ON enrolments (org_id);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL DEFAULT '',
  totp_secret TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,     -- unix seconds
  created_at INTEGER NOT NULL                  -- unix seconds
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_s INTEGER NOT NULL,
  expires_s INTEGER NOT NULL,
  second_factor_done INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_done IN (0, 1))
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- The access log (NEN 7513): append-only and hash-chained. No foreign keys: an
-- entry must outlive anything it mentions.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  org_id INTEGER NOT NULL,
  org_name TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  person_id INTEGER,
  detail TEXT NOT NULL,
  responsibility TEXT NOT NULL,
  reason TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_person_id ON audit_log (person_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- The one row appends lock and advance: the serialisation point of the chain.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '');
