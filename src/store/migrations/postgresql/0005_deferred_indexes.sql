-- Secondary indexes that Store::Import took away while loading an empty table
-- and builds again once the load of that table is done (see store_import.cc;
-- used on SQLite only so far, kept here so both backends share the schema).
CREATE TABLE deferred_indexes (
  name TEXT COLLATE "C" PRIMARY KEY,
  tbl TEXT COLLATE "C" NOT NULL,
  sql TEXT NOT NULL
);
