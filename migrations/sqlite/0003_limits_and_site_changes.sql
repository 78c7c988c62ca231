-- Limits that outlive a restart and hold for every process on this file. Twin of
-- migrations/postgres/0003_limits_and_site_changes.sql, which explains the columns. SQLite has no
-- NOTIFY: a page changed by another process (the command line) is checked before it is served
-- once it is a second old (see app/src/server/site_cache.rs).

create table if not exists limit_counters (
  key text primary key not null,
  hits integer not null,
  resets_at integer not null
);

create index if not exists limit_counters_resets_at_idx on limit_counters (resets_at);
