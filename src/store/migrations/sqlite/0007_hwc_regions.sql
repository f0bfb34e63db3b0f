-- Version 7: Handle with Care settings per Veilig Thuis region, and the
-- leerplicht office's acknowledgement link (docs/handlewithcare.md).
-- SQLite dialect; keep in step with postgresql/0007_hwc_regions.sql.
-- (Version 6 is reserved for the signals migration.)

-- A region's agreement, keyed by its Veilig Thuis organisation. No row: the
-- defaults in HwcRegionConfig (ages 4-18, presence not included, police and
-- every VT role may register).
CREATE TABLE hwc_regions (
  org_id INTEGER PRIMARY KEY REFERENCES organisations (id),   -- kind 'veilig_thuis'
  min_age INTEGER NOT NULL CHECK (min_age BETWEEN 0 AND 23),
  max_age INTEGER NOT NULL CHECK (max_age BETWEEN 0 AND 23),
  include_present INTEGER NOT NULL DEFAULT 0 CHECK (include_present IN (0, 1)),
  registrant_roles TEXT NOT NULL,        -- comma-separated role names, e.g. 'police,vt_triage'
  updated_ms INTEGER NOT NULL,
  updated_by INTEGER NOT NULL,
  CHECK (min_age <= max_age)
);

-- Which municipalities a region covers: each municipality in at most one region.
CREATE TABLE hwc_region_municipalities (
  municipality_code TEXT PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES hwc_regions (org_id)
);
CREATE INDEX hwc_region_municipalities_org ON hwc_region_municipalities (org_id);

-- Whether the notice shows the child's presence (the region's setting when it
-- was made), and the SHA-256 of the acknowledgement link sent to a leerplicht
-- office (which has no InBeeld users).
ALTER TABLE hwc_notices ADD COLUMN include_present INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hwc_notices ADD COLUMN ack_token_hash TEXT;
CREATE UNIQUE INDEX hwc_notices_ack_token ON hwc_notices (ack_token_hash);
