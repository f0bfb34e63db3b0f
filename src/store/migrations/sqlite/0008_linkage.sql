-- Version 8: record linkage without a BSN — the review queue for unlinked
-- signals and the decisions Veilig Thuis made (src/linkage/, docs/identity.md).
-- SQLite dialect; keep in step with postgresql/0008_linkage.sql.

-- Which unlinked signals the linker has looked at, and what it concluded:
-- 'auto_linked', 'review' (candidates in linkage_reviews), 'no_candidate'.
-- No-candidate checks are dropped when the index is rebuilt from a changed
-- register, so a child registered later (a newborn) is still found.
CREATE TABLE linkage_checks (
  signal_id INTEGER PRIMARY KEY REFERENCES signals (id) ON DELETE CASCADE,
  outcome TEXT NOT NULL CHECK (outcome IN ('auto_linked', 'review', 'no_candidate')),
  person_id INTEGER REFERENCES persons (id),
  reason TEXT NOT NULL DEFAULT '',
  checked_ms INTEGER NOT NULL
);

-- Candidates for a Veilig Thuis worker to confirm or reject, best first.
CREATE TABLE linkage_reviews (
  id INTEGER PRIMARY KEY,
  signal_id INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES persons (id),
  position INTEGER NOT NULL,
  score REAL NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed', 'rejected', 'closed')),
  created_ms INTEGER NOT NULL,
  decided_by INTEGER REFERENCES users (id),
  decided_ms INTEGER,
  UNIQUE (signal_id, person_id)
);
CREATE INDEX linkage_reviews_open ON linkage_reviews (state, signal_id);

-- Decisions kept for good: a must-link (confirmed) or cannot-link (rejected)
-- pair of a signal and a register person. The linker never proposes a
-- cannot-link pair again.
CREATE TABLE linkage_decisions (
  id INTEGER PRIMARY KEY,
  signal_id INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES persons (id),
  kind TEXT NOT NULL CHECK (kind IN ('must_link', 'cannot_link')),
  user_id INTEGER NOT NULL REFERENCES users (id),
  decided_ms INTEGER NOT NULL,
  UNIQUE (signal_id, person_id)
);
