-- Version 11: the child's voice (src/voice/, docs/voice.md). SQLite
-- dialect; keep in step with postgresql/0011_voice.sql.

-- Trusted adults: a user registered by their organisation for a role towards
-- children (school trusted person, JIM mentor, Handle with Care contact). The
-- adult accepts the role; an adult who left the organisation keeps the row
-- (left_ms) so a child is told kindly and can choose another.
CREATE TABLE voice_adults (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('trusted_person', 'jim_mentor', 'hwc_contact')),
  display_name TEXT NOT NULL,          -- how children see the adult: "juf Sanne"
  registered_by BIGINT NOT NULL REFERENCES users (id),
  registered_ms BIGINT NOT NULL,
  accepted_ms BIGINT,
  left_ms BIGINT
);
CREATE INDEX voice_adults_org ON voice_adults (org_id);

-- A child's place: opened with a personal code or a passphrase, stored only as
-- a keyed hash (BLAKE2b under voice.key). No name, e-mail or phone number: the
-- nickname is the child's own choice.
CREATE TABLE voice_children (
  id INTEGER PRIMARY KEY,
  code_hash TEXT NOT NULL UNIQUE,
  code_kind TEXT NOT NULL CHECK (code_kind IN ('code', 'passphrase')),
  org_id BIGINT NOT NULL REFERENCES organisations (id),     -- the issuing organisation
  issued_by BIGINT NOT NULL REFERENCES users (id),
  issued_ms BIGINT NOT NULL,
  hwc_notice_id BIGINT REFERENCES hwc_notices (id),         -- invited after a Handle with Care notice
  nickname TEXT NOT NULL DEFAULT '',
  last_seen_ms BIGINT
);

-- The adults a child has chosen now (a change deletes or adds rows).
CREATE TABLE voice_choices (
  child_id BIGINT NOT NULL REFERENCES voice_children (id),
  adult_id BIGINT NOT NULL REFERENCES voice_adults (id),
  chosen_ms BIGINT NOT NULL,
  PRIMARY KEY (child_id, adult_id)
);
CREATE INDEX voice_choices_adult ON voice_choices (adult_id);

-- The child's sessions: only the SHA-256 of the cookie's token is stored.
CREATE TABLE voice_sessions (
  id_hash TEXT PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES voice_children (id),
  csrf TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL
);
CREATE INDEX voice_sessions_child ON voice_sessions (child_id);

-- The thread of one child: messages, talk requests, moods and replies. The
-- content is sealed (XChaCha20-Poly1305 under voice.key, bound to the child).
CREATE TABLE voice_messages (
  id INTEGER PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES voice_children (id),
  author TEXT NOT NULL CHECK (author IN ('child', 'adult')),
  adult_id BIGINT REFERENCES voice_adults (id),             -- the replying adult
  kind TEXT NOT NULL CHECK (kind IN ('message', 'talk', 'mood', 'reply')),
  sealed TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  due_ms BIGINT,                -- child's messages and talk requests: answer before this moment
  answered_ms BIGINT,
  reminded_ms BIGINT
);
CREATE INDEX voice_messages_child ON voice_messages (child_id, id);
CREATE INDEX voice_messages_open ON voice_messages (due_ms) WHERE answered_ms IS NULL;

-- Escalations by the adult to the school's contact or to Veilig Thuis, with the
-- child's own words (sealed copy of the selected messages), the consent or the
-- legal ground.
CREATE TABLE voice_escalations (
  id INTEGER PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES voice_children (id),
  adult_id BIGINT NOT NULL REFERENCES voice_adults (id),
  by_user_id BIGINT NOT NULL REFERENCES users (id),
  target TEXT NOT NULL CHECK (target IN ('school_contact', 'vt')),
  org_id BIGINT NOT NULL REFERENCES organisations (id),     -- the child's school (it gave the code)
  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
  legal_ground TEXT NOT NULL DEFAULT '',
  concern TEXT NOT NULL DEFAULT '',                         -- the adult's own summary (sealed)
  message_ids TEXT NOT NULL,
  words_sealed TEXT NOT NULL,
  recipients INTEGER NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  vt_report_id BIGINT,                                      -- to Veilig Thuis: the advice request (vt_reports.id)
  CHECK (consent = 1 OR legal_ground <> '')
);
CREATE INDEX voice_escalations_child ON voice_escalations (child_id);

-- Failed code attempts per bucket (client address or code prefix, both as
-- keyed hashes), in fixed windows; shared by every instance.
CREATE TABLE voice_rate_limits (
  bucket TEXT PRIMARY KEY,
  window_start_ms BIGINT NOT NULL,
  failures INTEGER NOT NULL
);
