-- SQLite only: the access log moves to a database file of its own there.
-- PostgreSQL keeps it where it is; this version exists so that both backends
-- share their version numbers.
SELECT 1;
