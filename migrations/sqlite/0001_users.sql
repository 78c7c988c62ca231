-- The `users` table: the twin of migrations/postgres/0001_users.sql, with the same columns.
--
-- SQLite has no roles or Row Level Security: one process owns the file, and the store scopes every
-- query to one person by its `where` clause. WAL mode, foreign keys and the busy timeout are
-- connection settings, set by app/src/server/db.rs on every connection (`journal_mode = wal` is
-- also persistent in the file once set).
--
-- Types: ids are hyphenated UUID text; timestamps are RFC 3339 text in UTC with milliseconds
-- (what `strftime('%Y-%m-%dT%H:%M:%fZ')` writes and chrono reads); JSON is text that must be valid.

create table if not exists users (
  -- A random (version 4) UUID when the insert names none; the app always names one.
  id text primary key not null default (
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
    substr(lower(hex(randomblob(2))), 2) || '-' ||
    substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
    lower(hex(randomblob(6)))
  ),
  clerk_user_id text not null unique,
  username text not null unique,
  email text not null,
  resume text check (resume is null or json_valid(resume)),
  created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  islive integer not null default 0 check (islive in (0, 1)),
  style text not null default 'simple' check (style in ('simple', 'bento'))
);

create index if not exists users_clerk_user_id_idx on users (clerk_user_id);
create index if not exists users_username_idx on users (username);
-- Public pages match usernames case-insensitively, as on Postgres.
create unique index if not exists users_username_lower_key on users (lower(username));

-- SQLite triggers cannot change the row being written, so this one updates it again afterwards.
-- The `when` clause skips statements that set `updated_at` themselves (the store does, so that
-- `returning` reports the new value) and keeps the trigger from firing on its own update.
create trigger if not exists users_updated_at after update on users
  for each row when new.updated_at is old.updated_at
begin
  update users set updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where id = new.id;
end;
