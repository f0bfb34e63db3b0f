-- Version 2: the durable outbox, the in-app inbox, and scheduled job runs.
-- SQLite dialect; keep in step with postgresql/0002_outbox.sql.

-- One row per notice to deliver. Delivered rows stay (they are the record that
-- a notice went out); queued rows are retried with backoff, never dropped.
-- A claim sets lease_owner/lease_until_ms; a worker may complete an item only
-- while its lease is still its own (fencing).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL CHECK (channel IN ('inbox', 'email', 'webhook')),
  recipient TEXT NOT NULL,              -- inbox: user id; email: address; webhook: URL
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'delivered')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  delivered_ms INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT,
  lease_until_ms INTEGER
);
CREATE INDEX outbox_state_next_attempt ON outbox (state, next_attempt_ms);

-- A message in a user's in-app inbox. outbox_id is unique: one outbox item
-- can never become two messages, whoever delivers it and however often.
CREATE TABLE inbox_messages (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  read_ms INTEGER
);
CREATE INDEX inbox_messages_user_id ON inbox_messages (user_id, id);

-- One row per (job, period slot) that some instance ran: the primary key makes
-- exactly one instance win a slot.
CREATE TABLE job_runs (
  job TEXT NOT NULL,
  slot INTEGER NOT NULL,
  owner TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER,
  PRIMARY KEY (job, slot)
);
