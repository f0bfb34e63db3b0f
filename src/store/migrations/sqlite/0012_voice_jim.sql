-- Version 12: JIM mentors invited from the child's own network, and the
-- escalation to the school's contact as a meldcode record (src/voice/,
-- docs/voice.md). SQLite dialect; keep in step with postgresql/0012_voice_jim.sql.

-- An invitation of a JIM mentor (someone from the child's own network without
-- an InBeeld account) by the child's professional, by name and e-mail. Only a
-- SHA-256 of the one-time token in the e-mailed link is stored. For one
-- child's place (child_id: the child named them) or for the organisation.
-- Accepting creates a restricted jim_mentor account and the trusted-adult row
-- (adult_id); a withdrawn invitation or an expired one can no longer be used.
CREATE TABLE voice_jim_invitations (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  child_id BIGINT REFERENCES voice_children (id),
  name TEXT NOT NULL,                  -- how the child knows them: "oom Karim"
  email TEXT NOT NULL,                 -- lower case; the mentor's username once accepted
  invited_by BIGINT NOT NULL REFERENCES users (id),
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  accepted_ms BIGINT,
  withdrawn_ms BIGINT,
  adult_id BIGINT REFERENCES voice_adults (id),
  CHECK (accepted_ms IS NULL OR adult_id IS NOT NULL)
);
CREATE INDEX voice_jim_invitations_org ON voice_jim_invitations (org_id, id);

-- A JIM mentor invited for one child is offered to that child only (NULL: to
-- every child of the organisation, as before).
ALTER TABLE voice_adults ADD COLUMN child_id BIGINT REFERENCES voice_children (id);

-- The escalation to the school's contact and its meldcode record link each
-- other (no foreign keys: either side may be made first).
ALTER TABLE voice_escalations ADD COLUMN meldcode_record_id BIGINT;
ALTER TABLE meldcode_records ADD COLUMN voice_escalation_id BIGINT;
