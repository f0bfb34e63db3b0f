-- Version 4: Handle with Care (src/handlewithcare/, docs/handlewithcare.md).
-- SQLite dialect; keep in step with postgresql/0004_handlewithcare.sql.

-- One row per registered call-out. idem_key makes a second submission of the
-- same incident the same row (client key, or police reference + time + address).
CREATE TABLE hwc_incidents (
  id INTEGER PRIMARY KEY,
  idem_key TEXT NOT NULL UNIQUE,
  occurred_ms INTEGER NOT NULL,
  postcode_norm TEXT NOT NULL DEFAULT '',
  house_number TEXT NOT NULL DEFAULT '',
  police_ref TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL,            -- user id of the sender
  created_org INTEGER NOT NULL,
  created_ms INTEGER NOT NULL
);

CREATE TABLE hwc_incident_children (
  incident_id INTEGER NOT NULL REFERENCES hwc_incidents (id),
  person_id INTEGER NOT NULL REFERENCES persons (id),
  present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
  PRIMARY KEY (incident_id, person_id)
);

-- One notice per child per recipient per school day (merge_key): several
-- incidents before the same school day are one notice. Holds no incident data.
CREATE TABLE hwc_notices (
  id INTEGER PRIMARY KEY,
  merge_key TEXT NOT NULL UNIQUE,
  person_id INTEGER NOT NULL REFERENCES persons (id),
  org_id INTEGER NOT NULL REFERENCES organisations (id),   -- school, or leerplicht office
  recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('school', 'leerplicht')),
  reason TEXT NOT NULL DEFAULT '',        -- why this recipient (e.g. "niet ingeschreven")
  school_day TEXT NOT NULL,               -- 'YYYY-MM-DD' of the deadline (Amsterdam)
  due_ms INTEGER NOT NULL,
  due_explanation TEXT NOT NULL DEFAULT '',
  present INTEGER NOT NULL DEFAULT 0,
  sender_user_id INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  contacts INTEGER NOT NULL DEFAULT 0,    -- inbox recipients found (0: "school zonder contactpersoon")
  acknowledged_ms INTEGER,
  acknowledged_by INTEGER,
  deputy_escalated_ms INTEGER,
  deputy_count INTEGER NOT NULL DEFAULT 0,
  late_alerted_ms INTEGER,
  support_offered INTEGER CHECK (support_offered IN (0, 1)),
  talk_accepted INTEGER CHECK (talk_accepted IN (0, 1)),
  support_recorded_ms INTEGER
);
CREATE INDEX hwc_notices_org ON hwc_notices (org_id, due_ms);
CREATE INDEX hwc_notices_due ON hwc_notices (due_ms);

CREATE TABLE hwc_notice_incidents (
  notice_id INTEGER NOT NULL REFERENCES hwc_notices (id),
  incident_id INTEGER NOT NULL REFERENCES hwc_incidents (id),
  PRIMARY KEY (notice_id, incident_id)
);

-- The outbox items made for a notice: the notice itself, the deputy
-- escalation, and the late alert to the sender.
CREATE TABLE hwc_notice_deliveries (
  notice_id INTEGER NOT NULL REFERENCES hwc_notices (id),
  outbox_id INTEGER NOT NULL REFERENCES outbox (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('notice', 'deputy', 'late')),
  PRIMARY KEY (notice_id, outbox_id)
);

-- A school's own settings for Handle with Care: its webhook, and its own days
-- off / extra school days (overriding the regional calendar).
CREATE TABLE hwc_school_settings (
  org_id INTEGER PRIMARY KEY REFERENCES organisations (id),
  webhook_url TEXT NOT NULL DEFAULT ''
);
CREATE TABLE hwc_school_days (
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('off', 'school')),
  first_day TEXT NOT NULL CHECK (length(first_day) = 10),
  last_day TEXT NOT NULL CHECK (length(last_day) = 10),
  PRIMARY KEY (org_id, kind, first_day)
);
