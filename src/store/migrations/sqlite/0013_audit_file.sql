-- The access log moves to a database file of its own (<db>-audit, attached as
-- `audit` by every connection; see sqlite_connection.cc): its appends then no
-- longer invalidate the register's page cache in every other connection.
-- A transaction over two WAL files is atomic per file, not as a whole: if this
-- one stops between the two commits, the main file still holds the log and the
-- migration runs again, so whatever the audit file holds is replaced here.
DROP TABLE IF EXISTS audit.audit_log;
DROP TABLE IF EXISTS audit.audit_head;
CREATE TABLE audit.audit_log (
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
CREATE TABLE audit.audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit.audit_log SELECT * FROM main.audit_log ORDER BY seq;
INSERT INTO audit.audit_head SELECT * FROM main.audit_head;
CREATE INDEX audit.audit_log_person_id ON audit_log (person_id);
CREATE TRIGGER audit.audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit.audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
DROP TABLE main.audit_log;
DROP TABLE main.audit_head;
