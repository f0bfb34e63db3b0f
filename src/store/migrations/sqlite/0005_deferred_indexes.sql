-- Secondary indexes that Store::Import took away while loading an empty table
-- and builds again once the load of that table is done (see store_import.cc).
-- A row here after a crash means "build this index": the next Import does.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  tbl TEXT NOT NULL,
  sql TEXT NOT NULL
);
